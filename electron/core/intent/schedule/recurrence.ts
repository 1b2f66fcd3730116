import { COUNT_PATTERN, ORDINAL_PATTERN, parseCount, parseOrdinal } from '../numbers';
import { anyOf, type TokenStream } from '../text';
import type { TimeOfDay } from './dates';
import type { Frequency, RecurrenceRule } from './rule';
import { wordTable } from '../wordTable';

/** A repeating pattern said in the command, before bounds are applied. */
export type RecurrencePattern = Omit<RecurrenceRule, 'count' | 'until'> & {
  /** A time implied by the words themselves: "every evening". */
  time?: TimeOfDay;
};

export interface RecurrenceReading {
  pattern?: RecurrencePattern;
  /** Repetition was said but can't be scheduled exactly ("twice a month", two patterns). */
  unclear: boolean;
}

/**
 * chrono-node reads dates but not repetition, so this is the grammar for it: "every
 * Friday", "fridays", "every other Friday", "every 2 weeks on Friday", "every 3 days",
 * "monthly on the 15th", "on the last day of every month", "every first Monday of the
 * month", "quarterly", "every year on January 1"... Patterns run most specific first and
 * consume what they match. Occurrences themselves are left to the rrule library.
 */
export function takeRecurrence(stream: TokenStream): RecurrenceReading {
  if (!ANY_RECURRENCE.test(stream.view)) return { unclear: false };
  const vague = stream.matches(VAGUE_FREQUENCY);
  for (const { first, last } of vague) stream.consume(first, last);
  const found: RecurrencePattern[] = [];
  for (const { pattern, build } of PATTERNS) {
    for (const { match, first, last } of stream.matches(pattern)) {
      if (first < 0 || [...range(first, last)].some((index) => stream.isUsed(index))) continue;
      const built = build(match);
      if (!built) continue;
      stream.consume(first, last);
      found.push(built);
    }
  }
  const leftover = stream.matches(LEFTOVER_EVERY);
  for (const { first, last } of leftover) stream.consume(first, last);
  // "twice a month" is fine next to the pattern that pins it down ("on the 1st and 15th of
  // every month"); alone, or with two patterns, it can't be scheduled exactly.
  const unclear =
    found.length > 1 || leftover.length > 0 || (vague.length > 0 && found.length === 0);
  return { pattern: found[0], unclear };
}

const DAY =
  '(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)';
const SEPARATOR = '(?: ?, ?(?:and )?| and | & | or | ?/ ?)';
const DAY_LIST = `${DAY}s?(?:${SEPARATOR}${DAY}s?)*`;
const PLURAL_DAY = '(?:mon|tues|wednes|thurs|fri|satur|sun)days';
const PLURAL_LIST = `${PLURAL_DAY}(?:${SEPARATOR}${PLURAL_DAY})*`;
const NTH = '(first|1st|second|2nd|third|3rd|fourth|4th|fifth|5th|last)';
const MONTH_DAY = `(?:${ORDINAL_PATTERN}|\\d{1,2})`;
// A bare number is only a day of the month after "the": "20 every month" is an amount.
// "the last day" is the month's last day, whatever its length.
const MONTH_DAY_ITEM = `(?:(?:the )?${ORDINAL_PATTERN}|the \\d{1,2}|the last(?: day)?)`;
const MONTH_DAYS = `${MONTH_DAY_ITEM}(?:(?: ?, ?(?:and )?| and | & )${MONTH_DAY_ITEM})*`;
const MONTH =
  '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const DATE = `(?:${MONTH} (?:the )?${MONTH_DAY}|(?:the )?${MONTH_DAY} (?:of )?${MONTH})`;
const EVERY = '(?:every|each)';
const UNIT = '(second|sec|minute|min|hour|day|week|month|year|quarter|fortnight)s?';

// "twice a month" or an "every" no pattern explained names a repetition this grammar
// can't pin down; guessing the days would schedule money the user didn't ask for.
// "twice a month on the 2nd and 16th" is pinned down by its days: a pattern reads it.
const VAGUE_FREQUENCY = /\b(?:twice|thrice|\w+ times) (?:a|per|every|each) \w+\b(?! on the\b)/g;
const LEFTOVER_EVERY = /\bevery\b/g;

