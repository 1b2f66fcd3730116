import type { Schedule } from '../../../shared/schemas/schedule';
import { formatInstant } from '../../../shared/format';
import { dateTimeFormat, formatDate, formatTime } from './dates';

/**
 * A schedule in words, as a person would say it: "Once, right away", "Every month on the
 * 1st at 9:00 AM", "Every 2 weeks on Monday and Friday at 8:30 AM, 6 times". Times read in
 * the schedule's own zone (the payment's for one-off payments), so they match what was said.
 * An RRULE this does not understand is shown as-is rather than described wrongly.
 */
export function describeSchedule(schedule: Schedule, timeZone: string, locale?: string): string {
  if (schedule.kind === 'once') {
    return schedule.runAt === null
      ? 'Once, right away'
      : `Once, on ${formatInstant(schedule.runAt, timeZone, locale)}`;
  }
  const rule = parseRrule(schedule.rrule);
  const interval = Number(rule.INTERVAL ?? '1');
  const every = (unit: string) => (interval > 1 ? `Every ${interval} ${unit}s` : `Every ${unit}`);
  // The runs keep the first run's local time. That is `localStart` when the first run's own
  // time was skipped by a daylight-saving change (it ran an hour later, the rest won't),
  // read as it is written; otherwise the first run read in the schedule's zone.
  const [start, zone] = schedule.localStart
    ? [`${schedule.localStart}Z`, 'UTC']
    : [schedule.firstRun, schedule.timezone];
  const time = ` at ${formatTime(start, zone, locale)}`;

  let phrase: string | null;
  switch (rule.FREQ) {
    case 'DAILY':
      phrase = interval > 1 ? every('day') : 'Every day';
      break;
    case 'WEEKLY': {
      const days = rule.BYDAY ? listWeekdays(rule.BYDAY) : weekdayOf(start, zone);
      phrase = days === null ? null : `${every('week')} on ${days}`;
      break;
    }
    case 'MONTHLY': {
      const day = describeMonthDay(rule, start, zone);
      phrase = day === null ? null : `${every('month')} on ${day}`;
      break;
    }
    case 'YEARLY': {
      const date = dateTimeFormat({ locale, timeZone: zone, month: 'long', day: 'numeric' });
      phrase = `${every('year')} on ${date.format(new Date(start))}`;
      break;
    }
    default:
      phrase = null;
  }
  if (phrase === null) return `Repeats (${schedule.rrule})`;

  let limit = '';
  if (rule.COUNT) limit = `, ${rule.COUNT} ${rule.COUNT === '1' ? 'time' : 'times'}`;
  else if (rule.UNTIL) {
    const until = parseUntil(rule.UNTIL);
    if (until) limit = `, until ${formatDate(until, schedule.timezone, locale)}`;
  }
  return `${phrase}${time}${limit}`;
}

const WEEKDAYS: Record<string, string> = {
  MO: 'Monday',
  TU: 'Tuesday',
  WE: 'Wednesday',
  TH: 'Thursday',
  FR: 'Friday',
  SA: 'Saturday',
  SU: 'Sunday',
};

const ORDINAL_WORDS: Record<string, string> = {
  '1': 'first',
  '2': 'second',
  '3': 'third',
  '4': 'fourth',
  '5': 'fifth',
  '-1': 'last',
};

function parseRrule(rrule: string): Record<string, string> {
  return Object.fromEntries(
    rrule.split(';').map((part) => {
      const [key = '', value = ''] = part.split('=');
      return [key.toUpperCase(), value];
    }),
  );
}

function listWeekdays(byDay: string): string | null {
  const names = byDay.split(',').map((code) => WEEKDAYS[code]);
  if (names.some((name) => name === undefined)) return null;
  if (names.length === 5 && !byDay.includes('SA') && !byDay.includes('SU')) return 'weekdays';
  return joinWords(names as string[]);
}

function describeMonthDay(
  rule: Record<string, string>,
  firstRun: string,
  zone: string,
): string | null {
  if (rule.BYDAY === 'MO,TU,WE,TH,FR' && rule.BYSETPOS) {
    // Weekends only: ArcFlux knows no public holidays.
    const ordinal = ORDINAL_WORDS[rule.BYSETPOS];
    return ordinal ? `the ${ordinal} business day` : null;
  }
  if (rule.BYDAY) {
    const match = /^([+-]?\d)?(MO|TU|WE|TH|FR|SA|SU)$/.exec(rule.BYDAY);
    const position = rule.BYSETPOS ?? match?.[1]?.replace('+', '');
    const ordinal = position === undefined ? undefined : ORDINAL_WORDS[position];
    return match && ordinal ? `the ${ordinal} ${WEEKDAYS[match[2] as string]}` : null;
  }
  const days = (rule.BYMONTHDAY ?? dayOfMonth(firstRun, zone)).split(',');
  const named = days.map((day) =>
    day === '-1'
      ? 'the last day'
      : /^\d{1,2}$/.test(day)
        ? `the ${ordinalNumber(Number(day))}`
        : null,
  );
  return named.every((each) => each !== null) ? joinWords(named as string[]) : null;
}

function weekdayOf(instant: string, zone: string): string {
  return dateTimeFormat({ locale: 'en-US', timeZone: zone, weekday: 'long' }).format(
    new Date(instant),
  );
}

function dayOfMonth(instant: string, zone: string): string {
  return dateTimeFormat({ locale: 'en-US', timeZone: zone, day: 'numeric' }).format(
    new Date(instant),
  );
}

function ordinalNumber(day: number): string {
  const tens = day % 100;
  if (tens >= 11 && tens <= 13) return `${day}th`;
  const suffix = ['th', 'st', 'nd', 'rd'][day % 10] ?? 'th';
  return `${day}${suffix}`;
}

function joinWords(words: string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

/** RRULE UNTIL is "20261231T235959Z" or a plain date "20261231". */
function parseUntil(until: string): string | null {
  const match = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})Z?)?$/.exec(until);
  if (!match) return null;
  const [, year, month, day, hour = '23', minute = '59', second = '59'] = match;
  return `${year}-${month}-${day}T${hour}:${minute}:${second}Z`;
}
