const DAY_MS = 86_400_000;

/**
 * Whole days from the rate's date to today's date, both as UTC calendar days. A rate dated
 * in the future (a clock set back) counts as 0 days old rather than negative.
 */
export function rateAgeDays(rateDate: string, now: Date): number {
  const rateDay = Date.parse(`${rateDate}T00:00:00.000Z`);
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Math.max(0, Math.round((today - rateDay) / DAY_MS));
}

/**
 * A rate older than `staleAfterDays` is stale. The ECB skips weekends and holidays, so a
 * Friday rate read on Monday (3 days) is still the current one with the default of 4.
 */
export function isStale(rateDate: string, now: Date, staleAfterDays: number): boolean {
  return rateAgeDays(rateDate, now) > staleAfterDays;
}
