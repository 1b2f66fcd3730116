import type { Currency } from '../../../shared/money';
import type { Intent } from '../../../shared/schemas/intent';
import { takeCurrencyWords } from './currencies';
import { cancelsEverything, type QueryTopic } from './classify';
import type { ContactDirectory } from './contacts';
import { readPeriod } from './period';
import { settleRecipient } from './recipient';
import { leftoverName } from './residual';
import { zonedNow } from './schedule/calendar';
import type { ScheduleContext } from './schedule/dates';
import type { TokenStream } from './text';

type QueryIntent = Extract<Intent, { kind: 'query' }>;
type CancelIntent = Extract<Intent, { kind: 'cancel' }>;
type ManageIntent = Extract<Intent, { kind: 'manage' }>;

/** A question: its topic plus the recipient, currency and period it is about, if said. */
export function readQuery(
  stream: TokenStream,
  topic: QueryTopic,
  directory: ContactDirectory,
  context: ScheduleContext,
): QueryIntent {
  const view = stream.view;
  const recipient = readRecipient(stream, directory);
  const currencies = takeCurrencyWords(stream).flatMap((reading) =>
    reading.kind === 'supported' ? [reading.currency] : [],
  );
  const currency: Currency | undefined = new Set(currencies).size === 1 ? currencies[0] : undefined;
  const period =
    topic === 'history' || topic === 'upcoming' || topic === 'risk'
      ? readPeriod(view, zonedNow(context.now, context.timezone), topic === 'upcoming')
      : undefined;
  return {
    kind: 'query',
    topic,
    ...(recipient ? { recipient } : {}),
    ...(currency ? { currency } : {}),
    ...(period ? { period } : {}),
  };
}

/** "Pause my payments to Bob": the action and whose payments. */
export function readManage(
  stream: TokenStream,
  action: ManageIntent['action'],
  directory: ContactDirectory,
): ManageIntent {
  const recipient = readRecipient(stream, directory);
  return { kind: 'manage', action, ...(recipient ? { recipient } : {}) };
}

/** "Stop paying Bob", "cancel all my scheduled payments". */
export function readCancel(stream: TokenStream, directory: ContactDirectory): CancelIntent {
  const everything = cancelsEverything(stream.view);
  const recipient = readRecipient(stream, directory);
  return {
    kind: 'cancel',
    ...(recipient ? { recipient } : {}),
    target: everything ? 'all' : 'one',
  };
}

/** A named contact, or words after "to" that name nobody we know. */
function readRecipient(stream: TokenStream, directory: ContactDirectory) {
  const mentions = directory.takeMentions(stream);
  const leftover = leftoverName(stream, true);
  if (mentions.length === 0 && !leftover) return undefined;
  return settleRecipient(mentions, leftover?.text).recipient;
}
