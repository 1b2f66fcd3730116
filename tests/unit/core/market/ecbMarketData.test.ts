import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EcbMarketData } from '../../../../electron/core/market/ecbMarketData';
import { MarketDataError } from '../../../../electron/core/market/marketData';
import { FakeRateSource } from '../../../support/fakeRateSource';

// A date far from today: nothing here compares it with a clock.
const source = new FakeRateSource('2035-03-02', '1.0834');

beforeAll(() => source.start());
afterAll(() => source.close());

async function problemOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof MarketDataError)) throw new Error(`expected a MarketDataError: ${error}`);
  return error.problem;
}

describe('EcbMarketData against a fake ECB on loopback', () => {
  it('reads the USD rate and its date', async () => {
    const ecb = new EcbMarketData({ url: source.url, timeoutMs: 5_000 });
    await expect(ecb.fetchRate()).resolves.toEqual({
      rate: '1.0834',
      date: '2035-03-02',
      source: 'ecb',
    });
  });

  it('says why no rate came: an HTTP error, a timeout, nobody listening', async () => {
    source.outage('failing');
    expect(
      await problemOf(new EcbMarketData({ url: source.url, timeoutMs: 5_000 }).fetchRate()),
    ).toBe('http_status');
    source.outage('hanging');
    expect(
      await problemOf(new EcbMarketData({ url: source.url, timeoutMs: 100 }).fetchRate()),
    ).toBe('timeout');
    source.restore();
    const closedPort = new EcbMarketData({ url: 'http://127.0.0.1:1/x.xml', timeoutMs: 5_000 });
    expect(await problemOf(closedPort.fetchRate())).toBe('unreachable');
  });
});
