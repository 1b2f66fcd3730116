import type {
  EventName,
  EventPayload,
  MethodInput,
  MethodName,
  MethodOutput,
} from '../../../shared/contract';
import type { Result } from '../../../shared/errors';

/**
 * How the renderer reaches the core. The app never knows which door it uses: the
 * Electron bridge goes through the preload, the HTTP bridge through the headless server.
 * Both return the contract's result envelope and never throw.
 */
export interface Bridge {
  readonly kind: 'electron' | 'http';
  call<Name extends MethodName>(
    name: Name,
    input: MethodInput<Name>,
  ): Promise<Result<MethodOutput<Name>>>;
  /**
   * Runs a method whose reply is streamed (its route says `response: 'stream'`) and
   * gathers the chunks into a file as they arrive, reporting records received of the
   * total. Only doors that can carry a stream have it (browser mode).
   */
  download?(
    name: MethodName,
    input: MethodInput<MethodName>,
    onProgress: (records: number, total: number) => void,
  ): Promise<Result<DownloadedFile>>;
  /** Subscribes to one core event; returns the unsubscribe function. */
  on<Name extends EventName>(
    event: Name,
    callback: (payload: EventPayload<Name>) => void,
  ): () => void;
  /** Reports whether live updates are flowing; called at once with the current state. */
  onConnectionChange(callback: (state: ConnectionState) => void): () => void;
}

/** A streamed reply gathered into a file. */
export interface DownloadedFile {
  file: Blob;
  fileName: string;
  /** Records received, the header row not counted. */
  records: number;
}

/** The typed client the app uses: a Bridge, whichever door is behind it. */
export type ArcfluxClient = Bridge;

/**
 * - live: events arrive as they happen;
 * - connecting / reconnecting: the event stream is being (re)opened, data may be stale;
 * - offline: the bridge gave up (for example the session is no longer valid).
 */
export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'offline';
