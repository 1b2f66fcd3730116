import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { BalancePanel } from '../../../renderer/src/components/BalancePanel';
import { AppStoreContext, createAppStore } from '../../../renderer/src/store/appStore';
import { loadEverything } from '../../../renderer/src/store/coreEvents';
import type { CombinedBalance, MarketRate } from '../../../shared/schemas/market';
import { FakeBridge, ok, standardReplies } from './fakeBridge';

afterEach(cleanup);

const RATE: MarketRate = {
  from: 'EURC',
  to: 'USDC',
  rate: '1.0834',
  date: '2035-12-05',
  source: 'ecb',
  fetchedAt: '2035-12-05T16:00:00.000Z',
  ageDays: 1,
  stale: false,
};

const COMBINED: CombinedBalance = {
  userId: 'user1',
  currency: 'USDC',
  total: '6083.4',
  approximate: true,
  parts: [
    { currency: 'USDC', amount: '5000', converted: '5000' },
    { currency: 'EURC', amount: '1000', converted: '1083.4' },
  ],
  rate: RATE,
};

async function setup(combined: CombinedBalance | null) {
  const replies = standardReplies([]);
  replies['balance:combined'] = () =>
    combined ? ok(combined) : { ok: false, error: { code: 'unavailable', message: 'down' } };
  const bridge = new FakeBridge(replies);
  const store = createAppStore(bridge);
  await loadEverything(store);
  render(
    <AppStoreContext value={store}>
      <BalancePanel />
    </AppStoreContext>,
  );
  return { bridge };
}

describe('balance panel combined total', () => {
  it('shows the total as approximate, with the rate, its source and its date', async () => {
    const { bridge } = await setup(COMBINED);
    const total = screen.getByRole('group', { name: 'Combined balance' });
    expect(total.textContent).toBe('Total ≈ 6,083.40 USDC1 EUR = 1.0834 USD, ECB, as of 5 Dec');
    expect(total.querySelector('data')?.getAttribute('value')).toBe('6083.4');
    expect(total.textContent).not.toContain('stale');
    expect(bridge.inputsOf('balance:combined')).toEqual([{ userId: 'user1' }]);
  });

  it('says "stale" when the core labels the rate stale', async () => {
    await setup({ ...COMBINED, rate: { ...RATE, ageDays: 8, stale: true } });
    const stale = screen.getByText('stale');
    expect(stale.getAttribute('title')).toBe(
      'This rate is 8 days old: older than ArcFlux counts as current.',
    );
  });

  it('shows no made-up total when the core knows no rate', async () => {
    await setup({
      ...COMBINED,
      total: null,
      parts: [COMBINED.parts[0]!, { currency: 'EURC', amount: '1000', converted: null }],
      rate: null,
    });
    const total = screen.getByRole('group', { name: 'Combined balance' });
    expect(total.textContent).toBe('Total unknown: no exchange rate is available yet');
  });

  it('leaves the total out when it could not be loaded, keeping the exact cards', async () => {
    await setup(null);
    expect(screen.queryByRole('group', { name: 'Combined balance' })).toBeNull();
    expect(screen.getByText('Euro Coin')).toBeTruthy();
  });
});
