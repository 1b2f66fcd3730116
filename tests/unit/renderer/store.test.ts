import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../../renderer/src/store/appStore';
import { connectStoreToCore, loadEverything } from '../../../renderer/src/store/coreEvents';
import {
  LEDGER_PAGE_SIZE,
  rowAt,
  toTransferFilter,
  DEFAULT_LEDGER_QUERY,
  type LedgerItem,
} from '../../../renderer/src/store/ledgerSlice';
import type { Transfer } from '../../../shared/contract/transfers';
import type { Payment } from '../../../shared/schemas/payment';
import { samplePayment } from '../../support/samples';
import { FakeBridge, ok, standardReplies, waitUntil } from './fakeBridge';

/** A scheduled payment to Alice Chen, as the store sees rows. */
function payment(id: string, fields: Partial<Payment> = {}): Payment {
  return samplePayment(id, {
    recipientId: 'user3',
    status: 'scheduled',
    sourceText: '',
    riskAssessmentId: null,
    createdAt: '2026-11-20T12:00:00.000Z',
    updatedAt: '2026-11-20T12:00:00.000Z',
    ...fields,
  });
}

/** One transfer per payment, with the payment's id, as the history lists them. */
function transfersOf(payments: Payment[]): Transfer[] {
  return payments.map((row) => ({
    id: row.id,
    paymentId: row.id,
    payerId: row.userId,
    recipientId: row.recipientId,
    occurrenceAt: row.createdAt,
    at: row.createdAt,
    paidAt: row.createdAt,
    amount: row.amount,
    currency: row.currency,
    status: 'succeeded',
    failure: null,
    skipReason: null,
    transferId: `tx_${row.id}`,
    attempt: 1,
    memo: null,
  }));
}

function ids(pages: Record<number, LedgerItem[]>): string[] {
  return Object.values(pages)
    .flat()
    .map((item) => ('payment' in item ? item.payment.id : item.id));
}

