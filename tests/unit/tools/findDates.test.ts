import { describe, expect, it } from 'vitest';
import { findDates, isNear } from '../../../tools/test-dates/findDates';

const day = (year: number, month: number, date: number) => ({ year, month, day: date });

describe('finding absolute dates in test files', () => {
  it.each([
    ["firstRun: '2026-12-01T14:00:00.000Z'", day(2026, 12, 1)],
    ["'2026/11/20'", day(2026, 11, 20)],
    ['from: "2026-11"', day(2026, 11, 1)],
    ['on 12/25/2026 at noon', day(2026, 12, 1)],
    ['on 25/12/2026 at noon', day(2026, 12, 1)],
    ['Tue, Dec 1, 2026, 9:00 AM EST', day(2026, 12, 1)],
    ['December 1st 2026', day(2026, 12, 1)],
    ['as of November 2026', day(2026, 11, 1)],
    ['due 1 December 2026', day(2026, 12, 1)],
    ['due 3rd Sept, 2027', day(2027, 9, 3)],
    ['new Date(2026, 11, 1)', day(2026, 12, 1)],
    ['Date.UTC(2026, 0, 1)', day(2026, 1, 1)],
  ])('reads %s', (text, date) => {
    expect(findDates(text).map((found) => found.date)).toContainEqual(date);
  });

  it('gives the line and the text of each date', () => {
    expect(findDates("const a = 1;\nconst b = '2026-12-01';\n")).toEqual([
      { line: 2, text: '2026-12-01', date: day(2026, 12, 1) },
    ]);
  });

  it.each([
    'fast-check seed 20261127',
    'version 2026.1',
    'ports 2024-2026',
    'FREQ=MONTHLY;BYMONTHDAY=1',
    'amount: "2026.50"',
    'a 13th month: 2026-13-01',
    'the 1.2026.11.02 build',
  ])('leaves alone what is not a date: %s', (text) => {
    expect(findDates(text)).toEqual([]);
  });
});

describe('near today', () => {
  const today = new Date('2026-12-06T10:00:00.000Z');

  it('is within two years either side, inclusive', () => {
    expect(isNear(day(2026, 12, 6), today)).toBe(true);
    expect(isNear(day(2024, 12, 6), today)).toBe(true);
    expect(isNear(day(2028, 12, 6), today)).toBe(true);
    expect(isNear(day(2024, 12, 5), today)).toBe(false);
    expect(isNear(day(2028, 12, 7), today)).toBe(false);
    expect(isNear(day(2020, 1, 1), today)).toBe(false);
  });

  it('moves with today: a year on, last year is no longer near', () => {
    expect(isNear(day(2025, 6, 1), today)).toBe(true);
    expect(isNear(day(2025, 6, 1), new Date('2027-12-06T00:00:00.000Z'))).toBe(false);
  });
});
