import type { TokenStream } from '../text';
import { zonedNow } from './calendar';
import type { DateMention, ScheduleContext } from './dates';

/**
 * Holidays said by name. Those on a fixed date ("on christmas", "new year's eve", "the
 * 4th of july") are read as that date, the next one to come. Those that move from year to
 * year (Easter, Thanksgiving, Labor Day...) ArcFlux doesn't compute, so it asks for the
 * date instead of guessing it. The words are consumed either way.
 */
export function takeHolidays(
  stream: TokenStream,
  context: ScheduleContext,
): { dates: DateMention[]; unsupported: boolean } {
  const dates: DateMention[] = [];
  let unsupported = false;
  // Most commands name no holiday; the zone's year costs an Intl lookup, so only then.
  if (!MAY_NAME_HOLIDAY.test(stream.view)) return { dates, unsupported };
  const year = zonedNow(context.now, context.timezone).year;
  for (const { name, month, day } of FIXED) {
    for (const { match, first, last } of stream.matches(name)) {
      stream.consume(first, last);
      const said = match[1] === undefined ? undefined : Number(match[1]);
      dates.push({
        kind: 'calendar',
        year: said ?? year,
        month,
        day,
        dayGiven: true,
        yearGiven: said !== undefined,
        past: false,
        text: stream.originalText(first, last),
      });
    }
  }
  for (const { first, last } of stream.matches(MOVING)) {
    stream.consume(first, last);
    unsupported = true;
  }
  return { dates, unsupported };
}

/**
 * The fixed holiday `text` starts with ("christmas eve and ..."), for bounds such as
 * "until christmas"; its length is how many characters of `text` name it.
 */
export function holidayAt(
  text: string,
  context: ScheduleContext,
): { date: DateMention; length: number } | undefined {
  for (const { name, month, day } of FIXED) {
    const anchored = new RegExp(`^${name.source}`);
    const match = anchored.exec(text);
    if (!match) continue;
    const said = match[1] === undefined ? undefined : Number(match[1]);
    return {
      length: match[0].length,
      date: {
        kind: 'calendar',
        year: said ?? zonedNow(context.now, context.timezone).year,
        month,
        day,
        dayGiven: true,
        yearGiven: said !== undefined,
        past: false,
        text: match[0],
      },
    };
  }
  return undefined;
}

/**
 * The name with the "on" before it, so a memo never ends in "on" ("for presents on"), and
 * a year after it, so "July 4th 2027" leaves no number behind to be read as an amount.
 */
function withOn(name: RegExp): RegExp {
  return new RegExp(`(?:\\bon )?${name.source}(?: ?,? ((?:19|20|21)\\d\\d)\\b)?`, 'g');
}

const MAY_NAME_HOLIDAY =
  /christmas|xmas|new year|valentine|independence|july|halloween|juneteenth|easter|friday|thanksgiving|monday|day\b|hanukkah|chanukah|diwali|ramadan|eid|passover|rosh|yom|lunar/;

// Longest names first: "christmas eve" before "christmas", "new year's eve" before "new year".
const FIXED: { name: RegExp; month: number; day: number }[] = [
  { name: /\bchristmas eve\b/g, month: 12, day: 24 },
  { name: /\b(?:christmas|xmas)(?: day)?\b/g, month: 12, day: 25 },
  { name: /\bnew years?(?:'s|')? eve\b/g, month: 12, day: 31 },
  { name: /\bnew years?(?:'s|')?(?: day)?\b/g, month: 1, day: 1 },
  { name: /\bvalentines?(?:'s|')?(?: day)?\b/g, month: 2, day: 14 },
  {
    name: /\b(?:independence day|(?:the )?(?:4th|fourth) of july|july (?:4th|fourth))\b/g,
    month: 7,
    day: 4,
  },
  { name: /\bhalloween\b/g, month: 10, day: 31 },
  { name: /\bjuneteenth\b/g, month: 6, day: 19 },
].map(({ name, ...date }) => ({ name: withOn(name), ...date }));

const MOVING = withOn(
  /\b(?:easter(?: sunday| monday)?|good friday|thanksgiving(?: day)?|black friday|cyber monday|labou?r day|memorial day|mlk day|martin luther king(?: jr)? day|presidents?(?:'s|')? day|columbus day|indigenous peoples?(?:'s|')? day|veterans?(?:'s|')? day|mothers?(?:'s|')? day|fathers?(?:'s|')? day|hanukkah|chanukah|diwali|ramadan|eid(?: al[- ]\w+)?|passover|rosh hashanah|yom kippur|lunar new year|chinese new year)\b/g,
);
