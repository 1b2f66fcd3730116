import { downloadProgressSchema, savedDownloadSchema } from '../../../shared/contract/streamed';
import type { ArcfluxWindowApi } from '../arcflux';
import type { Bridge } from './bridge';
import { failure, parseDesktopReply, parseEvent, parseResult } from './envelope';

/**
 * The desktop door: `window.arcflux` from the preload. Replies and events are parsed
 * against the contract like any other door's, since the preload is the only thing between
 * this page and the main process.
 */
export function createElectronBridge(api: ArcfluxWindowApi): Bridge {
  return {
    kind: 'electron',
    async call(name, input) {
      try {
        return parseResult(name, await api.call(name, input));
      } catch {
        return failure(
          'unavailable',
          'The ArcFlux window lost its connection to the app core. Restart ArcFlux; nothing was changed by this request.',
        );
      }
    },
    async download(name, input, onProgress) {
      try {
        const reply = await api.download(name, input, (progress) => {
          const parsed = downloadProgressSchema.safeParse(progress);
          if (parsed.success) onProgress(parsed.data.records, parsed.data.total);
        });
        return parseDesktopReply(reply, savedDownloadSchema);
      } catch {
        return failure(
          'unavailable',
          'The ArcFlux window lost its connection to the app core during the export. Restart ArcFlux and export again.',
        );
      }
    },
    on(event, callback) {
      return api.on(event, (payload) => {
        const parsed = parseEvent(event, payload);
        if (parsed) callback(parsed);
      });
    },
    onConnectionChange(callback) {
      // IPC has no connection to lose while the window exists.
      callback('live');
      return () => undefined;
    },
  };
}
