import type { Component, ParsedComponents, ParsedResult } from 'chrono-node';
import { casual } from 'chrono-node/en';
import type { DateTime } from 'luxon';
import { ORDINAL_PATTERN, parseCount, parseNumberPhrase, parseOrdinal } from '../numbers';
import type { TokenStream } from '../text';
import { localDateTime, zonedNow } from './calendar';
import { holidayAt, takeHolidays } from './holidays';
import { wordTable } from '../wordTable';

export interface TimeOfDay {
  readonly hour: number;
  readonly minute: number;
}

/** What the parser needs to place a phrase in time. */
export interface ScheduleContext {
  readonly now: Date;
  readonly timezone: string;
  /** Used when a day is named without a time: settings' defaultRunTime, 09:00. */
  readonly defaultRunTime: TimeOfDay;
}

/** A day named in the command, as chrono-node read it, with its time when one was said. */
export type DateMention = (
  | {
      kind: 'calendar';
      year: number;
      month: number;
      day: number;
      /** False for "next month", "December": the day is chrono's guess. */
      dayGiven: boolean;
      yearGiven: boolean;
    }
  | { kind: 'weekday'; weekday: number; next: boolean }
  | { kind: 'dayOfMonth'; day: number }
  | { kind: 'today' }
  /** "in 2 hours": an exact instant. */
  | { kind: 'exact'; instant: DateTime }
) & { time?: TimeOfDay; past: boolean; text: string };

export interface DatePhrases {
  dates: DateMention[];
  /** Times said apart from a day: "at 5pm", "tonight". */
  times: (TimeOfDay & { text: string })[];
  /** A day said in a way ArcFlux can't place (a holiday whose date moves). */
  unsupported: boolean;
}

/**
 * Reads every date and time phrase left in the stream with chrono-node and consumes it.
 * chrono does the calendar arithmetic ("tomorrow", "this friday", "December 5"); this
 * module only decides which day is meant when one is said without a date.
 */
export function takeDatePhrases(stream: TokenStream, context: ScheduleContext): DatePhrases {
  const holidays = takeHolidays(stream, context);
  const phrases: DatePhrases = {
    dates: [
      ...holidays.dates,
      ...takeDayAfterTomorrow(stream, context),
      ...takeMinutesAndHoursFromNow(stream, context),
    ],
    times: takeSpokenTimes(stream),
    unsupported: holidays.unsupported,
  };
  // chrono is the slowest step; most commands without digits or date words skip it.
  const results = MAY_HOLD_DATE.test(stream.view) ? parseDates(stream.view, context) : [];
  for (const result of results) {
    const range = stream.rangeOf(result.index, result.index + result.text.length);
    if (!range || result.text.includes('|')) continue;
    stream.consume(range.first, range.last);
    const reading = readResult(result, context);
    if (reading && 'kind' in reading) phrases.dates.push(reading);
    else if (reading) phrases.times.push(reading);
  }
  for (const { match, first, last } of stream.matches(DAY_OF_MONTH)) {
    const day = parseOrdinal(match[1] ?? '') ?? 0;
    if (day < 1 || day > 31) continue;
    stream.consume(first, last);
    phrases.dates.push({ kind: 'dayOfMonth', day, past: false, text: match[0] });
  }
  return phrases;
}

/**
 * "in two hours", "in an hour and a half", "in half an hour", "in 45 minutes": an exact
 * instant from now. chrono reads "in 2 hours" but not number words or halves, which the
 * amount pass would otherwise take for a second amount.
 */
