import { describe, expect, it } from 'vitest';
import {
  formatDecimal,
  isMalformedNumeral,
  parseCount,
  parseNumberPhrase,
  parseNumeral,
  parseOrdinal,
} from '../../../../electron/core/intent/numbers';

const phrase = (text: string) => {
  const value = parseNumberPhrase(text.split(' '));
  return value ? formatDecimal(value) : undefined;
};

describe('numbers', () => {
  it('reads numerals exactly, with grouping and the k suffix', () => {
    expect(formatDecimal(parseNumeral('1,250')!)).toBe('1250');
    expect(formatDecimal(parseNumeral('75.25')!)).toBe('75.25');
    expect(formatDecimal(parseNumeral('1,250.50')!)).toBe('1250.5');
    expect(formatDecimal(parseNumeral('1.5k')!)).toBe('1500');
    expect(formatDecimal(parseNumeral('0.1')!)).toBe('0.1');
    expect(formatDecimal(parseNumeral('007')!)).toBe('7');
    // Far beyond a float's precision, still exact.
    expect(formatDecimal(parseNumeral('123456789012345.123456')!)).toBe('123456789012345.123456');
  });

  it('refuses numerals with wrong grouping, and flags them as malformed', () => {
    for (const text of ['1,25', '1,2345', '1.2.3', '1e3', '12,']) {
      expect(parseNumeral(text)).toBeUndefined();
    }
    expect(isMalformedNumeral('1,25')).toBe(true);
    expect(isMalformedNumeral('1e3')).toBe(true);
    expect(isMalformedNumeral('5pm')).toBe(false);
  });

  it('reads spoken numbers', () => {
    expect(phrase('twenty five')).toBe('25');
    expect(phrase('twenty-five')).toBe('25');
    expect(phrase('one hundred twenty')).toBe('120');
    expect(phrase('one hundred and twenty')).toBe('120');
    expect(phrase('a hundred')).toBe('100');
    expect(phrase('3 hundred')).toBe('300');
    expect(phrase('twelve hundred')).toBe('1200');
    expect(phrase('two thousand five hundred')).toBe('2500');
    expect(phrase('1.5 thousand')).toBe('1500');
    expect(phrase('5 grand')).toBe('5000');
    expect(phrase('twelve point five')).toBe('12.5');
    expect(phrase('one million two hundred thousand')).toBe('1200000');
  });

  it('refuses word sequences that are not one number', () => {
    for (const text of [
      'two twenty',
      'twenty twenty',
      'a',
      'hundred',
      'and five',
      'five hundred hundred',
      'one thousand thousand',
      'point five',
    ]) {
      expect(phrase(text)).toBeUndefined();
    }
  });

  it('reads counts and ordinals for schedules', () => {
    expect(parseCount('other')).toBe(2);
    expect(parseCount('a')).toBe(1);
    expect(parseCount('three')).toBe(3);
    expect(parseCount('12')).toBe(12);
    expect(parseOrdinal('1st')).toBe(1);
    expect(parseOrdinal('fifteenth')).toBe(15);
    expect(parseOrdinal('twenty-first')).toBe(21);
    expect(parseOrdinal('thirty first')).toBe(31);
    expect(parseOrdinal('fortieth')).toBeUndefined();
  });
});
