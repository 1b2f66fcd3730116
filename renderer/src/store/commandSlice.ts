import type { CommandPreview as DryRun, CommandResult } from '../../../shared/contract/commands';
import { MAX_COMMAND_TEXT } from '../../../shared/contract/commands';
import type { ParsedIntent } from '../../../shared/contract/intents';
import type { ErrorBody } from '../../../shared/errors';
import type { Payment } from '../../../shared/schemas/payment';
import { applySuggestions } from '../format/followUp';
import { spokenAnswer } from '../voice/spokenAnswer';
import type { SliceCreator } from './types';

/** What the live preview shows for the text in the command box. */
export type CommandPreview =
  | { status: 'idle' }
  | { status: 'loading'; text: string }
  | { status: 'ready'; text: string; parsed: ParsedIntent }
  | { status: 'error'; text: string; error: ErrorBody };

/**
 * What Send would do with the previewed payment: the Guardian's verdict from a dry run.
 * `unavailable` when the dry run failed: the preview then promises nothing.
 */
export type CommandVerdict =
  | { status: 'idle' }
  | { status: 'loading'; text: string }
  | { status: 'ready'; text: string; verdict: NonNullable<DryRun['verdict']> }
  | { status: 'unavailable'; text: string };

/** The answer to the last command sent, shown under the command bar. */
export interface CommandReply {
  /** The command as sent. */
  text: string;
  result: CommandResult;
}

export interface CommandSlice {
  commandDraft: string;
  /** Commands sent, oldest first; the up arrow walks back through them. */
  commandHistory: string[];
  commandPreview: CommandPreview;
  commandVerdict: CommandVerdict;
  commandStatus: 'idle' | 'sending';
  commandReply: CommandReply | null;
  /** Why the last command could not be sent (not a refusal: those are replies). */
  commandError: ErrorBody | null;
  setCommandDraft(text: string): void;
  /** Parses `text` for the preview; only the newest request may write. */
  previewCommand(text: string): Promise<void>;
  /** Sends the draft (or `text`) through the money path. */
  sendCommand(text?: string): Promise<void>;
  dismissCommandReply(): void;
  /**
   * A payment changed at the core. When it is the one the answer on screen asked to
   * confirm and it no longer waits (the proposal lapsed, or was answered at another door),
   * the answer takes the proposal as it is now, so it stops asking.
   */
  receiveReplyPayment(payment: Payment): Promise<void>;
}

export const COMMAND_HISTORY_KEY = 'arcflux.commandHistory';
const HISTORY_LIMIT = 50;

export const createCommandSlice: SliceCreator<CommandSlice> =
  ({ client, storage }) =>
  (set, get) => {
    let latestPreview = 0;
    return {
      commandDraft: '',
      commandHistory: readHistory(storage?.getItem(COMMAND_HISTORY_KEY) ?? null),
      commandPreview: { status: 'idle' },
      commandVerdict: { status: 'idle' },
      commandStatus: 'idle',
      commandReply: null,
      commandError: null,
      setCommandDraft(text) {
        set({ commandDraft: text });
        if (text.trim() === '') {
          latestPreview += 1;
          set({ commandPreview: { status: 'idle' }, commandVerdict: { status: 'idle' } });
        }
      },
      async previewCommand(text) {
        const request = ++latestPreview;
        const trimmed = text.trim();
        if (trimmed === '') {
          set({ commandPreview: { status: 'idle' }, commandVerdict: { status: 'idle' } });
          return;
        }
        set({
          commandPreview: { status: 'loading', text: trimmed },
          commandVerdict: { status: 'idle' },
        });
        const userId = get().settings?.actingUserId;
        const input = { text: trimmed.slice(0, MAX_COMMAND_TEXT), ...(userId ? { userId } : {}) };
        const result = await client.call('intents:parse', input);
        if (request !== latestPreview) return;
        set({
          commandPreview: result.ok
            ? { status: 'ready', text: trimmed, parsed: result.data }
            : { status: 'error', text: trimmed, error: result.error },
        });
        if (!result.ok || result.data.intent.kind !== 'payment') return;
        // What Send would do comes from the Guardian itself, run dry: never from the
        // preview guessing at the rules.
        set({ commandVerdict: { status: 'loading', text: trimmed } });
        const dryRun = await client.call('commands:preview', input);
        if (request !== latestPreview) return;
        set({
          commandVerdict:
            dryRun.ok && dryRun.data.verdict
              ? { status: 'ready', text: trimmed, verdict: dryRun.data.verdict }
              : { status: 'unavailable', text: trimmed },
        });
      },
      async sendCommand(text) {
        const typed = (text ?? get().commandDraft).trim();
        // A lone "yes" to a "did you mean ...?" on screen sends the corrected command, the
        // one word that accepts the suggestion; it goes through the Guardian like any other.
        const question = get().commandReply;
        const suggestions =
          question?.result.intent.kind === 'payment'
            ? question.result.intent.suggestions
            : undefined;
        const command =
          suggestions && spokenAnswer(typed) === 'yes'
            ? applySuggestions(question?.text ?? '', suggestions)
            : typed;
        if (command === '' || get().commandStatus === 'sending') return;
        set({ commandStatus: 'sending', commandError: null });
        const userId = get().settings?.actingUserId;
        const result = await client.call('commands:run', {
          text: command,
          ...(userId ? { userId } : {}),
        });
        if (!result.ok) {
          set({ commandStatus: 'idle', commandError: result.error });
          return;
        }
        latestPreview += 1;
        const history = [...get().commandHistory.filter((entry) => entry !== command), command];
        const kept = history.slice(-HISTORY_LIMIT);
        try {
          storage?.setItem(COMMAND_HISTORY_KEY, JSON.stringify(kept));
        } catch {
          // A full or blocked storage costs the history after a reload, nothing more.
        }
        set({
          commandStatus: 'idle',
          commandDraft: '',
          commandPreview: { status: 'idle' },
          commandVerdict: { status: 'idle' },
          commandHistory: kept,
          commandReply: { text: command, result: result.data },
        });
        const { payment, proposal, decision, choice, intent } = result.data;
        if (payment && proposal && proposal.status === 'pending') {
          get().openConfirmation({ payment, proposal, decision });
        }
        // A cancel that names its payments ("the one", "all of them") goes straight to the
        // cancel confirmation; several to choose from wait for the user's pick in the reply.
        const named =
          choice?.payments.length === 1 || (intent.kind === 'cancel' && intent.target === 'all');
        if (choice?.action === 'cancel' && named) get().askToCancel(choice.payments);
      },
      dismissCommandReply() {
        set({ commandReply: null });
      },
      async receiveReplyPayment(payment) {
        const reply = get().commandReply;
        if (!reply || reply.result.payment?.id !== payment.id) return;
        if (reply.result.proposal?.status !== 'pending') return;
        if (payment.status === 'pending_confirmation') return;
        const current = await client.call('proposals:get', { paymentId: payment.id });
        // Only the same answer, still on screen, takes it.
        if (!current.ok || get().commandReply !== reply) return;
        set({
          commandReply: {
            ...reply,
            result: {
              ...reply.result,
              payment: current.data.payment,
              proposal: current.data.proposal,
            },
          },
        });
      },
    };
  };

function readHistory(raw: string | null): string[] {
  if (!raw) return [];
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed)
      ? parsed.filter((entry): entry is string => typeof entry === 'string').slice(-HISTORY_LIMIT)
      : [];
  } catch {
    return [];
  }
}