function takeMinutesAndHoursFromNow(stream: TokenStream, context: ScheduleContext): DateMention[] {
  const found: DateMention[] = [];
  for (let index = 0; index < stream.tokens.length; index += 1) {
    if (stream.isUsed(index) || stream.tokens[index]?.lower !== 'in') continue;
    const unitAt = stream.tokens.findIndex(
      (token, position) => position > index && position <= index + 6 && UNIT_MINUTES[token.lower],
    );
    if (unitAt < 0 || [...range(index, unitAt + 1)].some((each) => stream.isUsed(each))) continue;
    let words = stream.tokens.slice(index + 1, unitAt).map((token) => token.lower);
    let count = 0;
    if (words.join(' ') === 'half an' || words.join(' ') === 'half a') {
      count = 0.5;
      words = [];
    } else if (words.slice(-3).join(' ') === 'and a half') {
      count = 0.5;
      words = words.slice(0, -3);
    }
    const whole =
      words.length === 1 && (words[0] === 'a' || words[0] === 'an')
        ? 1
        : words.length === 0 && count > 0
          ? 0
          : toNumber(parseNumberPhrase(words));
    if (whole === undefined) continue;
    let last = unitAt + 1;
    if (
      stream.tokens
        .slice(last, last + 3)
        .map((token) => token.lower)
        .join(' ') === 'and a half'
    ) {
      count += 0.5;
      last += 3;
    }
    const minutes = (whole + count) * (UNIT_MINUTES[stream.tokens[unitAt]?.lower ?? ''] ?? 0);
    if (!Number.isInteger(minutes) || minutes <= 0 || minutes > MAX_MINUTES_AHEAD) continue;
    stream.consume(index, last);
    found.push({
      kind: 'exact',
      instant: zonedNow(context.now, context.timezone).plus({ minutes }),
      past: false,
      text: stream.originalText(index, last),
    });
  }
  return found;
}

/** "the day after tomorrow": chrono reads only its "tomorrow" and leaves "day after". */
function takeDayAfterTomorrow(stream: TokenStream, context: ScheduleContext): DateMention[] {
  return stream.matches(DAY_AFTER_TOMORROW).map(({ first, last }) => {
    stream.consume(first, last);
    const day = zonedNow(context.now, context.timezone).plus({ days: 2 });
    return {
      kind: 'calendar',
      year: day.year,
      month: day.month,
      day: day.day,
      dayGiven: true,
      yearGiven: true,
      past: false,
      text: stream.originalText(first, last),
    };
  });
}

const DAY_AFTER_TOMORROW = /\b(?:on )?(?:the )?day after tomorrow\b/g;

/**
 * Times said in words, as speech-to-text writes them: "eight A.M.", "nine thirty p.m.",
 * "quarter past four P.M.", "half past six in the evening". chrono reads digits ("8am")
 * but not these. Only a time whose half of the day is said (a.m./p.m., or morning,
 * afternoon, evening, night) is read; "at eight" alone is left to be asked about.
 */
function takeSpokenTimes(stream: TokenStream): (TimeOfDay & { text: string })[] {
  const times: (TimeOfDay & { text: string })[] = [];
  for (const { match, first, last } of stream.matches(SPOKEN_TIME)) {
    const groups = match.groups ?? {};
    // HOUR admits "one" to "twelve" only, so the count is the hour.
    const said = groups.hour ?? groups.pastHour ?? groups.toHour;
    const hour = said === undefined ? undefined : parseCount(said);
    if (hour === undefined) continue;
    let minute = 0;
    if (groups.minutes) {
      const value = parseNumberPhrase(groups.minutes.replace(/^oh /, '').split(/[ -]/));
      if (!value || value.scale !== 0 || value.units > 59n) continue;
      minute = Number(value.units);
    } else if (groups.past) minute = groups.past === 'half' ? 30 : 15;
    let hours = hour;
    if (groups.toHour) {
      // "quarter to four" is 3:45.
      hours = hour === 1 ? 12 : hour - 1;
      minute = 45;
    }
    const half = meridiem(groups.meridiem ?? groups.part ?? '');
    if (half === undefined) continue;
    // "half past six tomorrow evening": the day between is chrono's to read.
    const day = stream.tokens.findIndex(
      (token, index) =>
        index >= first && index < last && (token.lower === 'today' || token.lower === 'tomorrow'),
    );
    if (day < 0) stream.consume(first, last);
    else {
      stream.consume(first, day);
      stream.consume(day + 1, last);
    }
    times.push({
      hour: (hours % 12) + (half === 'pm' ? 12 : 0),
      minute,
      text: stream.originalText(first, last),
    });
  }
  return times;
}

