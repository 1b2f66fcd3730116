import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RATE_CACHE_FILE } from '../../electron/core/market/rateCache';
import { REFRESH_AFTER_MS } from '../../electron/core/market/marketRates';
import { startServer, type RunningServer } from '../../electron/server/server';
import { temporaryFolder } from '../support/dataFolder';
import { FakeRateSource } from '../support/fakeRateSource';
import { ManualClock } from '../support/manualClock';
import { configWith, moneyFolder, openMoneyCore, type MoneyCore } from '../support/moneyCore';

const DAY = 86_400_000;
const TOKEN = 'market-token-0123456789';

/** The UTC calendar date `days` before the clock's now: rate dates follow the injected clock. */
function daysBefore(clock: ManualClock, days: number): string {
  return new Date(clock.now().getTime() - days * DAY).toISOString().slice(0, 10);
}

describe('market data from a fake ECB rate source on loopback', () => {
  const folder = moneyFolder();
  const staticDir = temporaryFolder('arcflux-static-');
  const clock = new ManualClock();
  // The demo user1 holds 5,000 USDC and 1,000 EURC, and counts in USDC.
  const rateDate = daysBefore(clock, 3);
  const source = new FakeRateSource(rateDate, '1.0834');
  let configPath: string;
  let money: MoneyCore;
  let server: RunningServer;

  /** Runs `text`, confirms it if asked, ticks, and checks it was paid. */
  const pay = async (text: string) => {
    const run = await money.call('commands:run', { text });
    const payment = run.payment;
    if (!payment) throw new Error(`no payment: ${JSON.stringify(run.decision)}`);
    if (run.decision.outcome === 'needs_confirmation') {
      await money.call('payments:confirm', { id: payment.id });
    }
    await money.call('scheduler:tick', {});
    expect((await money.call('payments:get', { id: payment.id })).payment.status).toBe('executed');
  };

  const open = async () => {
    money = await openMoneyCore({ dataDir: folder.path, configPath, clock });
    return money;
  };

  beforeAll(async () => {
    await source.start();
    configPath = configWith(staticDir.path, (config) => {
      // Long enough that a held request is still held when the test looks, however busy the
      // machine: the test releases it itself.
      config.market = { kind: 'ecb', url: source.url, staleAfterDays: 4, requestTimeoutMs: 60_000 };
    });
    await open();
    server = await startServer({
      core: money.core,
      host: '127.0.0.1',
      port: 0,
      token: TOKEN,
      launchCode: 'launch-code-0123456789',
      staticDir: staticDir.path,
    });
  });

  afterAll(async () => {
    await server.close();
    await money.core.close();
    await source.close();
    folder.remove();
    staticDir.remove();
  });

  it('fetches the rate, caches it with its date, and adds the balances up approximately', async () => {
    const combined = await money.call('balance:combined', {});
    expect(combined).toEqual({
      userId: 'user1',
      currency: 'USDC',
      total: '6083.4',
      approximate: true,
      parts: [
        { currency: 'USDC', amount: '5000', converted: '5000' },
        { currency: 'EURC', amount: '1000', converted: '1083.4' },
      ],
      rate: {
        from: 'EURC',
        to: 'USDC',
        rate: '1.0834',
        date: rateDate,
        source: 'ecb',
        fetchedAt: clock.now().toISOString(),
        ageDays: 3,
        stale: false,
      },
    });
    expect(source.requests).toEqual(['/stats/eurofxref/eurofxref-daily.xml']);
    const cached = JSON.parse(readFileSync(join(folder.path, RATE_CACHE_FILE), 'utf8'));
    expect(cached.data).toMatchObject({ rate: '1.0834', date: rateDate, source: 'ecb' });

    // The same over REST, for the browser's balance panel.
    const response = await fetch(new URL('/v1/balance/combined', server.url), {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { data: unknown }).data).toEqual(combined);
  });

  it('answers "what\'s my EURC worth in dollars" with the fetched rate', async () => {
    const result = await money.call('commands:run', { text: "what's my EURC worth in dollars" });
    expect(result.facts).toMatchObject({
      topic: 'worth',
      total: '1083.4',
      rate: { rate: '1.0834', date: rateDate, source: 'ecb' },
    });
  });

  it('serves the cached rate during an outage, as of its date, and marks it stale once old', async () => {
    source.outage('failing');
    clock.advance(REFRESH_AFTER_MS);
    const asked = source.requests.length;
    const during = await money.call('balance:combined', {});
    expect(source.requests.length).toBe(asked + 1);
    expect(during.rate).toMatchObject({ rate: '1.0834', date: rateDate, stale: false });
    expect(during.total).toBe('6083.4');

    // A restart during the outage still has the rate: from the cache file.
    await server.close();
    await money.core.close();
    clock.advance(2 * DAY);
    await open();
    server = await startServer({
      core: money.core,
      host: '127.0.0.1',
      port: 0,
      token: TOKEN,
      launchCode: 'launch-code-0123456789',
      staticDir: staticDir.path,
    });
    const old = await money.call('balance:combined', {});
    expect(old.rate).toMatchObject({ rate: '1.0834', date: rateDate, ageDays: 5, stale: true });
    expect(old.total).toBe('6083.4');
  });

  it('keeps the money path moving while the rate source hangs, and never blocks on it', async () => {
    source.outage('hanging');
    clock.advance(REFRESH_AFTER_MS);
    const asked = source.requests.length;
    let settled = false;
    const combined = money.core.invoke('balance:combined', {}).finally(() => {
      settled = true;
    });
    await source.received(asked + 1);

    // The rate request is held open; a EURC payment is made, confirmed and paid meanwhile,
    // and a question about its worth is answered from the last known rate.
    await money.call('settings:update', { undoSeconds: 0 });
    await pay('Pay User Two 1 EURC');
    const balances = await money.call('balance:get', {});
    expect(balances.balances.find((balance) => balance.currency === 'EURC')?.amount).toBe('999');
    const worth = await money.call('commands:run', { text: 'how much is my EURC in USD' });
    expect(worth.facts).toMatchObject({
      topic: 'worth',
      total: '1082.3166',
      rate: { rate: '1.0834', date: rateDate, stale: true },
    });
    expect(settled).toBe(false);
    expect(source.requests.length).toBe(asked + 1);

    // Back up: the held request is answered and the rate is fresh again.
    source.publish(daysBefore(clock, 1), '1.0834');
    source.restore();
    const result = await combined;
    expect(result.ok && result.data.rate).toMatchObject({ ageDays: 1, stale: false });
    expect(result.ok && result.data.total).toBe('6082.3166');
  });

  it("keeps the Guardian's limits per currency, whatever the rate", async () => {
    const settings = await money.call('settings:get', {});
    await money.call('settings:update', {
      guardian: {
        ...settings.guardian,
        limits: { ...settings.guardian.limits, perPayment: '1000', daily: '1000' },
      },
    });
    await pay('Pay User Two 900 USDC');
    const verdict = async (text = 'Pay User Two 200 EURC') => {
      const preview = await money.call('commands:preview', { text });
      if (!preview.verdict || !('rules' in preview.verdict)) throw new Error('no verdict');
      return preview.verdict;
    };
    const limitRules = (rules: { name: string; kind: string }[]) =>
      rules.filter((rule) => rule.kind === 'limit').map((rule) => rule.name);
    // 200 more USDC today is over the daily 1,000 USDC...
    expect(limitRules((await verdict('Pay User Two 200 USDC')).rules)).toContain('daily_limit');
    // ...but today's EURC is 1 + 200, within 1,000 EURC: summed with the 900 USDC at any
    // rate, it wouldn't be.
    const before = await verdict();
    expect(limitRules(before.rules)).toEqual([]);

    // The ECB publishes a very different rate; the EURC payment's checks don't move.
    source.publish(daysBefore(clock, 0), '5');
    source.restore();
    clock.advance(REFRESH_AFTER_MS);
    expect((await money.call('balance:combined', {})).rate?.rate).toBe('5');
    const after = await verdict();
    expect(after.rules).toEqual(before.rules);
    expect(after.score).toBe(before.score);
    expect(after.outcome).toBe(before.outcome);
  });
});