interface PatternRule {
  pattern: RegExp;
  build(match: RegExpExecArray): RecurrencePattern | undefined;
}

const PATTERNS: PatternRule[] = [
  // The first or last business day of every month: weekdays only, holidays not known.
  rule(
    `\\b(?:on )?(?:the )?(first|1st|last) (?:business|working|work|bank) ?day (?:of|in) (?:${EVERY}|the|a) month\\b`,
    businessDay,
  ),
  rule(
    `\\b(?:monthly|${EVERY} month) on the (first|1st|last) (?:business|working|work|bank) ?day\\b`,
    businessDay,
  ),
  // The nth weekday of every month.
  rule(`\\b${EVERY} ${NTH} (${DAY}) (?:of|in) (?:the|every|each|a) month\\b`, nthWeekday),
  rule(`\\b(?:on )?(?:the )?${NTH} (${DAY}) (?:of|in) ${EVERY} month\\b`, nthWeekday),
  rule(`\\b(?:monthly|${EVERY} month) on the ${NTH} (${DAY})\\b`, nthWeekday),
  // Days of every month ("the 10th and the last day of each month" before the last day
  // alone, so no day of the list is dropped).
  rule(`\\b(?:on )?(${MONTH_DAYS}) (?:day )?(?:of )?${EVERY} month\\b`, (match) =>
    monthDays(match[1]),
  ),
  // The last day of every month.
  rule(`\\b(?:on |at )?(?:the )?(?:last day|end) of ${EVERY} month\\b`, () => monthly([-1])),
  rule(`\\b(?:monthly|${EVERY} month) on the last day(?: of the month)?\\b`, () => monthly([-1])),
  rule(`\\b(?:monthly|${EVERY} month|once a month) on (${MONTH_DAYS})\\b`, (match) =>
    monthDays(match[1]),
  ),
  rule(`\\b${EVERY} (${MONTH_DAY_ITEM}) (?:day )?of the month\\b`, (match) => monthDays(match[1])),
  // "twice a month on the 2nd and 16th": the two days pin the frequency down.
  rule(`\\btwice (?:a|per|every|each) month on (${MONTH_DAYS})\\b`, (match) => {
    const pattern = monthDays(match[1]);
    return pattern?.byMonthDay.length === 2 ? pattern : undefined;
  }),
  // Once a year.
  rule(`\\b(?:${EVERY} year|yearly|annually|once a year) on (${DATE})\\b`, (match) =>
    yearly(match[1]),
  ),
  rule(`\\b(?:on )?(${DATE}) (?:${EVERY} year|yearly|annually)\\b`, (match) => yearly(match[1])),
  rule(`\\b${EVERY} (${DATE})\\b`, (match) => yearly(match[1])),
  // Every other / every n weeks on given days.
  rule(`\\b${EVERY} (?:other|second|2nd) (${DAY_LIST})\\b`, (match) => weekly(match[1], 2)),
  rule(`\\b${EVERY} (${COUNT_PATTERN}) weeks? on (${DAY_LIST})\\b`, (match) =>
    weekly(match[2], parseCount(match[1] ?? '')),
  ),
  rule(`\\b(?:bi-?weekly|fortnightly|every fortnight) on (${DAY_LIST})\\b`, (match) =>
    weekly(match[1], 2),
  ),
  rule(`\\b(?:on )?(${DAY_LIST}) ${EVERY} (${COUNT_PATTERN}) weeks?\\b`, (match) =>
    weekly(match[1], parseCount(match[2] ?? '')),
  ),
  // Weekdays and weekends.
  rule(
    `\\b(?:(?:${EVERY}|on) )?(?:week ?days?|work ?days?|business days?)\\b|\\b(?:${EVERY} |on )?mon(?:day)?s? (?:through|thru|to|-) fri(?:day)?s?\\b`,
    () => weekly('mo tu we th fr', 1),
  ),
  rule(`\\b(?:(?:${EVERY}|on) )?weekends?\\b`, () => weekly('sa su', 1)),
  // Weekly on given days.
  rule(`\\b${EVERY} (${DAY_LIST})\\b`, (match) => weekly(match[1], 1)),
  rule(`\\b(?:weekly|${EVERY} week|once a week) on (${DAY_LIST})\\b`, (match) =>
    weekly(match[1], 1),
  ),
  rule(`\\b(?:on )?(${DAY_LIST}) (?:${EVERY} week|weekly)\\b`, (match) => weekly(match[1], 1)),
  rule(`\\b(?:on )?(${PLURAL_LIST})\\b`, (match) => weekly(match[1], 1)),
  // Plain intervals: "every second week" is every 2 weeks, not every second.
  rule(`\\b${EVERY} (other|second|2nd|third|3rd|fourth|4th) ${UNIT}\\b`, (match) =>
    interval(match[2], match[1] === 'other' ? 2 : parseOrdinal(match[1] ?? '')),
  ),
  rule(`\\b${EVERY} (${COUNT_PATTERN}) ${UNIT}\\b`, (match) =>
    interval(match[2], parseCount(match[1] ?? '')),
  ),
  rule(`\\b${EVERY} (?:single )?${UNIT}\\b`, (match) => interval(match[1], 1)),
  // "20 a week" repeats; "a week from tomorrow", "a week later" is a date.
  rule(
    `\\b(?:once )?(?<!(?:for|in|within) )(?:a|per) (day|week|month|year)\\b(?! (?:from|after|later|before|ago|today|tomorrow|now)\\b)`,
    (match) => interval(match[1], 1),
  ),
  rule(
    '\\b(daily|nightly|weekly|monthly|yearly|annually|quarterly|hourly|bi-?weekly|fortnightly|bi-?monthly|semi-?annually)\\b',
    (match) => adverb(match[1] ?? ''),
  ),
  // "every 10th": a day of the month, when nothing after it makes it a week or a weekday.
  rule(`\\b${EVERY} (${MONTH_DAYS})\\b(?! (?:${UNIT}|${DAY}s?|${MONTH}|other|of)\\b)`, (match) =>
    monthDays(match[1]),
  ),
  rule(`\\b${EVERY} (morning|evening|night)\\b`, (match) => ({
    ...base('DAILY'),
    ...(match[1] === 'morning'
      ? {}
      : { time: { hour: match[1] === 'evening' ? 18 : 21, minute: 0 } }),
  })),
];

