import type {
  EventName,
  EventPayload,
  MethodInput,
  MethodName,
  MethodOutput,
} from '../../../shared/contract';
import type { SavedDownload } from '../../../shared/contract/streamed';
import type { ErrorReason, Result } from '../../../shared/errors';

/**
 * How the renderer reaches the core. The app never knows which door it uses: the
 * Electron bridge goes through the preload, the HTTP bridge through the headless server.
 * Both return the contract's result envelope and never throw.
 */
export interface Bridge {
  readonly kind: 'electron' | 'http';
  /**
   * The household server this bridge talks to (its origin), or null/absent for the local
   * core or the page's own server. Paying and confirming need it live (see readOnly).
   */
  readonly household?: { url: string } | null;
  call<Name extends MethodName>(
    name: Name,
    input: MethodInput<Name>,
  ): Promise<Result<MethodOutput<Name>>>;
  /**
   * Runs a method whose reply is streamed (its route says `response: 'stream'`) and saves
   * it as a file while it arrives, reporting records so far of the total. The desktop
   * writes it where the user picks in a save dialog (which they may cancel); a browser
   * hands it to its downloads.
   */
  download(
    name: MethodName,
    input: MethodInput<MethodName>,
    onProgress: (records: number, total: number) => void,
  ): Promise<Result<SavedDownload>>;
  /** Subscribes to one core event; returns the unsubscribe function. */
  on<Name extends EventName>(
    event: Name,
    callback: (payload: EventPayload<Name>) => void,
  ): () => void;
  /** Reports whether live updates are flowing; called at once with the current state. */
  onConnectionChange(callback: (state: ConnectionState) => void): () => void;
  /**
   * Browser mode only: reports, once, that this tab has no working session any more and
   * why, so the app can show its one signed-out screen. Called at once if already so.
   */
  onSignedOut?(callback: (reason: SignedOutReason) => void): () => void;
  /**
   * Reports that calls now go to another core (the user connected to a household server
   * or left it), so everything on screen must be loaded again.
   */
  onSwitch?(callback: () => void): () => void;
  /** Stops the bridge's live updates for good (it was switched away from). */
  close?(): void;
}

/**
 * Why a browser tab is signed out: the server's reason code, or `server_unreachable` when
 * the tab could not reach the server to sign in at all.
 */
export type SignedOutReason =
  | Extract<
      ErrorReason,
      | 'not_signed_in'
      | 'session_expired'
      | 'server_restarted'
      | 'launch_code_used'
      | 'launch_code_expired'
      | 'launch_code_unknown'
    >
  | 'server_unreachable';

const SIGNED_OUT_REASONS: readonly SignedOutReason[] = [
  'not_signed_in',
  'session_expired',
  'server_restarted',
  'launch_code_used',
  'launch_code_expired',
  'launch_code_unknown',
  'server_unreachable',
];

/** The signed-out reason in a refusal from the server; `fallback` when it names none. */
export function signedOutReason(raw: unknown, fallback: SignedOutReason): SignedOutReason {
  const reason = (raw as { error?: { reason?: unknown } } | null)?.error?.reason;
  return SIGNED_OUT_REASONS.find((known) => known === reason) ?? fallback;
}

/** The typed client the app uses: a Bridge, whichever door is behind it. */
export type ArcfluxClient = Bridge;

/**
 * - live: events arrive as they happen;
 * - connecting / reconnecting: the event stream is being (re)opened, data may be stale;
 * - offline: the bridge gave up (for example the session is no longer valid).
 */
export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'offline';
