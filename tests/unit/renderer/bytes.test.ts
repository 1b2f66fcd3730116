import { describe, expect, it } from 'vitest';
import { formatBytes, formatTimeLeft } from '../../../renderer/src/format/bytes';

describe('sizes and times left in Settings > Models', () => {
  it.each([
    [1, '1 byte'],
    [999, '999 bytes'],
    [1000, '1.0 kB'],
    [2_100_000, '2.1 MB'],
    [150_000_000, '150 MB'],
    [999_950, '1.0 MB'],
    [999_499, '999 kB'],
    [99_960, '100 kB'],
  ])('shows %d bytes as %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });

  it.each([
    [0.4, 'almost done'],
    [12.2, 'about 13 s left'],
    [59.5, 'about 1 min left'],
    [61, 'about 2 min left'],
    [3599, 'about 1 h left'],
    [3600, 'about 1 h left'],
    [3601, 'about 1 h 1 min left'],
    [7199, 'about 2 h left'],
  ])('says %d s as "%s"', (seconds, text) => {
    expect(formatTimeLeft(seconds)).toBe(text);
  });
});
