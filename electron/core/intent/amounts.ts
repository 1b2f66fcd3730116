import { amountSchema, type Currency } from '../../../shared/money';
import type { IntentProblem } from '../../../shared/schemas/intent';
import {
  type Decimal,
  formatDecimal,
  isMalformedNumeral,
  isNumberWord,
  parseNumberPhrase,
  parseNumeral,
  parseOrdinal,
} from './numbers';
import { sanitizeCommand, TokenStream } from './text';
import { currencyAt, readGluedAmount, SIGNS, type CurrencyReading } from './currencies';

/** One amount the command states, with the currency written next to it, if any. */
export interface AmountMention {
  /** Canonical decimal text; null when the number can't be a payment amount. */
  readonly amount: string | null;
  readonly currency: CurrencyReading | null;
}

/**
 * The amounts written in a short piece of text such as a model's "amount" field ("20
 * USDC", "twenty"). For what a whole command states, use statedMoney, which reads names
 * and dates first the way the parser does.
 */
export function amountsIn(text: string): AmountMention[] {
  const stream = new TokenStream(sanitizeCommand(text));
  return [...takeMarkedAmounts(stream), ...takeBareAmounts(stream, false)];
}

/**
 * Amounts written with a currency: "$120.00", "€50", "120 USDC", "120usdc", "twenty five
 * dollars", "1.5k bucks", "0.5 BTC". Taken first, before names and dates, because the
 * currency makes them certain. Of the number words just before a currency, only the
 * longest tail that is a valid number is taken, so "user two twenty dollars" leaves
 * "user two" for the recipient.
 */
export function takeMarkedAmounts(stream: TokenStream): AmountMention[] {
  const mentions: AmountMention[] = [];
  for (let index = 0; index < stream.tokens.length; index += 1) {
    if (stream.isUsed(index)) continue;
    const glued = readGluedAmount(stream.tokens[index]?.lower ?? '');
    if (glued) {
      mentions.push(withSign(stream, index, index + 1, glued.amount, glued.currency));
      continue;
    }
    // A sign reads forwards first ("user 2 $120" is $120), a word backwards first
    // ("20 usdc 5" is 20 USDC); each falls back to the other ("45$", "USDC 20").
    const sign = (stream.tokens[index]?.lower ?? '') in SIGNS;
    const found = sign
      ? (readForwards(stream, index) ?? readBackwards(stream, index))
      : (readBackwards(stream, index) ?? readForwards(stream, index));
    if (found) {
      mentions.push(found.mention);
      index = found.next - 1;
    }
  }
  return mentions;
}

/** "20 USDC", "twenty five dollars", "45$": a currency after the number. */
function readBackwards(stream: TokenStream, index: number) {
  const currency = currencyAt(stream, index, 'suffix');
  const run = currency && numberRunBefore(stream, index);
  const tail = run && longestValid(stream, run.first, run.last, 'suffix');
  if (!currency || !tail) return undefined;
  stream.consume(index, index + currency.length);
  const mention = withSign(stream, tail.first, tail.last, tail.amount, currency.reading);
  return { mention, next: index + currency.length };
}

/** "$120", "€50", "USDC 20": a currency in front of the number. */
function readForwards(stream: TokenStream, index: number) {
  const currency = currencyAt(stream, index, 'prefix');
  const run = currency && numberRunFrom(stream, index + currency.length);
  const head = run && longestValid(stream, run.first, run.last, 'prefix');
  if (!currency || !head) return undefined;
  stream.consume(index, index + currency.length);
  const mention = withSign(stream, head.first, head.last, head.amount, currency.reading, index);
  return { mention, next: head.last };
}

/**
 * Money said in dollars and cents, which the other passes would read as two amounts or as
 * a hundred times too much: "seventy five cents" (0.75), "ten dollars and twenty cents"
 * (10.2), "a dollar fifty" (1.5), "2 dollars 5 cents" (2.05). Taken before them.
 */
