import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RateQuote } from '../../../../shared/schemas/market';
import { combineBalances, convertAmount } from '../../../../electron/core/market/convert';
import { parseEcbDailyRates } from '../../../../electron/core/market/ecbXml';
import { MarketDataError, type MarketData } from '../../../../electron/core/market/marketData';
import {
  MarketRates,
  REFRESH_AFTER_MS,
  RETRY_AFTER_MS,
} from '../../../../electron/core/market/marketRates';
import { RATE_CACHE_FILE } from '../../../../electron/core/market/rateCache';
import { SimulatedMarketData } from '../../../../electron/core/market/simulatedMarketData';
import { isStale, rateAgeDays } from '../../../../electron/core/market/staleness';
import { temporaryFolder } from '../../../support/dataFolder';
import { ecbDailyXml } from '../../../support/fakeRateSource';
import { ManualClock } from '../../../support/manualClock';

// Dates far from today: these tests only ever meet the injected clock.
const FRIDAY = '2035-03-02';
const MONDAY_NOON = '2035-03-05T12:00:00.000Z';
const DAY = 86_400_000;

describe('rate staleness', () => {
  it('labels a rate older than staleAfterDays stale, and a weekend-old one not', () => {
    const monday = new Date(MONDAY_NOON);
    expect(rateAgeDays(FRIDAY, monday)).toBe(3);
    // Friday's rate is the current one over the weekend and on Monday.
    expect(isStale(FRIDAY, monday, 4)).toBe(false);
    expect(isStale(FRIDAY, new Date(monday.getTime() + DAY), 4)).toBe(false);
    expect(isStale(FRIDAY, new Date(monday.getTime() + 2 * DAY), 4)).toBe(true);
    expect(isStale(FRIDAY, monday, 2)).toBe(true);
  });

  it('counts a rate dated after today (a clock set back) as fresh, never negative', () => {
    expect(rateAgeDays('2035-03-06', new Date(MONDAY_NOON))).toBe(0);
  });
});

describe('convertAmount', () => {
  it('converts EURC to USDC and back exactly, rounding half away from zero at 6 decimals', () => {
    expect(convertAmount('1000', 'EURC', 'USDC', '1.0834')).toBe('1083.4');
    expect(convertAmount('0.000005', 'EURC', 'USDC', '1.1')).toBe('0.000006'); // 0.0000055
    expect(convertAmount('0.000004', 'EURC', 'USDC', '1.1')).toBe('0.000004'); // 0.0000044
    expect(convertAmount('1083.4', 'USDC', 'EURC', '1.0834')).toBe('1000');
    expect(convertAmount('1', 'USDC', 'EURC', '1.0834')).toBe('0.92302');
    expect(convertAmount('5000', 'USDC', 'USDC', '1.0834')).toBe('5000');
  });

  it('is exact where a float is not', () => {
    // 0.1 * 3 in floats is 0.30000000000000004.
    expect(convertAmount('0.1', 'EURC', 'USDC', '3')).toBe('0.3');
    expect(convertAmount('999999999999999', 'EURC', 'USDC', '1.0834')).toBe(
      '1083399999999998.9166',
    );
  });
});

