import type { Currency } from '../../../shared/money';
import type { IntentProblem, PaymentIntent } from '../../../shared/schemas/intent';
import { settleAmount, takeBareAmounts, takeMarkedAmounts } from './amounts';
import { takeCurrencyWords } from './currencies';
import { PAY_VERB } from './classify';
import type { ContactDirectory, RecipientMention } from './contacts';
import { settleRecipient } from './recipient';
import { leftoverName, takeExplicitMemo, takeMemo } from './residual';
import { takeBounds } from './schedule/bounds';
import { composeSchedule, takeAsapWords } from './schedule/compose';
import { takeDatePhrases, type ScheduleContext } from './schedule/dates';
import { takeRecurrence } from './schedule/recurrence';
import type { TokenStream } from './text';

/**
 * Reads a payment command. The passes run from the most certain reading to the least,
 * each consuming the words it explains: amounts with a currency, contacts, repetition,
 * bounds, then chrono-node's dates, then bare numbers, memo and leftover names. Word
 * order therefore doesn't matter, and no word counts twice ("user two" is never also 2).
 * Returns undefined when nothing in the command asks for a payment.
 */
export function readPayment(
  stream: TokenStream,
  directory: ContactDirectory,
  context: ScheduleContext & { defaultCurrency: Currency },
): PaymentIntent | undefined {
  const hasVerb = PAY_VERB.test(stream.view);
  const hasTo = /\bto\b/.test(stream.view);
  const { amounts, explicitMemo, mentions, recurrence, bounds, dates, currencyWords } =
    takePaymentParts(stream, directory, context);
  if (!hasVerb && (amounts.length === 0 || (mentions.length === 0 && !hasTo))) return undefined;

  const memo = explicitMemo ?? takeMemo(stream, crossableNames(mentions));
  const money = settleAmount(amounts, currencyWords, context.defaultCurrency);
  const who = settleRecipient(mentions, leftoverName(stream));
  const when = composeSchedule({ recurrence, bounds, dates }, context);
  const problems: IntentProblem[] = [...money.problems, ...who.problems, ...when.problems];
  return {
    kind: 'payment',
    amount: money.amount,
    currency: money.currency,
    recipient: who.recipient,
    schedule: when.schedule,
    ...(memo ? { memo } : {}),
    problems: PROBLEM_ORDER.filter((problem) => problems.includes(problem)),
  };
}

/**
 * The passes of a payment command, in order, each consuming the words it explains. One
 * sequence for the parser and for checking a model's claims against the user's words
 * (statedMoney.ts), so a number inside "June 5" or "every 2 weeks" is a date there too,
 * never an amount the user said.
 */
export function takePaymentParts(
  stream: TokenStream,
  directory: ContactDirectory,
  context: ScheduleContext,
) {
  const amounts = takeMarkedAmounts(stream);
  const explicitMemo = takeExplicitMemo(stream);
  const mentions = directory.takeMentions(stream);
  const recurrence = takeRecurrence(stream);
  const bounds = takeBounds(stream, context);
  takeAsapWords(stream);
  amounts.push(...takeBareAmounts(stream, true));
  const dates = takeDatePhrases(stream, context);
  amounts.push(...takeBareAmounts(stream, false));
  const currencyWords = takeCurrencyWords(stream);
  return { amounts, explicitMemo, mentions, recurrence, bounds, dates, currencyWords };
}

/**
 * When one person is clearly the payee, other names may sit inside the memo ("for the
 * bakery order"); their words may be part of it.
 */
function crossableNames(mentions: readonly RecipientMention[]): (index: number) => boolean {
  const payees = new Set(
    mentions
      .filter((mention) => mention.direct && mention.userIds.length > 0)
      .map((mention) => mention.userIds.join(',')),
  );
  if (payees.size !== 1) return () => false;
  const others = mentions.filter((mention) => !mention.direct);
  return (index) => others.some((mention) => index >= mention.first && index < mention.last);
}

// A stable order, so the follow-up question asks about the most basic gap first.
const PROBLEM_ORDER: IntentProblem[] = [
  'missing_amount',
  'invalid_amount',
  'ambiguous_amount',
  'unsupported_currency',
  'missing_recipient',
  'unknown_recipient',
  'ambiguous_recipient',
  'invalid_schedule',
];
