import { describe, expect, it } from 'vitest';
import { quietUntil } from '../../../../electron/core/notifications/quietHours';

// Dates far from today (see tools/test-dates): in 2031 New York springs forward on Sunday
// 9 March (02:00 EST -> 03:00 EDT) and falls back on Sunday 2 November (02:00 EDT -> 01:00 EST).
const NIGHT = { start: '22:00', end: '07:00' };
const NEW_YORK = 'America/New_York';

function until(now: string, timezone = NEW_YORK, hours = NIGHT): string | null {
  return quietUntil(new Date(now), timezone, hours)?.toISOString() ?? null;
}

describe('quietUntil', () => {
  it('holds a night across midnight until the local end, on an ordinary night', () => {
    // 23:30 EST on Tuesday 14 January.
    expect(until('2031-01-15T04:30:00.000Z')).toBe('2031-01-15T12:00:00.000Z');
    // 06:59 EST: still quiet; 07:00 EST: not any more; 21:59 EST: not yet.
    expect(until('2031-01-15T11:59:00.000Z')).toBe('2031-01-15T12:00:00.000Z');
    expect(until('2031-01-15T12:00:00.000Z')).toBeNull();
    expect(until('2031-01-16T02:59:00.000Z')).toBeNull();
    expect(until('2031-01-16T03:00:00.000Z')).toBe('2031-01-16T12:00:00.000Z');
  });

  it('ends at 07:00 local on the night the clocks go forward (an hour shorter)', () => {
    // 22:00 EST Saturday is 03:00Z; 07:00 EDT Sunday is 11:00Z, not 12:00Z.
    expect(until('2031-03-09T03:00:00.000Z')).toBe('2031-03-09T11:00:00.000Z');
    // 06:30 EDT: quiet; 07:30 EDT (11:30Z) is morning, although it is 06:30 by winter's offset.
    expect(until('2031-03-09T10:30:00.000Z')).toBe('2031-03-09T11:00:00.000Z');
    expect(until('2031-03-09T11:30:00.000Z')).toBeNull();
  });

  it('ends at 07:00 local on the night the clocks go back (an hour longer)', () => {
    // 22:00 EDT Saturday is 02:00Z; 07:00 EST Sunday is 12:00Z, not 11:00Z.
    expect(until('2031-11-02T02:00:00.000Z')).toBe('2031-11-02T12:00:00.000Z');
    // Both 01:30s of the repeated hour are quiet, and so is 06:30 EST (11:30Z).
    expect(until('2031-11-02T05:30:00.000Z')).toBe('2031-11-02T12:00:00.000Z');
    expect(until('2031-11-02T06:30:00.000Z')).toBe('2031-11-02T12:00:00.000Z');
    expect(until('2031-11-02T11:30:00.000Z')).toBe('2031-11-02T12:00:00.000Z');
    expect(until('2031-11-02T12:00:00.000Z')).toBeNull();
  });

  it("reads the hours on each recipient's own clock", () => {
    // 04:30Z is 23:30 in New York (quiet) and 13:30 in Tokyo (not).
    expect(until('2031-01-15T04:30:00.000Z', 'Asia/Tokyo')).toBeNull();
    // 13:30Z is 22:30 in Tokyo: quiet until 07:00 there, 22:00Z.
    expect(until('2031-01-15T13:30:00.000Z', 'Asia/Tokyo')).toBe('2031-01-15T22:00:00.000Z');
  });

  it('holds a daytime window within one day', () => {
    const lunch = { start: '12:00', end: '13:30' };
    expect(until('2031-01-15T17:15:00.000Z', NEW_YORK, lunch)).toBe('2031-01-15T18:30:00.000Z');
    expect(until('2031-01-15T18:30:00.000Z', NEW_YORK, lunch)).toBeNull();
    expect(until('2031-01-15T16:59:00.000Z', NEW_YORK, lunch)).toBeNull();
  });
});