describe('combineBalances', () => {
  const balances = [
    {
      userId: 'user1',
      currency: 'USDC' as const,
      amount: '5000',
      updatedAt: '2035-03-01T00:00:00.000Z',
    },
    {
      userId: 'user1',
      currency: 'EURC' as const,
      amount: '1000',
      updatedAt: '2035-03-01T00:00:00.000Z',
    },
  ];
  const rate = {
    from: 'EURC' as const,
    to: 'USDC' as const,
    rate: '1.0834',
    date: FRIDAY,
    source: 'ecb' as const,
    fetchedAt: '2035-03-02T16:00:00.000Z',
    ageDays: 3,
    stale: false,
  };

  it('adds the balances in the asked currency, approximately, with the rate used', () => {
    expect(combineBalances('user1', balances, 'USDC', rate)).toEqual({
      userId: 'user1',
      currency: 'USDC',
      total: '6083.4',
      approximate: true,
      parts: [
        { currency: 'USDC', amount: '5000', converted: '5000' },
        { currency: 'EURC', amount: '1000', converted: '1083.4' },
      ],
      rate,
    });
    expect(combineBalances('user1', balances, 'EURC', rate).total).toBe('5615.100609');
  });

  it('gives no total, rather than a partial sum, when a part needs a rate and none is known', () => {
    const combined = combineBalances('user1', balances, 'USDC', null);
    expect(combined.total).toBeNull();
    expect(combined.parts[1]).toEqual({ currency: 'EURC', amount: '1000', converted: null });
    // Holding only the total's currency needs no rate.
    expect(combineBalances('user1', balances.slice(0, 1), 'USDC', null).total).toBe('5000');
  });
});

describe('parseEcbDailyRates', () => {
  it('reads the USD rate and its date from the documented shape', () => {
    expect(parseEcbDailyRates(ecbDailyXml(FRIDAY, '1.0834'))).toEqual({
      date: FRIDAY,
      rate: '1.0834',
    });
    const doubleQuoted = ecbDailyXml(FRIDAY, '1.0834').replaceAll("'", '"');
    expect(parseEcbDailyRates(doubleQuoted).rate).toBe('1.0834');
  });

  it.each([
    ['a DOCTYPE', `<!DOCTYPE x [<!ENTITY a "1">]>${ecbDailyXml(FRIDAY, '1.0834')}`],
    ['another namespace', ecbDailyXml(FRIDAY, '1.0834').replace('eurofxref"', 'other"')],
    ['no USD', ecbDailyXml(FRIDAY, '1.0834').replace("currency='USD'", "currency='CAD'")],
    ['a rate in words', ecbDailyXml(FRIDAY, 'one')],
    ['a float with an exponent', ecbDailyXml(FRIDAY, '1e0')],
    ['a bad date', ecbDailyXml('2035-13-02', '1.0834')],
    [
      'two dates',
      ecbDailyXml(FRIDAY, '1.0834').replace(
        '\t</Cube>\n</gesmes',
        "\t\t<Cube time='2035-03-01'><Cube currency='USD' rate='1.2'/></Cube>\n\t</Cube>\n</gesmes",
      ),
    ],
    ['an HTML error page', '<html><body>Service Unavailable</body></html>'],
  ])('refuses %s', (_, xml) => {
    expect(() => parseEcbDailyRates(xml)).toThrow(MarketDataError);
  });
});

describe('SimulatedMarketData', () => {
  it('is deterministic, dated the last weekday on the injected clock', async () => {
    const clock = new ManualClock('2035-03-04T10:00:00.000Z'); // a Sunday
    const source = new SimulatedMarketData(clock);
    await expect(source.fetchRate()).resolves.toEqual({
      rate: '1.0834',
      date: FRIDAY,
      source: 'simulated',
    });
    clock.advance(DAY);
    expect((await source.fetchRate()).date).toBe('2035-03-05');
  });
});

/** A market source the test drives: the next reading, or a failure. */
class ScriptedSource implements MarketData {
  readonly source = 'ecb' as const;
  calls = 0;
  next: RateQuote | 'down' = { rate: '1.0834', date: FRIDAY, source: 'ecb' };
  fetchRate(): Promise<RateQuote> {
    this.calls += 1;
    return this.next === 'down'
      ? Promise.reject(new MarketDataError('unreachable', 'down'))
      : Promise.resolve(this.next);
  }
}

