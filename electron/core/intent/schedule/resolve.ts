import type { DateTime } from 'luxon';
import type { Bounds } from './bounds';
import { localDateTime, zonedNow } from './calendar';
import type { DateMention, ScheduleContext, TimeOfDay } from './dates';

/**
 * When a one-off payment runs. A day said without a time runs at the default run time;
 * a time or weekday already past today rolls to its next occurrence; a day that is
 * really in the past ("yesterday", "Dec 5 2025") is refused, never moved silently.
 * Returns null for "as soon as approved", or "past" when the moment is gone.
 */
export function resolveOnce(
  date: DateMention | undefined,
  time: TimeOfDay | undefined,
  context: ScheduleContext,
): DateTime | null | 'past' {
  const now = zonedNow(context.now, context.timezone);
  if (date?.past) return 'past';
  const at = time ?? date?.time;
  if (!date) {
    if (!at) return null;
    const today = withTime(now, at);
    return today > now ? today : withTime(now.plus({ days: 1 }), at);
  }
  const runTime = at ?? context.defaultRunTime;
  switch (date.kind) {
    case 'exact':
      return date.instant > now ? date.instant : null;
    case 'today': {
      if (!at) return null;
      const today = withTime(now, at);
      return today > now ? today : 'past';
    }
    case 'weekday': {
      const day = nextWeekday(now, date.weekday, !date.next);
      const candidate = withTime(day, runTime);
      return candidate > now ? candidate : withTime(day.plus({ weeks: 1 }), runTime);
    }
    case 'dayOfMonth':
      return nextDayOfMonth(now, date.day, runTime);
    case 'calendar': {
      const candidate = localDateTime(
        { year: date.year, month: date.month, day: date.day, ...runTime },
        context.timezone,
      );
      if (candidate > now) return candidate;
      return date.yearGiven ? 'past' : candidate.plus({ years: 1 });
    }
  }
}

/** The first moment a "starting ..." bound allows: that day at midnight, never before now. */
export function resolveStart(
  start: NonNullable<Bounds['start']>,
  context: ScheduleContext,
): { from: DateTime; time?: TimeOfDay } {
  const now = zonedNow(context.now, context.timezone);
  if (start === 'now') return { from: now };
  const time = start.time;
  let day = startDay(start, now, context);
  // "starting Friday" said on a Friday after the run time means next Friday.
  if (start.kind === 'weekday' && withTime(day, time ?? context.defaultRunTime) <= now) {
    day = day.plus({ weeks: 1 });
  }
  const from = time ? withTime(day, time) : day.startOf('day');
  return { from: from > now ? from : now, ...(time ? { time } : {}) };
}

/** The last instant a bounded repetition may run, or undefined if the bound is unreadable. */
export function resolveUntil(bounds: Bounds, from: DateTime, context: ScheduleContext) {
  const now = zonedNow(context.now, context.timezone);
  if (bounds.duration) {
    const { unit, amount } = bounds.duration;
    return from.plus({ [`${unit}s`]: amount }).minus({ seconds: 1 });
  }
  const until = bounds.until;
  if (!until) return undefined;
  if (until.kind === 'endOf') return now.endOf(until.unit).startOf('second');
  // "until Friday" said on a Friday means next Friday, as for a one-off payment.
  if (until.kind === 'weekday') {
    return nextWeekday(now, until.weekday, false).endOf('day').startOf('second');
  }
  if (until.kind === 'calendar' && !until.dayGiven) {
    return localDateTime({ year: until.year, month: until.month, day: 1 }, context.timezone)
      .endOf('month')
      .startOf('second');
  }
  return startDay(until, now, context).endOf('day').startOf('second');
}

function startDay(date: DateMention, now: DateTime, context: ScheduleContext): DateTime {
  switch (date.kind) {
    case 'exact':
      return date.instant;
    case 'today':
      return now.startOf('day');
    case 'weekday':
      return nextWeekday(now, date.weekday, !date.next);
    case 'dayOfMonth': {
      const thisMonth = now.set({ day: Math.min(date.day, now.daysInMonth ?? 28) }).startOf('day');
      return thisMonth >= now.startOf('day') ? thisMonth : thisMonth.plus({ months: 1 });
    }
    case 'calendar': {
      const day = localDateTime(
        { year: date.year, month: date.month, day: date.dayGiven ? date.day : 1 },
        context.timezone,
      );
      return day < now.startOf('day') && !date.yearGiven ? day.plus({ years: 1 }) : day;
    }
  }
}

/** The coming day with chrono's weekday number (0 = Sunday); today counts if allowed. */
function nextWeekday(now: DateTime, chronoWeekday: number, includeToday: boolean): DateTime {
  const target = chronoWeekday === 0 ? 7 : chronoWeekday;
  let ahead = (target - now.weekday + 7) % 7;
  if (ahead === 0 && !includeToday) ahead = 7;
  return now.plus({ days: ahead }).startOf('day');
}

/** "on the 15th": this month's if still ahead, else the next month that has that day. */
function nextDayOfMonth(now: DateTime, day: number, time: TimeOfDay): DateTime | 'past' {
  for (let months = 0; months < 13; months += 1) {
    const month = now.startOf('month').plus({ months });
    if (day > (month.daysInMonth ?? 28)) continue;
    const candidate = withTime(month.set({ day }), time);
    if (candidate > now) return candidate;
  }
  return 'past';
}

function withTime(day: DateTime, time: TimeOfDay): DateTime {
  return day.set({ hour: time.hour, minute: time.minute, second: 0, millisecond: 0 });
}
