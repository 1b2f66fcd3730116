import { z } from 'zod';
import { signedOutReason, type SignedOutReason } from './bridge';

/** sessionStorage: the token lives as long as this tab, and no other tab can read it. */
export const TOKEN_KEY = 'arcflux.sessionToken';

export interface SessionEnvironment {
  fetch: typeof fetch;
  storage: TokenStorage;
  /** The page's current address. */
  href: string;
  /** Replaces the address without navigating (history.replaceState). */
  replaceUrl(url: string): void;
}

/** The part of sessionStorage used; declared here so tests can run without a DOM. */
export interface TokenStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export type SessionOutcome =
  { kind: 'ready'; token: string } | { kind: 'none'; reason: SignedOutReason };

/**
 * Signs this tab in. `arcflux serve` prints an address ending in `#launch=CODE`; the code
 * is traded once for a bearer token kept in sessionStorage. The fragment is removed from
 * the address first, whatever happens next, so the code never lingers in history or on
 * screen. Without a code, a token saved earlier in this tab is reused.
 */
export async function establishSession(environment: SessionEnvironment): Promise<SessionOutcome> {
  const launchCode = takeLaunchCode(environment);
  const saved = environment.storage.getItem(TOKEN_KEY);
  if (!launchCode) {
    return saved ? { kind: 'ready', token: saved } : { kind: 'none', reason: 'not_signed_in' };
  }
  try {
    const response = await environment.fetch('/v1/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ launchCode }),
    });
    const raw: unknown = await response.json();
    const reply = sessionReplySchema.safeParse(raw);
    if (reply.success) {
      environment.storage.setItem(TOKEN_KEY, reply.data.data.token);
      return { kind: 'ready', token: reply.data.data.token };
    }
    // A used link opened again in a tab that is still signed in: keep that session.
    if (saved) return { kind: 'ready', token: saved };
    return { kind: 'none', reason: signedOutReason(raw, 'launch_code_unknown') };
  } catch {
    if (saved) return { kind: 'ready', token: saved };
    return { kind: 'none', reason: 'server_unreachable' };
  }
}

/** The error a call gets while the tab is signed out; the app shows its screen instead. */
export const NOT_SIGNED_IN =
  'This tab is not signed in to ArcFlux. Run `arcflux web` and open the link it prints.';

function takeLaunchCode(environment: SessionEnvironment): string | null {
  const url = new URL(environment.href);
  if (!url.hash) return null;
  const code = new URLSearchParams(url.hash.slice(1)).get('launch');
  if (code === null) return null;
  url.hash = '';
  environment.replaceUrl(url.pathname + url.search);
  return code || null;
}

const sessionReplySchema = z.object({
  ok: z.literal(true),
  data: z.object({ token: z.string().min(1) }),
});
