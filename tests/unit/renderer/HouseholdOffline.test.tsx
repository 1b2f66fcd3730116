import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../../renderer/src/App';
import { CommandBar } from '../../../renderer/src/components/command/CommandBar';
import { HouseholdBanner } from '../../../renderer/src/components/HouseholdBanner';
import { PaymentHistory } from '../../../renderer/src/components/ledger/PaymentHistory';
import { AppStoreContext, createAppStore } from '../../../renderer/src/store/appStore';
import { connectStoreToCore } from '../../../renderer/src/store/coreEvents';
import type { Transfer } from '../../../shared/contract/transfers';
import type { MethodName } from '../../../shared/contract';
import { samplePayment } from '../../support/samples';
import { FakeBridge, standardReplies, type Reply } from './fakeBridge';

afterEach(cleanup);

const rent = samplePayment('pay_rent', {
  recipientId: 'user3',
  amount: '1200',
  status: 'scheduled',
});
const paid: Transfer = {
  id: 'exe_rent_1',
  paymentId: 'pay_rent',
  payerId: 'user1',
  recipientId: 'user3',
  occurrenceAt: '2026-11-01T14:00:00.000Z',
  at: '2026-11-01T14:00:02.000Z',
  paidAt: '2026-11-01T14:00:02.000Z',
  amount: '1200',
  currency: 'USDC',
  status: 'succeeded',
  failure: null,
  skipReason: null,
  transferId: 'tx_rent_1',
  attempt: 1,
  memo: 'Rent',
};

/** A bridge to a household server (or, with `household: null`, the local core). */
class HouseholdBridge extends FakeBridge {
  constructor(
    readonly household: { url: string } | null,
    replies: Partial<Record<MethodName, Reply>>,
  ) {
    super(replies);
  }
}

async function setup(household: { url: string } | null) {
  const online = standardReplies([rent], [paid]);
  const bridge = new HouseholdBridge(household, { ...online });
  const store = createAppStore(bridge);
  connectStoreToCore(store, bridge);
  bridge.connectionListener?.('live');
  render(
    <AppStoreContext value={store}>
      <HouseholdBanner />
      <CommandBar />
      <PaymentHistory />
    </AppStoreContext>,
  );
  const table = await screen.findByRole('table', { name: 'Payment history' });
  await waitFor(() => expect(table.querySelector('[data-transfer-id="exe_rent_1"]')).toBeTruthy());
  /** The server stops answering every call, the way a dead connection fails them. */
  const goDown = () => {
    for (const name of Object.keys(online) as MethodName[]) {
      bridge.replies[name] = () => ({
        ok: false,
        error: { code: 'unavailable', message: 'ArcFlux could not reach its server.' },
      });
    }
    bridge.connectionListener?.('reconnecting');
  };
  const comeBack = () => {
    Object.assign(bridge.replies, online);
    bridge.connectionListener?.('live');
  };
  return { bridge, store, table, goDown, comeBack, user: userEvent.setup() };
}

describe('a household server that goes offline', () => {
  it('says so with its code, keeps the history read-only and turns paying off, then says it is back', async () => {
    const { bridge, table, goDown, comeBack, user } = await setup({
      url: 'https://household.example',
    });
    await user.type(screen.getByLabelText('Command'), 'Pay User Two 5 USDC');
    const send = screen.getByRole('button', { name: 'Send' }) as HTMLButtonElement;
    expect(send.disabled).toBe(false);

    goDown();
    const banner = await screen.findByRole('alert');
    expect(banner.getAttribute('data-code')).toBe('household_unreachable');
    expect(banner.textContent).toContain('https://household.example');
    expect(banner.textContent).toContain('read-only');
    // The words are the banner's own, never the bridge's message.
    expect(banner.textContent).not.toContain('could not reach its server');
    expect(send.disabled).toBe(true);
    await user.type(screen.getByLabelText('Command'), '{Enter}');
    expect(bridge.inputsOf('commands:run')).toEqual([]);
    // The last synced history stays on screen.
    expect(within(table).getByText('tx_rent_1', { exact: false })).toBeTruthy();

    const loadsBefore = bridge.inputsOf('transfers:list').length;
    comeBack();
    const back = await screen.findByText(/Back online with https:\/\/household.example/);
    expect(back.closest('[data-code]')?.getAttribute('data-code')).toBe('household_back');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(send.disabled).toBe(false);
    // Everything is loaded again, since events sent meanwhile were lost.
    await waitFor(() =>
      expect(bridge.inputsOf('transfers:list').length).toBeGreaterThan(loadsBefore),
    );
  });

  it('shows no banner and keeps paying on for the local core', async () => {
    const { goDown } = await setup(null);
    await userEvent.setup().type(screen.getByLabelText('Command'), 'Pay User Two 5 USDC');
    goDown();
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Send' }).hasAttribute('disabled')).toBe(false),
    );
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

describe('a household server that refuses the token', () => {
  it('replaces the app with one screen whose way out is Disconnect', async () => {
    const bridge = new HouseholdBridge({ url: 'https://household.example' }, {});
    const store = createAppStore(bridge);
    store.setState({ signedOut: 'not_signed_in' });
    render(
      <AppStoreContext value={store}>
        <App />
      </AppStoreContext>,
    );
    expect(
      screen.getByRole('heading', { name: 'The household server refused your token' }),
    ).toBeTruthy();
    expect(screen.queryByRole('table', { name: 'Payment history' })).toBeNull();
    await userEvent
      .setup()
      .click(screen.getByRole('button', { name: 'Disconnect from the household server' }));
    expect(store.getState().household).toBeNull();
    expect(store.getState().signedOut).toBeNull();
  });
});