export function takeDollarsAndCents(stream: TokenStream): AmountMention[] {
  const mentions: AmountMention[] = [];
  for (let index = 0; index < stream.tokens.length; index += 1) {
    if (stream.isUsed(index)) continue;
    const lower = stream.tokens[index]?.lower ?? '';
    const found = CENT_WORDS.has(lower)
      ? centsEndingAt(stream, index)
      : !DOLLAR_WORDS.has(lower)
        ? undefined
        : isHalfA(stream, index)
          ? { first: index - 2, last: index + 1, amount: HALF, dollarWord: index }
          : dollarsThenCents(stream, index);
    if (!found) continue;
    const currency =
      found.dollarWord === undefined ? null : currencyAt(stream, found.dollarWord, 'suffix');
    mentions.push(
      withSign(stream, found.first, found.last, found.amount, currency?.reading ?? null),
    );
    index = found.last - 1;
  }
  return mentions;
}

/** "half a dollar": the two words before the dollar word at `index`. */
function isHalfA(stream: TokenStream, index: number): boolean {
  return (
    stream.tokens[index - 2]?.lower === 'half' &&
    ['a', 'an'].includes(stream.tokens[index - 1]?.lower ?? '') &&
    !stream.isUsed(index - 2) &&
    !stream.isUsed(index - 1)
  );
}

/** "[ten dollars and] twenty cents" or "twenty euro cents", ending at the cents word `index`. */
function centsEndingAt(stream: TokenStream, index: number) {
  const euro = stream.tokens[index - 1]?.lower === 'euro' && !stream.isUsed(index - 1);
  const run = numberRunBefore(stream, euro ? index - 1 : index);
  const cents = run && longestValid(stream, run.first, run.last, 'suffix');
  if (!cents || cents.amount.scale !== 0) return undefined;
  let before = cents.first - 1;
  if (stream.tokens[before]?.lower === 'and' && !stream.isUsed(before)) before -= 1;
  const dollars =
    DOLLAR_WORDS.has(stream.tokens[before]?.lower ?? '') && !stream.isUsed(before)
      ? wholeDollarsBefore(stream, before)
      : undefined;
  const whole = dollars?.amount ?? { units: 0n, scale: 0 };
  return {
    first: dollars?.first ?? cents.first,
    last: index + 1,
    amount: addCents(whole, cents.amount.units),
    dollarWord: dollars ? before : euro ? index - 1 : undefined,
  };
}

/** "a dollar fifty", "two dollars twenty": dollars, then a number of cents under 100. */
function dollarsThenCents(stream: TokenStream, index: number) {
  const dollars = wholeDollarsBefore(stream, index);
  const run = dollars && numberRunFrom(stream, index + 1);
  const cents = run && longestValid(stream, run.first, run.last, 'prefix');
  if (!dollars || !cents || cents.amount.scale !== 0 || cents.amount.units >= 100n) {
    return undefined;
  }
  // "5 dollars 20 times", "10 dollars 30 minutes from now": the number counts something else.
  const after = stream.tokens[cents.last]?.lower ?? '';
  if (TIME_AFTER.has(after) || CENT_WORDS.has(after) || currencyAt(stream, cents.last, 'suffix')) {
    return undefined;
  }
  return {
    first: dollars.first,
    last: cents.last,
    amount: addCents(dollars.amount, cents.amount.units),
    dollarWord: index,
  };
}

/** The whole number of dollars before the dollar word at `index`: "ten", "2", "a". */
function wholeDollarsBefore(stream: TokenStream, index: number) {
  const previous = stream.tokens[index - 1]?.lower;
  if ((previous === 'a' || previous === 'one') && !stream.isUsed(index - 1)) {
    return { first: index - 1, amount: { units: 1n, scale: 0 } };
  }
  const run = numberRunBefore(stream, index);
  const found = run && longestValid(stream, run.first, run.last, 'suffix');
  return found && found.amount.scale === 0 ? found : undefined;
}

function addCents(dollars: Decimal, cents: bigint): Decimal {
  const scale = Math.max(dollars.scale, 2);
  return {
    units: dollars.units * 10n ** BigInt(scale - dollars.scale) + cents * 10n ** BigInt(scale - 2),
    scale,
  };
}

const CENT_WORDS = new Set(['cent', 'cents']);
const HOLIDAY_ENDS = new Set([
  'christmas',
  'xmas',
  'eve',
  'day',
  'halloween',
  'juneteenth',
  'july',
]);
const HALF: Decimal = { units: 5n, scale: 1 };
// The whole units that cents are a hundredth of.
const DOLLAR_WORDS = new Set(['dollar', 'dollars', 'buck', 'bucks', 'euro', 'euros']);

