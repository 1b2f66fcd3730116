import { COUNT_PATTERN, parseCount } from '../numbers';
import { anyOf, type TokenStream } from '../text';
import { takeDateAt, type DateMention, type ScheduleContext } from './dates';

export type DurationUnit = 'day' | 'week' | 'month' | 'year';

/** Limits said around a repetition: when it starts, when it ends, or how often it runs. */
export interface Bounds {
  start?: DateMention | 'now';
  until?: DateMention | { kind: 'endOf'; unit: 'year' | 'month' | 'week' };
  duration?: { unit: DurationUnit; amount: number };
  count?: number;
  /** A bound keyword without a readable date: "until whenever". */
  unclear: boolean;
}

/**
 * Reads "until the end of the year", "until December 31", "for 6 months", "for a
 * week", "12 times", "starting December 1", "starting Friday", "from next month". Dates
 * after the keywords are read by chrono-node; the keywords themselves are this grammar.
 */
export function takeBounds(stream: TokenStream, context: ScheduleContext): Bounds {
  const bounds: Bounds = { unclear: false };
  if (!ANY_BOUND.test(stream.view)) return bounds;
  for (const { match, first, last } of stream.matches(UNTIL_END_OF)) {
    stream.consume(first, last);
    bounds.until = { kind: 'endOf', unit: (match[1] ?? 'year') as 'year' | 'month' | 'week' };
  }
  for (const { match, first, last } of stream.matches(DURATION)) {
    const amount = parseCount(match[1] ?? '');
    if (!amount) continue;
    stream.consume(first, last);
    bounds.duration = { unit: (match[2] ?? 'day') as DurationUnit, amount };
  }
  for (const { match, first, last } of stream.matches(COUNT)) {
    const count = parseCount(match[1] ?? match[2] ?? '');
    if (!count) continue;
    stream.consume(first, last);
    bounds.count = count;
  }
  for (const { first, last } of stream.matches(START_NOW)) {
    stream.consume(first, last);
    bounds.start = 'now';
  }
  // "until ..." first, so a start date never swallows it as the end of a range.
  for (const { first, last } of stream.matches(UNTIL)) {
    if (stream.isUsed(first)) continue;
    const found = takeDateAt(stream, last, context);
    stream.consume(first, last);
    if (found) bounds.until = found.date;
    else bounds.unclear = true;
  }
  for (const { first, last } of stream.matches(START)) {
    if (stream.isUsed(first)) continue;
    const found = takeDateAt(stream, last, context);
    if (!found) continue;
    stream.consume(first, last);
    bounds.start = found.date;
    if (found.end && !bounds.until) bounds.until = found.end;
  }
  return bounds;
}

const UNTIL_WORDS =
  '(?:until|till|til|through|thru|up (?:to|until)|ending(?: on| at)?|ends? (?:on|at)|stopping(?: on| at)?|stop (?:on|at|after))';
const UNTIL_END_OF = new RegExp(
  `\\b${UNTIL_WORDS} (?:the )?end of (?:the |this )?(year|month|week)\\b|\\buntil next (year)\\b`,
  'g',
);
const UNTIL = new RegExp(`\\b${UNTIL_WORDS}\\b`, 'g');
const DURATION = new RegExp(
  `\\bfor (?:the )?(?:next |following )?(${COUNT_PATTERN}) (day|week|month|year)s?\\b`,
  'g',
);
const COUNT = new RegExp(
  `\\b(${COUNT_PATTERN}) (?:times|payments|installments|instalments|occurrences)\\b|\\bfor (${COUNT_PATTERN}) (?:payments|installments|instalments|occurrences)\\b`,
  'g',
);
const START_NOW = /\b(?:starting|beginning|effective|from) (?:now|today|right now)(?: on)?\b/g;
const START =
  /\b(?:starting(?: on| from)?|beginning(?: on| from)?|commencing(?: on)?|effective(?: on)?|from|as of|start(?:ing)? (?:on|from))\b/g;

// Most commands have no bound: one test of every keyword lets them skip the passes.
const ANY_BOUND = anyOf([UNTIL_END_OF, DURATION, COUNT, START_NOW, UNTIL, START]);
