export type Frequency =
  'YEARLY' | 'MONTHLY' | 'WEEKLY' | 'DAILY' | 'HOURLY' | 'MINUTELY' | 'SECONDLY';

/** The parts of an RFC 5545 RRULE the parser produces. */
export interface RecurrenceRule {
  readonly frequency: Frequency;
  readonly interval: number;
  /** "FR", "1MO" (first Monday), "-1FR" (last Friday). */
  readonly byDay: readonly string[];
  /** 1..31, or -1 for the last day of the month. */
  readonly byMonthDay: readonly number[];
  readonly byMonth: readonly number[];
  /** Which of the days the rule gives each period: 1 the first, -1 the last. */
  readonly bySetPos?: readonly number[];
  readonly count?: number;
  /** The last instant an occurrence may fall on. */
  readonly until?: Date;
}

/**
 * The RRULE body in one canonical order, without DTSTART: a stored schedule is anchored
 * at its first run's local time (see shared/schemas/schedule.ts), which also carries the
 * time of day. Occurrences come from electron/core/schedule/occurrences.ts.
 * UNTIL is written in UTC, as RFC 5545 requires when the start has a time zone.
 */
export function formatRecurrence(rule: RecurrenceRule): string {
  const parts = [`FREQ=${rule.frequency}`];
  if (rule.interval > 1) parts.push(`INTERVAL=${rule.interval}`);
  if (rule.byMonth.length > 0) parts.push(`BYMONTH=${rule.byMonth.join(',')}`);
  if (rule.byMonthDay.length > 0) parts.push(`BYMONTHDAY=${rule.byMonthDay.join(',')}`);
  if (rule.byDay.length > 0) parts.push(`BYDAY=${rule.byDay.join(',')}`);
  if (rule.bySetPos?.length) parts.push(`BYSETPOS=${rule.bySetPos.join(',')}`);
  if (rule.count !== undefined) parts.push(`COUNT=${rule.count}`);
  if (rule.until) parts.push(`UNTIL=${formatUtc(rule.until)}`);
  return parts.join(';');
}

function formatUtc(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}
