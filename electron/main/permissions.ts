import { originOf } from './senderTrust';

/** What Electron tells a permission handler about a media request. */
export interface PermissionDetails {
  requestingUrl?: string;
  mediaTypes?: readonly ('video' | 'audio')[];
}

/**
 * The one permission the window may have: the microphone (audio only, for push-to-talk),
 * and only for a page on our own origin. Camera, screen, notifications, geolocation,
 * clipboard and everything else are refused.
 */
export function isPermissionAllowed(
  permission: string,
  details: PermissionDetails,
  allowedOrigins: readonly string[],
): boolean {
  if (permission !== 'media') return false;
  const media = details.mediaTypes ?? [];
  if (media.length === 0 || media.some((type) => type !== 'audio')) return false;
  const origin = details.requestingUrl ? originOf(details.requestingUrl) : null;
  return origin !== null && allowedOrigins.some((allowed) => originOf(allowed) === origin);
}

/**
 * The synchronous permission check (navigator.permissions and friends): only "media" from
 * our own origin; the request handler above decides which kinds of media.
 */
export function isPermissionCheckAllowed(
  permission: string,
  requestingOrigin: string,
  allowedOrigins: readonly string[],
): boolean {
  if (permission !== 'media') return false;
  const origin = originOf(requestingOrigin);
  return origin !== null && allowedOrigins.some((allowed) => originOf(allowed) === origin);
}

/**
 * Links the user follows out of the app (target=_blank) open in the system browser, and
 * only plain web links do; file:, javascript:, custom schemes and anything else are dropped.
 * Returns whether it was opened.
 */
export function openExternalIfSafe(
  url: string,
  disposition: string,
  openExternal: (url: string) => Promise<void>,
): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return false;
  // A link the user clicked arrives as a new tab or window; a script's window.open with no
  // gesture arrives as "other" and is ignored.
  if (
    disposition !== 'foreground-tab' &&
    disposition !== 'background-tab' &&
    disposition !== 'new-window'
  ) {
    return false;
  }
  void openExternal(parsed.toString()).catch(() => undefined);
  return true;
}