function meridiem(said: string): 'am' | 'pm' | undefined {
  if (/^a\.?m$|morning$/.test(said)) return 'am';
  if (/^p\.?m$|(?:afternoon|evening|night)$/.test(said)) return 'pm';
  return undefined;
}

const HOUR = '(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)';
const MINUTES =
  '(?:oh (?:one|two|three|four|five|six|seven|eight|nine)|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|(?:twenty|thirty|forty|fifty)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?)';
const HALF_OF_DAY = '(?<meridiem>a\\.?m|p\\.?m)\\b\\.?';
const PART_OF_DAY = '(?:in the |this |at )?(?<part>morning|afternoon|evening|night|tonight)';
const SPOKEN_TIME = new RegExp(
  `\\b(?:at )?(?:(?<hour>${HOUR})(?: (?<minutes>${MINUTES}))?(?: o'?clock)?|(?<past>quarter|half) (?:past|after) (?<pastHour>${HOUR})|quarter (?:to|till|before) (?<toHour>${HOUR}))(?: (?:today|tomorrow))? (?:${HALF_OF_DAY}|${PART_OF_DAY})`,
  'g',
);

const UNIT_MINUTES: Record<string, number> = wordTable({
  minute: 1,
  minutes: 1,
  min: 1,
  mins: 1,
  hour: 60,
  hours: 60,
  hr: 60,
  hrs: 60,
});
/** Beyond two days, "in N hours" is better said as a date; chrono reads longer spans. */
const MAX_MINUTES_AHEAD = 48 * 60;

function toNumber(value: ReturnType<typeof parseNumberPhrase>): number | undefined {
  return value ? Number(value.units) / 10 ** value.scale : undefined;
}

function* range(first: number, last: number) {
  for (let index = first; index < last; index += 1) yield index;
}

/**
 * Reads the date phrase that starts at token `index` ("December 1", "Friday", "next
 * month"), for bounds such as "starting ..." and "until ...". Consumes it if found.
 */
export function takeDateAt(
  stream: TokenStream,
  index: number,
  context: ScheduleContext,
): { date: DateMention; end?: DateMention } | undefined {
  const view = stream.view;
  const offset = stream.offsetOf(index);
  if (offset === undefined) return undefined;
  // A date phrase after "until" or "starting" is short; reading only the next words keeps
  // a command of repeated keywords from costing a full chrono pass per keyword.
  const rest = wordsWithin(view.slice(offset), DATE_PHRASE_LENGTH);
  const lead = /^(?:on |the )*/.exec(rest)?.[0].length ?? 0;
  // "until christmas": chrono doesn't know holidays.
  const holiday = holidayAt(rest.slice(lead), context);
  if (holiday) {
    const range = stream.rangeOf(offset + lead, offset + lead + holiday.length);
    if (range && !rest.slice(lead, lead + holiday.length).includes('|')) {
      stream.consume(index, range.last);
      return { date: holiday.date };
    }
  }
  const [result] = parseDates(rest, context).filter((candidate) => candidate.index === lead);
  if (!result || result.text.includes('|')) return undefined;
  const range = stream.rangeOf(offset + result.index, offset + result.index + result.text.length);
  const reading = readResult(result, context);
  if (!range || !reading || !('kind' in reading)) return undefined;
  stream.consume(index, range.last);
  // "from December 1 to December 10" is one chrono range: its end bounds the repetition.
  const end = result.end ? readComponents(result.end, result.text, context) : undefined;
  return { date: reading, ...(end && 'kind' in end ? { end } : {}) };
}

const MAY_HOLD_DATE =
  /\d|\b(?:today|tomorrow|yesterday|tonight|noon|midnight|morning|evening|afternoon|night|week|month|year|mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|next|last|ago|end|christmas)/;