// Most commands repeat nothing: one test of every pattern at once lets them skip the rest.
const ANY_RECURRENCE = anyOf([
  VAGUE_FREQUENCY,
  LEFTOVER_EVERY,
  ...PATTERNS.map(({ pattern }) => pattern),
]);

function rule(source: string, build: PatternRule['build']): PatternRule {
  return { pattern: new RegExp(source, 'g'), build };
}

function base(frequency: Frequency, interval = 1): RecurrencePattern {
  return { frequency, interval, byDay: [], byMonthDay: [], byMonth: [] };
}

function weekly(
  days: string | undefined,
  every: number | undefined,
): RecurrencePattern | undefined {
  const codes = dayCodes(days ?? '');
  if (codes.length === 0 || !every) return undefined;
  return { ...base('WEEKLY', every), byDay: codes };
}

function nthWeekday(match: RegExpExecArray): RecurrencePattern | undefined {
  const nth = match[1] === 'last' ? -1 : parseOrdinal(match[1] ?? '');
  const [code] = dayCodes(match[2] ?? '');
  if (!nth || !code) return undefined;
  return { ...base('MONTHLY'), byDay: [`${nth}${code}`] };
}

function businessDay(match: RegExpExecArray): RecurrencePattern {
  return {
    ...base('MONTHLY'),
    byDay: ['MO', 'TU', 'WE', 'TH', 'FR'],
    bySetPos: [match[1] === 'last' ? -1 : 1],
  };
}

function monthly(days: number[]): RecurrencePattern {
  return { ...base('MONTHLY'), byMonthDay: days };
}

