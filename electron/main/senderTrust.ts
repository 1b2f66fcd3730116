/** The fields of Electron's WebFrameMain the trust check reads. */
export interface FrameLike {
  readonly url: string;
  readonly parent: FrameLike | null;
  readonly processId: number;
  readonly routingId: number;
}

/** The fields of an IpcMainInvokeEvent the trust check reads. */
export interface SenderEventLike {
  readonly sender: unknown;
  readonly senderFrame: FrameLike | null;
}

/** The fields of a BrowserWindow the trust check reads. */
export interface TrustedWindowLike {
  isDestroyed(): boolean;
  readonly webContents: { readonly mainFrame: FrameLike };
}

/**
 * Builds the predicate every IPC handler runs first. A message is trusted only if it comes
 * from our main window's webContents, from its top frame (never an iframe), and from a page
 * on one of our origins (app://arcflux, or the dev server in development). Anything else is
 * treated as a compromised or foreign renderer.
 */
export function createTrustedSenderCheck(
  getWindow: () => TrustedWindowLike | null,
  allowedOrigins: readonly string[],
): (event: SenderEventLike) => boolean {
  const origins = new Set(allowedOrigins.map((origin) => originOf(origin)).filter(isString));
  return (event) => {
    const window = getWindow();
    if (!window || window.isDestroyed()) return false;
    if (event.sender !== window.webContents) return false;
    const frame = event.senderFrame;
    if (!frame || frame.parent !== null) return false;
    const mainFrame = window.webContents.mainFrame;
    if (frame.processId !== mainFrame.processId || frame.routingId !== mainFrame.routingId) {
      return false;
    }
    const origin = originOf(frame.url);
    return origin !== null && origins.has(origin);
  };
}

/**
 * "scheme://host[:port]" of a URL, or null. WHATWG URL reports the origin of a custom
 * scheme such as app:// as "null", so the origin is rebuilt from its parts instead.
 */
export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    if (!parsed.host) return null;
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return null;
  }
}

function isString(value: string | null): value is string {
  return value !== null;
}
