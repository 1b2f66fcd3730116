/** The IPC channels between preload and main; nothing else crosses. */
export const CALL_CHANNEL = 'arcflux:call';
export const EVENT_CHANNEL = 'arcflux:event';
/** A streamed method saved to a file main asks the user for; progress comes back beside it. */
export const DOWNLOAD_CHANNEL = 'arcflux:download';
export const DOWNLOAD_PROGRESS_CHANNEL = 'arcflux:download-progress';

/**
 * What the renderer sees as `window.arcflux`. Results and payloads are `unknown` here on
 * purpose: the renderer parses everything that comes out of the preload against the contract.
 */
export interface ArcfluxApi {
  call(name: string, input: unknown): Promise<unknown>;
  on(event: string, callback: (payload: unknown) => void): () => void;
  /**
   * Runs a streamed method and saves its reply to a file the user picks; `onProgress`
   * gets each progress report while it is written. Resolves to the result envelope.
   */
  download(name: string, input: unknown, onProgress: (progress: unknown) => void): Promise<unknown>;
}

/** The slice of ipcRenderer the preload uses, so the API can be built without Electron. */
export interface PreloadTransport {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/**
 * Builds `window.arcflux` from the contract's method and event names. Unknown names are
 * refused here, before anything is sent, and never reach the main process; main checks
 * again because a compromised renderer could bypass this object.
 */
export function createArcfluxApi(
  transport: PreloadTransport,
  names: { methods: readonly string[]; events: readonly string[] },
): ArcfluxApi {
  const methods = new Set(names.methods);
  const events = new Set(names.events);
  const listeners = new Map<string, Set<(payload: unknown) => void>>();

  const onEvent = (_event: unknown, name: unknown, payload: unknown): void => {
    if (typeof name !== 'string') return;
    for (const callback of listeners.get(name) ?? []) {
      try {
        callback(payload);
      } catch {
        // One failing subscriber must not starve the others.
      }
    }
  };

  return Object.freeze({
    call(name: string, input: unknown): Promise<unknown> {
      if (typeof name !== 'string' || !methods.has(name)) {
        return Promise.resolve(unknownMethod(name));
      }
      return transport.invoke(CALL_CHANNEL, name, input).catch(() => ({
        ok: false,
        error: {
          code: 'unavailable',
          message:
            'The ArcFlux window lost its connection to the app core. Restart ArcFlux; nothing was changed by this request.',
        },
      }));
    },
    download(
      name: string,
      input: unknown,
      onProgress: (progress: unknown) => void,
    ): Promise<unknown> {
      if (typeof name !== 'string' || !methods.has(name)) {
        return Promise.resolve(unknownMethod(name));
      }
      // Main runs one download per window at a time, so every report on the channel while
      // this one is pending belongs to it.
      const listener = (_event: unknown, progress: unknown) => {
        if (typeof onProgress !== 'function') return;
        try {
          onProgress(progress);
        } catch {
          // A failing progress callback must not stop the file being written.
        }
      };
      transport.on(DOWNLOAD_PROGRESS_CHANNEL, listener);
      return transport
        .invoke(DOWNLOAD_CHANNEL, name, input)
        .catch(() => ({
          ok: false,
          error: {
            code: 'unavailable',
            message:
              'The ArcFlux window lost its connection to the app core during the export. Restart ArcFlux and export again.',
          },
        }))
        .finally(() => transport.removeListener(DOWNLOAD_PROGRESS_CHANNEL, listener));
    },
    on(event: string, callback: (payload: unknown) => void): () => void {
      if (typeof event !== 'string' || !events.has(event) || typeof callback !== 'function') {
        return () => undefined;
      }
      if (listeners.size === 0) transport.on(EVENT_CHANNEL, onEvent as never);
      const set = listeners.get(event) ?? new Set();
      set.add(callback);
      listeners.set(event, set);
      return () => {
        set.delete(callback);
        if (set.size === 0) listeners.delete(event);
        if (listeners.size === 0) transport.removeListener(EVENT_CHANNEL, onEvent as never);
      };
    },
  });
}

function unknownMethod(name: unknown) {
  return {
    ok: false,
    error: {
      code: 'not_found',
      message: `"${String(name)}" is not an ArcFlux method. This is a bug in the window code; restart ArcFlux and report it if it repeats.`,
    },
  };
}