function monthDays(text: string | undefined): RecurrencePattern | undefined {
  const days = (text ?? '')
    .replace(/\bthe /g, '')
    .split(/ ?, ?(?:and )?| and | & /)
    .map((part) => (/^last(?: day)?$/.test(part.trim()) ? -1 : parseOrdinal(part.trim())));
  if (days.length === 0 || days.some((day) => !day || day > 31)) return undefined;
  // Days in calendar order, the last day (-1) after them.
  const order = (day: number) => (day < 0 ? 100 - day : day);
  return monthly([...new Set(days as number[])].sort((left, right) => order(left) - order(right)));
}

function yearly(text: string | undefined): RecurrencePattern | undefined {
  const words = (text ?? '').replace(/\b(?:the|of) /g, '').split(' ');
  const monthWord = words.find((word) => MONTH_INDEX.test(word));
  const month = monthWord ? monthNumber(monthWord) : undefined;
  const day = parseOrdinal(words.filter((word) => word !== monthWord).join(' '));
  if (!month || !day || day > 31) return undefined;
  return { ...base('YEARLY'), byMonth: [month], byMonthDay: [day] };
}

function interval(
  unit: string | undefined,
  every: number | undefined,
): RecurrencePattern | undefined {
  if (!every || every < 1) return undefined;
  switch (unit) {
    case 'quarter':
      return base('MONTHLY', 3 * every);
    case 'fortnight':
      return base('WEEKLY', 2 * every);
    case 'sec':
      return base('SECONDLY', every);
    case 'min':
      return base('MINUTELY', every);
    default:
      return unit && unit in UNIT_FREQUENCY
        ? base(UNIT_FREQUENCY[unit] as Frequency, every)
        : undefined;
  }
}

function adverb(word: string): RecurrencePattern | undefined {
  const normalized = word.replace('-', '');
  if (normalized === 'nightly') return { ...base('DAILY'), time: { hour: 21, minute: 0 } };
  const [frequency, every] = ADVERBS[normalized] ?? [];
  return frequency ? base(frequency, every) : undefined;
}

const UNIT_FREQUENCY: Record<string, Frequency> = wordTable({
  second: 'SECONDLY',
  minute: 'MINUTELY',
  hour: 'HOURLY',
  day: 'DAILY',
  week: 'WEEKLY',
  month: 'MONTHLY',
  year: 'YEARLY',
});

const ADVERBS: Record<string, [Frequency, number]> = wordTable({
  daily: ['DAILY', 1],
  weekly: ['WEEKLY', 1],
  biweekly: ['WEEKLY', 2],
  fortnightly: ['WEEKLY', 2],
  monthly: ['MONTHLY', 1],
  bimonthly: ['MONTHLY', 2],
  quarterly: ['MONTHLY', 3],
  semiannually: ['MONTHLY', 6],
  yearly: ['YEARLY', 1],
  annually: ['YEARLY', 1],
  hourly: ['HOURLY', 1],
});

const DAY_CODES = ['mo', 'tu', 'we', 'th', 'fr', 'sa', 'su'];

/** "mon, wed and fridays" -> ["MO", "WE", "FR"], in week order. */
function dayCodes(text: string): string[] {
  const codes = new Set(
    (text.match(/\b(?:mo|tu|we|th|fr|sa|su)/g) ?? []).filter((code) => DAY_CODES.includes(code)),
  );
  return DAY_CODES.filter((code) => codes.has(code)).map((code) => code.toUpperCase());
}

const MONTH_INDEX = new RegExp(`^${MONTH}$`);
const MONTH_PREFIXES = [
  'jan',
  'feb',
  'mar',
  'apr',
  'may',
  'jun',
  'jul',
  'aug',
  'sep',
  'oct',
  'nov',
  'dec',
];

function monthNumber(word: string): number | undefined {
  const index = MONTH_PREFIXES.indexOf(word.slice(0, 3));
  return index < 0 ? undefined : index + 1;
}

function* range(first: number, last: number) {
  for (let index = first; index < last; index += 1) yield index;
}
