import type { QuietHours } from '../../../shared/schemas/settings';
import { instantAt, toWallClock } from '../schedule/wallClock';

const MINUTE = 60_000;
const DAY = 86_400_000;

/**
 * When the quiet hours around `now` end on the clock of `timezone`, or null when it is not
 * quiet there now. The hours are local times: 22:00 to 07:00 is the recipient's night
 * whatever the season, so across a clock change the night is an hour shorter or longer
 * in real time. A local time the change skips or repeats is read as the schedules read
 * it (electron/core/schedule/wallClock.ts): a skipped one moves forward, a repeated one
 * is its first instance.
 */
export function quietUntil(now: Date, timezone: string, hours: QuietHours): Date | null {
  const start = minutesOf(hours.start);
  const end = minutesOf(hours.end);
  const length = (end - start + 1440) % 1440;
  if (length === 0) return null;
  const today = Math.floor(toWallClock(now, timezone).getTime() / DAY) * DAY;
  // The window that began yesterday may still be running (22:00 to 07:00), or today's.
  for (const day of [today - DAY, today]) {
    const from = instantAt(day + start * MINUTE, timezone);
    const until = instantAt(day + (start + length) * MINUTE, timezone);
    if (now.getTime() >= from && now.getTime() < until) return new Date(until);
  }
  return null;
}

function minutesOf(clockTime: string): number {
  const [hours = 0, minutes = 0] = clockTime.split(':').map(Number);
  return hours * 60 + minutes;
}
