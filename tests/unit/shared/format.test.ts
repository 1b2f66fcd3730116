import { describe, expect, it } from 'vitest';
import { formatInstant, formatInstantShort } from '../../../shared/format';

describe('formatInstantShort', () => {
  it("shows an instant as the zone's wall-clock date and 24-hour time", () => {
    expect(formatInstantShort('2019-11-27T14:05:00.000Z', 'America/New_York')).toBe(
      '2019-11-27 09:05',
    );
    expect(formatInstantShort('2019-11-27T23:30:00.000Z', 'Asia/Tokyo')).toBe('2019-11-28 08:30');
    expect(formatInstantShort('2019-07-01T00:00:00.000Z', 'Europe/London')).toBe(
      '2019-07-01 01:00',
    );
  });

  it('keeps each zone to its own formatter when zones alternate', () => {
    const instant = '2019-03-31T00:30:00.000Z';
    const shown = ['Europe/Berlin', 'America/Los_Angeles', 'Europe/Berlin', 'UTC'].map((zone) =>
      formatInstantShort(instant, zone),
    );
    expect(shown).toEqual([
      '2019-03-31 01:30',
      '2019-03-30 17:30',
      '2019-03-31 01:30',
      '2019-03-31 00:30',
    ]);
  });

  it('rejects a zone Intl does not know, every time, rather than reusing another', () => {
    expect(() => formatInstantShort('2019-11-27T14:05:00.000Z', 'Mars/Olympus')).toThrow(
      RangeError,
    );
    expect(() => formatInstantShort('2019-11-27T14:05:00.000Z', 'Mars/Olympus')).toThrow(
      RangeError,
    );
    expect(formatInstant('2019-11-27T14:05:00.000Z', 'UTC')).toContain('2:05');
  });
});
