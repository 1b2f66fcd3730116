import {
  DESKTOP_CHANNEL,
  DESKTOP_EVENT_CHANNEL,
  desktopRequestSchema,
  PUSH_TO_TALK_EVENT,
  type DesktopReply,
  type ParsedDesktopRequest,
} from '../../shared/contract/desktop';
import type { Result } from '../../shared/errors';
import type { EventSink, IpcMainLike } from './ipc';
import { malformedShortcutMessage, type PushToTalkShortcut } from './pushToTalkShortcut';
import type { HouseholdStore } from './householdStore';
import type { SecretStore } from './secretStore';

/** The push-to-talk shortcut as Settings sees it; `save` persists one that registered. */
export interface PushToTalkSetting {
  shortcut: Pick<PushToTalkShortcut, 'current' | 'change'>;
  save(accelerator: string): void;
}

/**
 * The desktop-only channel, checked like `arcflux:call`: trusted sender first, then the
 * request parsed with its schema from shared/contract/desktop, and always a result
 * envelope back. It never returns the key.
 */
export function registerDesktopIpc<InvokeEvent>(
  ipc: IpcMainLike<InvokeEvent>,
  secrets: Pick<SecretStore, 'status' | 'save' | 'clear'>,
  isTrustedSender: (event: InvokeEvent) => boolean,
  pushToTalk?: PushToTalkSetting,
  household?: HouseholdStore,
): () => void {
  ipc.handle(DESKTOP_CHANNEL, async (event, raw): Promise<Result<DesktopReply>> => {
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
    const parsed = desktopRequestSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.length ? `"${issue.path.join('.')}" ` : '';
      const accelerator = pushToTalkAccelerator(raw);
      if (accelerator !== null) {
        return failure('invalid_input', malformedShortcutMessage(accelerator));
      }
      const what = isHouseholdRequest(raw)
        ? 'The household server was not saved'
        : 'The key was not saved';
      return failure('invalid_input', `${what}: ${field}${issue?.message ?? 'invalid request'}.`);
    }
    const request = parsed.data;
    if (request.action === 'pushToTalk:get' || request.action === 'pushToTalk:set') {
      return answerPushToTalk(request, pushToTalk);
    }
    if (
      request.action === 'household:get' ||
      request.action === 'household:save' ||
      request.action === 'household:clear'
    ) {
      return answerHousehold(request, household);
    }
    try {
      if (request.action === 'circleKey:save') {
        const outcome = await secrets.save(request.key, request.acceptWeakProtection);
        if (!outcome.ok) {
          return failure(
            outcome.code === 'weak_protection' ? 'forbidden' : 'unavailable',
            outcome.message,
          );
        }
      } else if (request.action === 'circleKey:clear') {
        await secrets.clear();
      }
      return { ok: true, data: await secrets.status() };
    } catch {
      return failure(
        'unavailable',
        'ArcFlux could not write the key file. Check the disk and retry.',
      );
    }
  });
  return () => ipc.removeHandler(DESKTOP_CHANNEL);
}

/** Reads, keeps or forgets the household server the window connects to. */
async function answerHousehold(
  request: ParsedDesktopRequest<'household:get' | 'household:save' | 'household:clear'>,
  household: HouseholdStore | undefined,
): Promise<Result<DesktopReply<'household:get'>>> {
  if (!household) return failure('unavailable', 'This build of ArcFlux has no household client.');
  try {
    if (request.action === 'household:save') {
      return { ok: true, data: await household.save(request.connection) };
    }
    if (request.action === 'household:clear') return { ok: true, data: await household.clear() };
    return { ok: true, data: await household.recall() };
  } catch {
    return failure(
      'unavailable',
      'ArcFlux could not read or write its household connection file. Check the disk and retry.',
    );
  }
}

/** Tells the window the global push-to-talk shortcut was pressed. */
export function sendPushToTalk(sink: EventSink | null): void {
  try {
    sink?.send(DESKTOP_EVENT_CHANNEL, PUSH_TO_TALK_EVENT);
  } catch {
    // The window is closing.
  }
}

/** Reads or moves the global shortcut; a refused one stays as it was and says why. */
function answerPushToTalk(
  request: ParsedDesktopRequest<'pushToTalk:get' | 'pushToTalk:set'>,
  pushToTalk: PushToTalkSetting | undefined,
): Result<DesktopReply<'pushToTalk:get' | 'pushToTalk:set'>> {
  if (!pushToTalk) return failure('unavailable', 'This build of ArcFlux has no global shortcut.');
  if (request.action === 'pushToTalk:set') {
    const outcome = pushToTalk.shortcut.change(request.accelerator);
    if (!outcome.ok) {
      return failure(outcome.reason === 'taken' ? 'conflict' : 'invalid_input', outcome.message);
    }
    try {
      pushToTalk.save(request.accelerator);
    } catch {
      return failure(
        'unavailable',
        `${request.accelerator} works now, but ArcFlux could not save it, so the next start uses the previous shortcut. Check the disk and retry.`,
      );
    }
  }
  return { ok: true, data: { accelerator: pushToTalk.shortcut.current() } };
}

/** Whether a refused request was about the household server (for the message's words). */
function isHouseholdRequest(raw: unknown): boolean {
  const action = (raw as { action?: unknown } | null)?.action;
  return typeof action === 'string' && action.startsWith('household:');
}

/** The accelerator of a refused `pushToTalk:set`, so the reply can name it; else null. */
function pushToTalkAccelerator(raw: unknown): string | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const { action, accelerator } = raw as { action?: unknown; accelerator?: unknown };
  if (action !== 'pushToTalk:set') return null;
  return typeof accelerator === 'string' ? accelerator.trim().slice(0, 100) : '';
}

function failure(
  code: 'forbidden' | 'invalid_input' | 'unavailable' | 'conflict',
  message: string,
): Result<never> {
  return { ok: false, error: { code, message } };
}