describe('MarketRates', () => {
  const folders: { remove(): void }[] = [];
  afterEach(() => folders.splice(0).forEach((folder) => folder.remove()));

  function setUp(start = '2035-03-02T17:00:00.000Z') {
    const folder = temporaryFolder('arcflux-market-');
    folders.push(folder);
    const clock = new ManualClock(start);
    const source = new ScriptedSource();
    const lines: string[] = [];
    const open = () =>
      new MarketRates({
        source,
        dataDir: folder.path,
        clock,
        staleAfterDays: 4,
        log: (line) => lines.push(line),
      });
    return { folder, clock, source, lines, rates: open(), open };
  }

  it('fetches, caches the rate with its date, and reuses it for an hour', async () => {
    const { folder, clock, source, rates } = setUp();
    const first = await rates.current();
    expect(first).toMatchObject({ rate: '1.0834', date: FRIDAY, source: 'ecb', stale: false });
    const cached = JSON.parse(readFileSync(join(folder.path, RATE_CACHE_FILE), 'utf8'));
    expect(cached).toEqual({
      schemaVersion: 1,
      data: { rate: '1.0834', date: FRIDAY, source: 'ecb', fetchedAt: '2035-03-02T17:00:00.000Z' },
    });
    clock.advance(REFRESH_AFTER_MS - 1);
    await rates.current();
    expect(source.calls).toBe(1);
    clock.advance(1);
    source.next = { rate: '1.09', date: '2035-03-05', source: 'ecb' };
    expect((await rates.current())?.rate).toBe('1.09');
  });

  it('serves the cached rate during an outage, as of its date, and stale once old', async () => {
    const { clock, source, lines, open } = setUp();
    await open().current();
    source.next = 'down';
    // A new start (nothing in memory) during the outage still has the rate, from the file.
    clock.advance(2 * DAY);
    const restarted = open();
    expect(await restarted.current()).toMatchObject({
      rate: '1.0834',
      date: FRIDAY,
      stale: false,
      ageDays: 2,
    });
    expect(lines.some((line) => line.includes('no new ecb rate (unreachable)'))).toBe(true);
    clock.advance(3 * DAY);
    expect(await restarted.current()).toMatchObject({ rate: '1.0834', stale: true, ageDays: 5 });
  });

  it('leaves a failing source alone for a while, then tries again', async () => {
    const { clock, source, rates } = setUp();
    source.next = 'down';
    expect(await rates.current()).toBeNull();
    expect(await rates.current()).toBeNull();
    expect(source.calls).toBe(1);
    clock.advance(RETRY_AFTER_MS);
    source.next = { rate: '1.1', date: FRIDAY, source: 'ecb' };
    expect((await rates.current())?.rate).toBe('1.1');
  });

  it('ignores a damaged cache file or one from another source, and says so', async () => {
    const { folder, source, lines, open } = setUp();
    source.next = 'down';
    writeFileSync(join(folder.path, RATE_CACHE_FILE), '{"schemaVersion":1,"data":{"rate":1.08}}');
    expect(await open().current()).toBeNull();
    expect(lines).toContain('market: the cached rate is invalid; it is ignored');
    const simulated = {
      rate: '1.0834',
      date: FRIDAY,
      source: 'simulated',
      fetchedAt: '2035-03-02T17:00:00.000Z',
    };
    writeFileSync(
      join(folder.path, RATE_CACHE_FILE),
      JSON.stringify({ schemaVersion: 1, data: simulated }),
    );
    expect(await open().current()).toBeNull();
  });

  it('answers from what it knows without waiting on the source, when asked not to wait', async () => {
    const { source, clock, open } = setUp();
    await open().current();
    // A source that never answers: the reading stays under way.
    source.fetchRate = () => {
      source.calls += 1;
      return new Promise<RateQuote>(() => undefined);
    };
    clock.advance(REFRESH_AFTER_MS);
    const restarted = open();
    expect(await restarted.current({ waitForSource: false })).toMatchObject({ rate: '1.0834' });
    expect(await restarted.current({ waitForSource: false })).toMatchObject({ rate: '1.0834' });
    // One reading under way, shared; nobody waited for it.
    expect(source.calls).toBe(2);
  });

  it('shares one reading among callers that ask at once', async () => {
    const { source, rates } = setUp();
    await Promise.all([rates.current(), rates.current(), rates.current()]);
    expect(source.calls).toBe(1);
  });
});