/**
 * Bare numbers left after names and schedules are explained: "pay bob 20". With
 * `keepTimes`, numbers that look like part of a time or date ("at 5", "3 days", "December
 * 5") are left for the date parser; call again without it afterwards to take the rest.
 */
export function takeBareAmounts(stream: TokenStream, keepTimes: boolean): AmountMention[] {
  const mentions: AmountMention[] = [];
  for (let index = 0; index < stream.tokens.length; index += 1) {
    if (stream.isUsed(index)) continue;
    const token = stream.tokens[index];
    if (token && isMalformedNumeral(token.lower) && !(keepTimes && looksLikeTime(stream, index))) {
      stream.consume(index, index + 1);
      mentions.push({ amount: null, currency: null });
      continue;
    }
    const run = numberRunFrom(stream, index);
    if (!run) continue;
    if (keepTimes && looksLikeTime(stream, run.first, run.last)) {
      index = run.last - 1;
      continue;
    }
    const prefix = longestValid(stream, run.first, run.last, 'prefix');
    if (!prefix) continue;
    mentions.push(withSign(stream, prefix.first, prefix.last, prefix.amount, null));
    index = prefix.last - 1;
  }
  return mentions;
}

/**
 * Decides the payment's amount and currency. More than one distinct amount is ambiguous;
 * a number that can't be money is invalid; another asset is refused, never converted.
 */
export function settleAmount(
  mentions: readonly AmountMention[],
  currencyWords: readonly CurrencyReading[],
  defaultCurrency: Currency,
): { amount: string | null; currency: Currency | null; problems: IntentProblem[] } {
  const problems: IntentProblem[] = [];
  const valid = mentions.filter((mention) => mention.amount !== null);
  const distinct = [...new Set(valid.map((mention) => mention.amount))];
  let amount: string | null = null;
  if (mentions.length === 0) problems.push('missing_amount');
  else if (distinct.length > 1 || (distinct.length === 1 && valid.length < mentions.length))
    problems.push('ambiguous_amount');
  else if (distinct.length === 0) problems.push('invalid_amount');
  else amount = distinct[0] ?? null;

  const readings = [
    ...mentions.flatMap((mention) => (mention.currency ? [mention.currency] : [])),
    ...currencyWords,
  ];
  if (readings.some((reading) => reading.kind === 'unsupported')) {
    return { amount, currency: null, problems: [...problems, 'unsupported_currency'] };
  }
  const currencies = [
    ...new Set(
      readings.flatMap((reading) => (reading.kind === 'supported' ? [reading.currency] : [])),
    ),
  ];
  if (currencies.length > 1) {
    const others = problems.filter((problem) => problem !== 'ambiguous_amount');
    return { amount: null, currency: null, problems: [...others, 'ambiguous_amount'] };
  }
  // The acting user's preferred currency (USDC for the demo user) fills in only when an
  // amount was said; with no amount there is nothing to attach a currency to.
  const currency = currencies[0] ?? (mentions.length > 0 ? defaultCurrency : null);
  return { amount, currency, problems };
}

const MONTH_NAMES = new Set(
  'jan january feb february mar march apr april may jun june jul july aug august sep sept september oct october nov november dec december'.split(
    ' ',
  ),
);
const TIME_BEFORE = new Set([
  'at',
  '@',
  'around',
  'by',
  'before',
  'after',
  'until',
  'till',
  'til',
  'from',
  'on',
  'the',
  'of',
  'starting',
  'this',
]);
const TIME_AFTER = new Set([
  'am',
  'pm',
  'a.m',
  'p.m',
  "o'clock",
  'oclock',
  'h',
  'second',
  'seconds',
  'secs',
  'minute',
  'minutes',
  'mins',
  'hour',
  'hours',
  'hrs',
  'day',
  'days',
  'week',
  'weeks',
  'month',
  'months',
  'year',
  'years',
  'times',
]);

function isNumberish(stream: TokenStream, index: number): boolean {
  if (stream.isUsed(index)) return false;
  const lower = stream.tokens[index]?.lower ?? '';
  // Cheapest first: this runs on every word of every command.
  if (NUMBER_GLUE.has(lower) || isNumberWord(lower)) return true;
  if (/^\d/.test(lower)) return parseNumeral(lower) !== undefined;
  return lower.includes('-') && lower.split('-').every(isNumberWord);
}

