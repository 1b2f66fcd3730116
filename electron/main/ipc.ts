import { toErrorBody } from '../core/errors';
import { CALL_CHANNEL, EVENT_CHANNEL } from '../preload/api';
import {
  EVENT_NAMES,
  isMethodName,
  type EventName,
  type EventPayload,
} from '../../shared/contract';
import { restResponseKind } from '../../shared/contract/rest';
import type { Result } from '../../shared/errors';

/** The part of Electron's ipcMain this module uses; tests pass a fake. */
export interface IpcMainLike<InvokeEvent> {
  handle(
    channel: string,
    listener: (event: InvokeEvent, ...args: unknown[]) => Promise<unknown> | unknown,
  ): void;
  removeHandler(channel: string): void;
}

/** The part of the core the IPC door needs: the one dispatch entry point and its events. */
export interface CoreDoor {
  dispatch(name: unknown, input: unknown): Promise<Result<unknown>>;
  on<Name extends EventName>(
    name: Name,
    listener: (payload: EventPayload<Name>) => void,
  ): () => void;
}

/**
 * Registers the single `arcflux:call` handler. Every call is checked, in this order:
 * the sender must be our window's top frame on our origin, the name must be a contract
 * method, then the core validates the input and runs it. The handler never throws, since
 * Electron would drop the error's fields; it always resolves to the result envelope.
 *
 * Returns a function that removes the handler.
 */
export function registerIpc<InvokeEvent>(
  ipc: IpcMainLike<InvokeEvent>,
  core: Pick<CoreDoor, 'dispatch'>,
  isTrustedSender: (event: InvokeEvent) => boolean,
): () => void {
  ipc.handle(CALL_CHANNEL, async (event, name, input): Promise<Result<unknown>> => {
    if (!isTrustedSenderSafely(isTrustedSender, event)) return FORBIDDEN;
    if (!isMethodName(name)) return unknownMethod(name);
    // A streamed reply (an async iterable) cannot cross IPC; refuse before running it.
    if (restResponseKind(name) === 'stream') return notOverIpc(name);
    try {
      return await core.dispatch(name, input);
    } catch (error) {
      // The core promises not to throw; this keeps the IPC promise settled if it ever does.
      return { ok: false, error: toErrorBody(error) };
    }
  });
  return () => ipc.removeHandler(CALL_CHANNEL);
}

/** Something that can receive events, typically the main window's webContents. */
export interface EventSink {
  send(channel: string, ...args: unknown[]): void;
}

/**
 * Forwards every core event to the window on `arcflux:event` as (name, payload). The sink
 * is looked up per event so a closed or recreated window is handled; a missing one drops
 * the event, which the renderer recovers from by reloading on start.
 *
 * Returns a function that unsubscribes from the core.
 */
export function forwardCoreEvents(
  core: Pick<CoreDoor, 'on'>,
  getSink: () => EventSink | null,
): () => void {
  const unsubscribers = EVENT_NAMES.map((name) =>
    core.on(name, (payload) => {
      const sink = getSink();
      if (!sink) return;
      try {
        sink.send(EVENT_CHANNEL, name, payload);
      } catch {
        // The window is closing; its next start reloads everything from the core.
      }
    }),
  );
  return () => {
    for (const unsubscribe of unsubscribers) unsubscribe();
  };
}

const FORBIDDEN: Result<never> = {
  ok: false,
  error: {
    code: 'forbidden',
    message:
      'This request did not come from the ArcFlux window, so it was refused and nothing was changed.',
  },
};

function unknownMethod(name: unknown): Result<never> {
  const shown = typeof name === 'string' ? `"${name.slice(0, 80)}"` : `a ${typeof name}`;
  return {
    ok: false,
    error: {
      // Same code the core gives an unknown name, so every door reports it alike.
      code: 'not_found',
      message: `${shown} is not an ArcFlux method, so nothing was run. Check the method name against the contract.`,
    },
  };
}

function notOverIpc(name: string): Result<never> {
  return {
    ok: false,
    error: {
      code: 'unavailable',
      // Streamed methods have their own door (downloadIpc.ts), which saves them to a file.
      message: `${name} streams its reply, which this channel cannot carry, so nothing was run. The window saves it through the download channel instead.`,
    },
  };
}

/** Runs a trust check; one that throws (a frame already gone) counts as untrusted. */
export function isTrustedSenderSafely<InvokeEvent>(
  isTrustedSender: (event: InvokeEvent) => boolean,
  event: InvokeEvent,
): boolean {
  try {
    return isTrustedSender(event) === true;
  } catch {
    return false;
  }
}