describe('app store', () => {
  it("loads the acting user's data, balances in currency order", async () => {
    const bridge = new FakeBridge(standardReplies([payment('p1')], transfersOf([payment('p1')])));
    const store = createAppStore(bridge);
    await loadEverything(store);
    const state = store.getState();
    expect(state.balances.map((balance) => balance.currency)).toEqual(['USDC', 'EURC']);
    expect(ids(state.ledgerPages)).toEqual(['p1']);
    expect(state.ledgerTotal).toBe(1);
    expect(bridge.inputsOf('transfers:list')[0]).toMatchObject({ userId: 'user1', offset: 0 });
  });

  it('keeps figures on screen when a refresh fails, and reports the failure', async () => {
    const replies = standardReplies([]);
    const bridge = new FakeBridge(replies);
    const store = createAppStore(bridge);
    await loadEverything(store);
    replies['balance:get'] = () => ({
      ok: false,
      error: { code: 'unavailable', message: 'Server gone.' },
    });
    await store.getState().loadBalances();
    expect(store.getState().balanceStatus).toBe('ready');
    expect(store.getState().balances).toHaveLength(2);
    expect(store.getState().balanceError?.message).toBe('Server gone.');
  });

  it('drops a ledger reply that arrives after a newer one', async () => {
    let releaseSlow!: () => void;
    const slow = new Promise<void>((resolve) => (releaseSlow = resolve));
    const replies = standardReplies([]);
    const bridge = new FakeBridge(replies);
    const store = createAppStore(bridge);
    await loadEverything(store);

    const page = (id: string) => ({
      groupBy: 'transfer',
      items: transfersOf([payment(id)]),
      total: 1,
      offset: 0,
      limit: 100,
    });
    replies['transfers:list'] = async () => {
      await slow;
      return ok(page('old'));
    };
    const first = store.getState().loadPayments();
    replies['transfers:list'] = () => ok(page('new'));
    await store.getState().loadPayments();
    releaseSlow();
    await first;
    expect(ids(store.getState().ledgerPages)).toEqual(['new']);
  });

  it('fetches the pages that scroll into view, once each', async () => {
    const ledger = Array.from({ length: LEDGER_PAGE_SIZE * 3 + 5 }, (_, index) =>
      payment(`p${index}`),
    );
    const bridge = new FakeBridge(standardReplies(ledger, transfersOf(ledger)));
    const store = createAppStore(bridge);
    await loadEverything(store);
    expect(Object.keys(store.getState().ledgerPages)).toEqual(['0']);
    expect(store.getState().ledgerTotal).toBe(ledger.length);

    store.getState().showLedgerRange(LEDGER_PAGE_SIZE * 2 + 10, LEDGER_PAGE_SIZE * 3 + 2);
    store.getState().showLedgerRange(LEDGER_PAGE_SIZE * 2 + 11, LEDGER_PAGE_SIZE * 3 + 3);
    await waitUntil(() => store.getState().ledgerPages[3] !== undefined);
    const offsets = bridge.inputsOf('transfers:list').map((input) => input.offset);
    expect(offsets.filter((offset) => offset === LEDGER_PAGE_SIZE * 2)).toHaveLength(1);
    expect(ids({ 0: [rowAt(store.getState().ledgerPages, LEDGER_PAGE_SIZE * 3 + 4)!] })).toEqual([
      `p${LEDGER_PAGE_SIZE * 3 + 4}`,
    ]);
    expect(store.getState().ledgerPages[1]).toBeUndefined();
  });

  it('turns filters into the core query, dates in the user zone', () => {
    const filter = toTransferFilter(
      {
        ...DEFAULT_LEDGER_QUERY,
        groupBy: 'payment',
        status: 'succeeded',
        recipient: 'user3',
        currency: 'EURC',
        from: '2026-11-01',
        to: '2026-11-30',
        search: '  rent ',
        sort: 'amount',
      },
      'user1',
      'America/New_York',
    );
    expect(filter).toEqual({
      userId: 'user1',
      groupBy: 'payment',
      status: 'succeeded',
      recipient: 'user3',
      currency: 'EURC',
      // Midnight in New York: EDT (UTC-4) on Nov 1, EST (UTC-5) from Nov 2.
      from: '2026-11-01T04:00:00.000Z',
      to: '2026-12-01T05:00:00.000Z',
      q: 'rent',
      sort: 'amount',
    });
  });

  it('applies core events and reloads after the event stream comes back', async () => {
    const bridge = new FakeBridge(standardReplies([payment('p1')]));
    const store = createAppStore(bridge);
    connectStoreToCore(store, bridge);
    await waitUntil(() => store.getState().ledgerStatus === 'ready');

    bridge.emit('balance:changed', {
      balance: {
        userId: 'user1',
        currency: 'USDC',
        amount: '4990',
        updatedAt: '2026-11-27T10:00:00.000Z',
      },
    });
    expect(store.getState().balances[0]?.amount).toBe('4990');
    bridge.emit('balance:changed', {
      balance: {
        userId: 'user9',
        currency: 'USDC',
        amount: '1',
        updatedAt: '2026-11-27T10:00:00.000Z',
      },
    });
    expect(store.getState().balances[0]?.amount).toBe('4990');

    // Grouped by payment, a changed payment's row takes the new state at once.
    store.getState().setLedgerQuery({ groupBy: 'payment' });
    await waitUntil(() => ids(store.getState().ledgerPages).length === 1);
    bridge.emit('payment:changed', { payment: payment('p1', { status: 'executed' }) });
    const row = store.getState().ledgerPages[0]?.[0];
    expect(row && 'payment' in row ? row.payment.status : null).toBe('executed');

    const before = bridge.calls.length;
    bridge.connectionListener?.('reconnecting');
    bridge.connectionListener?.('live');
    expect(store.getState().connection).toBe('live');
    await waitUntil(() => bridge.calls.length >= before + 4);
  });

  it('reloads once for a burst of new payments', async () => {
    const bridge = new FakeBridge(standardReplies([]));
    const store = createAppStore(bridge);
    await loadEverything(store);
    const before = bridge.inputsOf('transfers:list').length;
    for (const id of ['n1', 'n2', 'n3']) {
      store.getState().receivePayment(payment(id, { userId: 'user1' }));
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(bridge.inputsOf('transfers:list').length - before).toBe(1);
  });

  it('shows a notification in the centre and as a toast, but not over its own dialog', async () => {
    const bridge = new FakeBridge(standardReplies([]));
    const store = createAppStore(bridge);
    connectStoreToCore(store, bridge);
    await waitUntil(() => store.getState().notificationsStatus === 'ready');
    const notification = {
      id: 'note_1',
      createdAt: '2026-11-27T10:00:00.000Z',
      userId: 'user1',
      kind: 'executed' as const,
      title: 'Sent 5.00 USDC to User Two',
      body: 'Done.',
      paymentId: 'p1',
      channels: ['in_app' as const],
      readAt: null,
    };
    bridge.emit('notification:created', { notification });
    expect(store.getState().notificationsUnread).toBe(1);
    expect(store.getState().toasts.map((toast) => toast.title)).toEqual([notification.title]);

    store.setState({ commandStatus: 'sending' });
    bridge.emit('notification:created', {
      notification: { ...notification, id: 'note_2', kind: 'needs_confirmation' },
    });
    expect(store.getState().notificationsUnread).toBe(2);
    expect(store.getState().toasts).toHaveLength(1);
  });
});