const NUMBER_GLUE = new Set(['a', 'an', 'and', 'point', 'half']);

// The longest real spoken amount ("nine hundred ninety nine thousand nine hundred and
// ninety nine point nine nine") is about 15 words. Capping runs keeps the search for the
// longest valid number linear on hostile input such as "a a a a ...".
const MAX_NUMBER_WORDS = 16;

function numberRunFrom(stream: TokenStream, first: number) {
  let last = first;
  while (
    last < stream.tokens.length &&
    last - first < MAX_NUMBER_WORDS &&
    isNumberish(stream, last)
  ) {
    last += 1;
  }
  return last > first ? { first, last } : undefined;
}

function numberRunBefore(stream: TokenStream, end: number) {
  let first = end;
  while (first > 0 && end - first < MAX_NUMBER_WORDS && isNumberish(stream, first - 1)) first -= 1;
  return first < end ? { first, last: end } : undefined;
}

/** The longest valid number at the start (prefix) or end (suffix) of a run of words. */
function longestValid(stream: TokenStream, first: number, last: number, side: 'prefix' | 'suffix') {
  const words = stream.tokens.slice(first, last).map((token) => token.lower);
  for (let length = words.length; length > 0; length -= 1) {
    const slice = side === 'prefix' ? words.slice(0, length) : words.slice(-length);
    const value = parseNumberPhrase(slice);
    if (value) {
      const start = side === 'prefix' ? first : last - length;
      return { first: start, last: start + length, amount: value };
    }
  }
  return undefined;
}

/** Records a mention, reading a minus sign before it as an invalid (negative) amount. */
function withSign(
  stream: TokenStream,
  first: number,
  last: number,
  value: Decimal,
  currency: CurrencyReading | null,
  start = first,
): AmountMention {
  stream.consume(first, last);
  // `start` is where the whole mention begins: "-$20" has its minus before the sign.
  const before = stream.isUsed(start - 1) ? undefined : stream.tokens[start - 1]?.lower;
  const negative = before === '-' || before === 'minus' || before === 'negative';
  if (negative) stream.consume(start - 1, start);
  const text = formatDecimal(value);
  const amount =
    !negative && amountSchema.safeParse(text).success && /[1-9]/.test(text) ? text : null;
  return { amount, currency };
}

/** Whether the numbers in [first, last) read as part of a time or date, not money. */
function looksLikeTime(stream: TokenStream, first: number, last = first + 1): boolean {
  const before = stream.isUsed(first - 1) ? '' : (stream.tokens[first - 1]?.lower ?? '');
  const after = stream.isUsed(last) ? '' : (stream.tokens[last]?.lower ?? '');
  return (
    TIME_BEFORE.has(before) ||
    MONTH_NAMES.has(before) ||
    TIME_AFTER.has(after) ||
    MONTH_NAMES.has(after) ||
    // "two and a half hours"
    (after === 'half' && TIME_AFTER.has(stream.tokens[last + 1]?.lower ?? '')) ||
    // "half past six", "quarter to nine"
    (['past', 'to', 'till'].includes(before) &&
      ['quarter', 'half'].includes(stream.tokens[first - 2]?.lower ?? '')) ||
    isYearAfterDay(stream, first, last)
  );
}

/**
 * "April 2, 2027", "July 4th 2027", "January fifth, 2027": a year after a month and its
 * day, which is never an amount.
 */
function isYearAfterDay(stream: TokenStream, first: number, last: number): boolean {
  if (last - first !== 1 || !/^(?:19|20|21)\d\d$/.test(stream.tokens[first]?.lower ?? '')) {
    return false;
  }
  let back = first - 1;
  if (stream.tokens[back]?.lower === ',') back -= 1;
  // "christmas 2027", "new year's day 2028": a holiday's name stands for its month and day.
  if (HOLIDAY_ENDS.has(stream.tokens[back]?.lower ?? '')) return true;
  const day = stream.tokens[back]?.lower ?? '';
  const isDay = /^\d{1,2}(?:st|nd|rd|th)?$/.test(day) || parseOrdinal(day) !== undefined;
  return isDay && MONTH_NAMES.has(stream.tokens[back - 1]?.lower ?? '');
}