const DATE_PHRASE_LENGTH = 80;

function wordsWithin(text: string, length: number): string {
  if (text.length <= length) return text;
  const cut = text.lastIndexOf(' ', length);
  return text.slice(0, cut > 0 ? cut : length);
}

// chrono doesn't read "on the 1st" (a day of this or next month); this grammar does.
const DAY_OF_MONTH = new RegExp(`\\b(?:on )?the (${ORDINAL_PATTERN})\\b`, 'g');

function parseDates(text: string, context: ScheduleContext): ParsedResult[] {
  // An offset in minutes makes chrono compute in the user's zone, whatever the machine's.
  const offset = zonedNow(context.now, context.timezone).offset;
  return casual.parse(text, { instant: context.now, timezone: offset }, { forwardDate: true });
}

function readResult(result: ParsedResult, context: ScheduleContext) {
  return readComponents(result.start, result.text, context);
}

function readComponents(
  start: ParsedComponents,
  text: string,
  context: ScheduleContext,
): DateMention | (TimeOfDay & { text: string }) | undefined {
  const tags = start.tags();
  const past =
    /\b(?:yesterday|last|ago|previous|earlier)\b/.test(text) ||
    tags.has('casualReference/yesterday');
  const field = (name: Component) => start.get(name) ?? 0;
  // A time said with its zone ("18:00 UTC", "5pm PST") is one exact moment; chrono's
  // absolute reading is it, whatever the user's own zone.
  if (start.isCertain('timezoneOffset')) {
    return { kind: 'exact', instant: zonedNow(start.date(), context.timezone), past, text };
  }
  // "midnight" is the start of a day, the next one to come: chrono reads "midnight
  // tonight" as noon.
  if (tags.has('casualReference/midnight')) {
    let day = localDateTime(
      { year: field('year'), month: field('month'), day: field('day') },
      context.timezone,
    );
    if (day.toMillis() <= context.now.getTime()) day = day.plus({ days: 1 });
    return {
      kind: 'calendar',
      year: day.year,
      month: day.month,
      day: day.day,
      dayGiven: true,
      yearGiven: false,
      past,
      text,
      time: { hour: 0, minute: 0 },
    };
  }
  const time = timeOf(start, tags, context);
  const base = { past, text, ...(time ? { time } : {}) };
  if (tags.has('result/relativeDateAndTime')) {
    const instant = localDateTime(
      {
        year: field('year'),
        month: field('month'),
        day: field('day'),
        hour: field('hour'),
        minute: field('minute'),
        second: field('second'),
      },
      context.timezone,
    );
    return { kind: 'exact', instant, ...base };
  }
  if (tags.has('casualReference/today') || tags.has('casualReference/now'))
    return { kind: 'today', ...base };
  if (start.isCertain('day') || start.isCertain('month')) {
    return {
      kind: 'calendar',
      year: field('year'),
      month: field('month'),
      day: field('day'),
      dayGiven: start.isCertain('day'),
      yearGiven: start.isCertain('year'),
      ...base,
    };
  }
  if (start.isCertain('weekday')) {
    return { kind: 'weekday', weekday: field('weekday'), next: /\bnext\b/.test(text), ...base };
  }
  return time ? { ...time, text } : undefined;
}

/** A time that was said, or implied by "tonight"/"this evening"; undefined otherwise. */
function timeOf(
  start: ParsedComponents,
  tags: Set<string>,
  context: ScheduleContext,
): TimeOfDay | undefined {
  if (start.isCertain('hour'))
    return { hour: start.get('hour') ?? 0, minute: start.get('minute') ?? 0 };
  if (tags.has('casualReference/morning')) return context.defaultRunTime;
  const casual = ['tonight', 'evening', 'afternoon', 'noon', 'midnight'].some((name) =>
    tags.has(`casualReference/${name}`),
  );
  return casual ? { hour: start.get('hour') ?? 0, minute: start.get('minute') ?? 0 } : undefined;
}
