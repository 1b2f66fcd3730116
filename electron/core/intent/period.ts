import type { DateTime } from 'luxon';
import { localDateTime } from './schedule/calendar';

/**
 * Reads the period a question is about. A month named alone means its most recent
 * occurrence for history ("in October" in November is this October) and the coming one
 * for upcoming payments.
 */
export function readPeriod(view: string, now: DateTime, forward: boolean): string | undefined {
  for (const [pattern, label] of RELATIVE) if (pattern.test(view)) return label;
  const named = MONTH_NAME.exec(view);
  if (named) {
    const month = MONTHS.indexOf((named[1] ?? '').slice(0, 3)) + 1;
    const year = named[2]
      ? Number(named[2])
      : forward
        ? month < now.month
          ? now.year + 1
          : now.year
        : month > now.month
          ? now.year - 1
          : now.year;
    return `${year}-${String(month).padStart(2, '0')}`;
  }
  const year = /\b(?:in|during|for) (20\d\d)\b/.exec(view);
  return year ? year[1] : undefined;
}

/** The instants [from, to) a period label covers in the user's zone. */
export function periodRange(
  label: string,
  now: DateTime,
): { from: DateTime; to: DateTime } | undefined {
  const day = now.startOf('day');
  const week = now.startOf('week');
  const month = now.startOf('month');
  const year = now.startOf('year');
  const ranges: Record<string, [DateTime, DateTime]> = {
    today: [day, day.plus({ days: 1 })],
    yesterday: [day.minus({ days: 1 }), day],
    tomorrow: [day.plus({ days: 1 }), day.plus({ days: 2 })],
    this_week: [week, week.plus({ weeks: 1 })],
    last_week: [week.minus({ weeks: 1 }), week],
    next_week: [week.plus({ weeks: 1 }), week.plus({ weeks: 2 })],
    this_month: [month, month.plus({ months: 1 })],
    last_month: [month.minus({ months: 1 }), month],
    next_month: [month.plus({ months: 1 }), month.plus({ months: 2 })],
    this_year: [year, year.plus({ years: 1 })],
    last_year: [year.minus({ years: 1 }), year],
  };
  const named = ranges[label];
  if (named) return { from: named[0], to: named[1] };
  const monthMatch = /^(\d{4})-(\d{2})$/.exec(label);
  if (monthMatch) {
    const from = localDateTime(
      { year: Number(monthMatch[1]), month: Number(monthMatch[2]), day: 1 },
      now.zoneName ?? 'UTC',
    );
    return { from, to: from.plus({ months: 1 }) };
  }
  if (/^\d{4}$/.test(label)) {
    const from = localDateTime({ year: Number(label), month: 1, day: 1 }, now.zoneName ?? 'UTC');
    return { from, to: from.plus({ years: 1 }) };
  }
  return undefined;
}

const RELATIVE: [RegExp, string][] = [
  [/\btoday\b/, 'today'],
  [/\byesterday\b/, 'yesterday'],
  [/\btomorrow\b/, 'tomorrow'],
  [/\b(?:this|current) week\b/, 'this_week'],
  [/\b(?:last|past|previous) week\b/, 'last_week'],
  [/\bnext week\b/, 'next_week'],
  [/\b(?:this|current) month\b/, 'this_month'],
  [/\b(?:last|past|previous) month\b/, 'last_month'],
  [/\bnext month\b/, 'next_month'],
  [/\b(?:this|current) year\b/, 'this_year'],
  [/\b(?:last|past|previous) year\b/, 'last_year'],
];
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_NAME =
  /\b(?:in|during|for|since|of) (jan(?:uary)?|feb(?:ruary)?|march|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?: (20\d\d))?\b/;
