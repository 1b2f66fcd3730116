import { describe, expect, it } from 'vitest';
import { toMinorUnits } from '../../../../shared/money';
import { instantMs } from '../../../../electron/core/clock';
import { minorUnits } from '../../../../electron/core/transfers/transferIndex';

describe('transfer index keys', () => {
  it('reads stored instants to the same millisecond as Date.parse, leap days and centuries included', () => {
    const instants = [
      '1970-01-01T00:00:00.000Z',
      '2000-02-29T23:59:59.999Z',
      '1900-03-01T00:00:00.000Z',
      '2100-02-28T12:34:56.789Z',
      '2021-12-31T23:00:00.001Z',
    ];
    for (let step = 0; step < 2000; step += 1) {
      instants.push(new Date(-2e12 + step * 2_345_678_901_23).toISOString());
    }
    for (const instant of instants) expect(instantMs(instant)).toBe(Date.parse(instant));
  });

  it('reads amounts to the same minor units as the bigint helper, long wholes included', () => {
    for (const amount of [
      '0',
      '0.000001',
      '9.5',
      '120',
      '999999999.999999',
      '1000000000.5',
      '123456789012345.123456',
    ]) {
      expect(minorUnits(amount)).toBe(Number(toMinorUnits(amount)));
    }
  });
});
