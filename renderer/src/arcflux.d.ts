import type { DesktopApi } from '../../shared/contract/desktop';

/**
 * `window.arcflux`, exposed by electron/preload in the desktop app and absent in a
 * browser. Replies and payloads are `unknown` on purpose: the Electron bridge parses them
 * against the contract before anything else sees them.
 */
export interface ArcfluxWindowApi {
  call(name: string, input: unknown): Promise<unknown>;
  on(event: string, callback: (payload: unknown) => void): () => void;
  /** Saves a streamed method's reply to a file picked in a save dialog; see the preload. */
  download(name: string, input: unknown, onProgress: (progress: unknown) => void): Promise<unknown>;
  /** Desktop-only: the Circle key (write-only) and the global push-to-talk shortcut. */
  readonly desktop?: ArcfluxDesktopApi;
}

/** The desktop-only half, typed once with its messages in shared/contract/desktop. */
export type ArcfluxDesktopApi = DesktopApi;

declare global {
  interface Window {
    readonly arcflux?: ArcfluxWindowApi;
  }
}
