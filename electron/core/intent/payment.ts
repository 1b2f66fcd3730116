import type { Currency } from '../../../shared/money';
import type { IntentProblem, PaymentIntent } from '../../../shared/schemas/intent';
import { settleAmount, takeBareAmounts, takeDollarsAndCents, takeMarkedAmounts } from './amounts';
import { takeCurrencyWords } from './currencies';
import { PAY_VERB } from './classify';
import type { ContactDirectory, RecipientMention } from './contacts';
import { settleRecipient } from './recipient';
import { leftoverName, takeExplicitMemo, takeMemo, takePurposeMemo } from './residual';
import { takeBounds } from './schedule/bounds';
import { composeSchedule, takeAsapWords } from './schedule/compose';
import { takeDatePhrases, type ScheduleContext } from './schedule/dates';
import { takeRecurrence } from './schedule/recurrence';
import { takeHostileText } from './hostile';
import { takeVagueQuantities } from './vague';
import { closestWord, SCHEDULE_WORDS, suggestFor } from './suggestions';
import { TokenStream } from './text';
import { unexplainedWords } from './unexplained';

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
  const hostile = takeHostileText(stream);
  const vague = takeVagueQuantities(stream);
  const { amounts, explicitMemo, mentions, recurrence, bounds, dates, currencyWords } =
    takePaymentParts(stream, directory, context);
  if (!hasVerb && (amounts.length === 0 || (mentions.length === 0 && !hasTo))) return undefined;

  const saidMemo =
    explicitMemo === undefined ? takeMemo(stream, crossableNames(mentions)) : undefined;
  const memo = explicitMemo ?? saidMemo ?? takePurposeMemo(stream);
  const money = settleAmount(amounts, currencyWords, context.defaultCurrency);
  const leftover = leftoverName(stream);
  const who = settleRecipient(mentions, leftover?.text);
  if (leftover && who.recipient.text === leftover.text) {
    stream.consume(leftover.first, leftover.last);
  }
  const when = composeSchedule({ recurrence, bounds, dates }, context);
  // A command with instructions for ArcFlux is refused whole; its other words don't matter.
  const unrecognized = hostile ? [] : [...unexplainedWords(stream), ...misspeltMemoWords(saidMemo)];
  const said = stream.text.toLowerCase();
  const suggestions = [
    ...suggestFor(unrecognized),
    ...(who.problems.includes('unknown_recipient')
      ? [directory.suggestContact(who.recipient.text)].filter((each) => each !== undefined)
      : []),
  ].sort(
    (left, right) => said.indexOf(left.word.toLowerCase()) - said.indexOf(right.word.toLowerCase()),
  );
  const problems: IntentProblem[] = [
    ...(vague ? (['vague_amount'] as const) : []),
    // "20ish" leaves no number to read; the approximate one is the question, not a missing one.
    ...money.problems.filter((problem) => !vague || problem !== 'missing_amount'),
    ...who.problems,
    ...when.problems,
    ...(unrecognized.length > 0 ? (['unrecognized_words'] as const) : []),
    ...(hostile ? (['hostile_text'] as const) : []),
  ];
  return {
    kind: 'payment',
    amount: vague ? null : money.amount,
    // "30ish" leaves no amount, yet a currency was meant: the user's, as for any amount.
    currency: vague ? (money.currency ?? context.defaultCurrency) : money.currency,
    recipient: who.recipient,
    schedule: when.schedule,
    ...(memo ? { memo } : {}),
    problems: PROBLEM_ORDER.filter((problem) => problems.includes(problem)),
    ...(unrecognized.length > 0 ? { unrecognized } : {}),
    ...(suggestions.length > 0 ? { suggestions } : {}),
  };
}

/**
 * A memo is free text, so "for tommorow" or "for presents on christmas eve" would quietly
 * carry a date nobody read: words in it that are date or repetition words, holidays, or a
 * slip away from one are asked about instead.
 */
function misspeltMemoWords(memo: string | undefined): string[] {
  if (!memo) return [];
  return new TokenStream(memo).tokens
    .filter(
      (token) =>
        DATE_WORDS.has(token.word) ||
        (SCHEDULE_WORDS as readonly string[]).includes(token.word) ||
        closestWord(token.word, SCHEDULE_WORDS) !== undefined,
    )
    .map((token) => token.text);
}

// Words that name a day without being read as one (holidays, and their parts).
const DATE_WORDS = new Set(
  `day days holiday holidays christmas xmas eve easter thanksgiving halloween valentine
  valentines memorial labor labour independence juneteenth hanukkah diwali ramadan eid
  passover mlk columbus veterans presidents`.split(/\s+/),
);

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
  const amounts = [...takeDollarsAndCents(stream), ...takeMarkedAmounts(stream)];
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
  'vague_amount',
  'unsupported_currency',
  'missing_recipient',
  'unknown_recipient',
  'ambiguous_recipient',
  'invalid_schedule',
  'unrecognized_words',
  'hostile_text',
];
