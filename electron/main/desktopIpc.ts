import { z } from 'zod';
import type { Result } from '../../shared/errors';
import { DESKTOP_CHANNEL, DESKTOP_EVENT_CHANNEL, PUSH_TO_TALK_EVENT } from '../preload/desktopApi';
import type { EventSink, IpcMainLike } from './ipc';
import type { SecretStatus, SecretStore } from './secretStore';

const requestSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('circleKey:status') }).strict(),
  z
    .object({
      action: z.literal('circleKey:save'),
      key: z.string().trim().min(8, 'is too short to be a Circle API key').max(512),
      acceptWeakProtection: z.boolean(),
    })
    .strict(),
  z.object({ action: z.literal('circleKey:clear') }).strict(),
]);

/**
 * The desktop-only channel, checked like `arcflux:call`: trusted sender first, then the
 * request parsed with zod, and always a result envelope back. It never returns the key.
 */
export function registerDesktopIpc<InvokeEvent>(
  ipc: IpcMainLike<InvokeEvent>,
  secrets: Pick<SecretStore, 'status' | 'save' | 'clear'>,
  isTrustedSender: (event: InvokeEvent) => boolean,
): () => void {
  ipc.handle(DESKTOP_CHANNEL, async (event, raw): Promise<Result<SecretStatus>> => {
    let trusted = false;
    try {
      trusted = isTrustedSender(event) === true;
    } catch {
      trusted = false;
    }
    if (!trusted) {
      return failure(
        'forbidden',
        'This request did not come from the ArcFlux window, so it was refused.',
      );
    }
    const parsed = requestSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.length ? `"${issue.path.join('.')}" ` : '';
      return failure(
        'invalid_input',
        `The key was not saved: ${field}${issue?.message ?? 'invalid request'}.`,
      );
    }
    const request = parsed.data;
    try {
      if (request.action === 'circleKey:save') {
        const outcome = secrets.save(request.key, request.acceptWeakProtection);
        if (!outcome.ok) {
          return failure(
            outcome.code === 'weak_protection' ? 'forbidden' : 'unavailable',
            outcome.message,
          );
        }
      } else if (request.action === 'circleKey:clear') {
        secrets.clear();
      }
      return { ok: true, data: secrets.status() };
    } catch {
      return failure(
        'unavailable',
        'ArcFlux could not write the key file. Check the disk and retry.',
      );
    }
  });
  return () => ipc.removeHandler(DESKTOP_CHANNEL);
}

/** Tells the window the global push-to-talk shortcut was pressed. */
export function sendPushToTalk(sink: EventSink | null): void {
  try {
    sink?.send(DESKTOP_EVENT_CHANNEL, PUSH_TO_TALK_EVENT);
  } catch {
    // The window is closing.
  }
}

function failure(
  code: 'forbidden' | 'invalid_input' | 'unavailable',
  message: string,
): Result<never> {
  return { ok: false, error: { code, message } };
}
