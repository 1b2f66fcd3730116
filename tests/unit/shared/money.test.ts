import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addAmounts,
  amountSchema,
  compareAmounts,
  formatAmount,
  fromMinorUnits,
  positiveAmountSchema,
  subtractAmounts,
  toMinorUnits,
} from '../../../shared/money';

describe('money', () => {
  it('converts decimal strings to minor units exactly', () => {
    expect(toMinorUnits('120')).toBe(120_000_000n);
    expect(toMinorUnits('75.25')).toBe(75_250_000n);
    expect(toMinorUnits('0.000001')).toBe(1n);
    expect(toMinorUnits('-3.2')).toBe(-3_200_000n);
  });

  it('refuses more than 6 decimals and non-numbers', () => {
    expect(() => toMinorUnits('1.0000001')).toThrow(/at most 6 decimals/);
    expect(() => toMinorUnits('1e3')).toThrow();
    expect(() => toMinorUnits('')).toThrow();
  });

  it('adds where floats would drift', () => {
    expect(addAmounts('0.1', '0.2')).toBe('0.3');
    expect(subtractAmounts('5000', '4999.999999')).toBe('0.000001');
    expect(subtractAmounts('1', '3.5')).toBe('-2.5');
  });

  it('round-trips any amount through minor units', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), (units) => {
        expect(toMinorUnits(fromMinorUnits(units))).toBe(units);
      }),
    );
  });

  it('compares like the numbers they stand for', () => {
    expect(compareAmounts('10', '9.999999')).toBe(1);
    expect(compareAmounts('2.50', '2.5')).toBe(0);
    expect(compareAmounts('0.1', '1')).toBe(-1);
  });

  it('formats with grouping and at least two decimals', () => {
    expect(formatAmount('5000', 'USDC')).toBe('5,000.00 USDC');
    expect(formatAmount('1234567.125')).toBe('1,234,567.125');
    expect(formatAmount('-3.2', 'EURC')).toBe('-3.20 EURC');
  });

  it('validates amounts at the schema boundary', () => {
    expect(amountSchema.safeParse('120.50').success).toBe(true);
    expect(amountSchema.safeParse('-1').success).toBe(false);
    expect(amountSchema.safeParse('01').success).toBe(false);
    expect(amountSchema.safeParse(120).success).toBe(false);
    expect(positiveAmountSchema.safeParse('0').success).toBe(false);
    expect(positiveAmountSchema.safeParse('0.000001').success).toBe(true);
  });
});
