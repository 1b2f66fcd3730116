import type { Currency } from '../../../shared/money';
import type { Intent } from '../../../shared/schemas/intent';
import { takeCurrencyWords } from './currencies';
import { cancelsEverything, TARGET_CURRENCY, type QueryTopic } from './classify';
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
  if (topic === 'worth' || topic === 'total') return readValuation(view, topic, currencies);
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

/**
 * "what's my EURC worth in dollars": the currency asked about and the one to value it in.
 * "total balance in euros": only the latter. Without a named target, a `worth` question
 * values the named currency in the other one, and a total uses the user's default.
 */
function readValuation(
  view: string,
  topic: 'worth' | 'total',
  currencies: readonly Currency[],
): QueryIntent {
  const word = TARGET_CURRENCY.exec(view)?.[1];
  // The target words are a closed list: the euro ones all start with "e".
  const said: Currency | undefined = word ? (word.startsWith('e') ? 'EURC' : 'USDC') : undefined;
  if (topic === 'total') return { kind: 'query', topic, ...(said ? { target: said } : {}) };
  const others = [...new Set(currencies.filter((currency) => currency !== said))];
  const currency = others.length === 1 ? others[0] : undefined;
  const target = said ?? (currency ? otherCurrency(currency) : undefined);
  return {
    kind: 'query',
    topic,
    ...(currency ? { currency } : {}),
    ...(target ? { target } : {}),
  };
}

function otherCurrency(currency: Currency): Currency {
  return currency === 'EURC' ? 'USDC' : 'EURC';
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
