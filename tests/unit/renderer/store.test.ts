import { describe, expect, it } from 'vitest';
import type { Bridge, ConnectionState } from '../../../renderer/src/bridge/bridge';
import { createAppStore } from '../../../renderer/src/store/appStore';
import { connectStoreToCore, loadEverything } from '../../../renderer/src/store/coreEvents';
import type { EventName, EventPayload, MethodName } from '../../../shared/contract';
import type { Result } from '../../../shared/errors';
import type { Payment } from '../../../shared/schemas/payment';
import { samplePayment, sampleSettings } from '../../support/samples';

const settings = sampleSettings();

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

type Reply = (input: unknown) => Result<unknown> | Promise<Result<unknown>>;

/** Test double for a bridge: canned replies per method, events and connection on demand. */
class FakeBridge implements Bridge {
  readonly kind = 'http';
  readonly calls: [MethodName, unknown][] = [];
  readonly listeners = new Map<EventName, ((payload: never) => void)[]>();
  connectionListener: ((state: ConnectionState) => void) | null = null;

  constructor(readonly replies: Partial<Record<MethodName, Reply>>) {}

  async call(name: MethodName, input: unknown) {
    this.calls.push([name, input]);
    const reply = this.replies[name];
    return (
      reply
        ? await reply(input)
        : { ok: false, error: { code: 'not_found', message: `no reply for ${name}` } }
    ) as never;
  }

  on<Name extends EventName>(event: Name, callback: (payload: EventPayload<Name>) => void) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), callback as never]);
    return () => undefined;
  }

  onConnectionChange(callback: (state: ConnectionState) => void) {
    this.connectionListener = callback;
    callback('connecting');
    return () => undefined;
  }

  emit<Name extends EventName>(event: Name, payload: EventPayload<Name>) {
    for (const listener of this.listeners.get(event) ?? []) listener(payload as never);
  }
}

function standardReplies(payments: Payment[]): Partial<Record<MethodName, Reply>> {
  return {
    'settings:get': () => ({ ok: true, data: settings }),
    'users:list': () => ({ ok: true, data: [] }),
    'balance:get': () => ({
      ok: true,
      data: {
        userId: 'user1',
        balances: [
          {
            userId: 'user1',
            currency: 'EURC',
            amount: '1000',
            updatedAt: '2026-11-01T00:00:00.000Z',
          },
          {
            userId: 'user1',
            currency: 'USDC',
            amount: '5000',
            updatedAt: '2026-11-01T00:00:00.000Z',
          },
        ],
      },
    }),
    'payments:list': () => ({
      ok: true,
      data: { items: payments, total: payments.length, offset: 0, limit: 100 },
    }),
  };
}

describe('app store', () => {
  it("loads the acting user's data, balances in currency order", async () => {
    const bridge = new FakeBridge(standardReplies([payment('p1')]));
    const store = createAppStore(bridge);
    await loadEverything(store);
    const state = store.getState();
    expect(state.balances.map((balance) => balance.currency)).toEqual(['USDC', 'EURC']);
    expect(state.payments.map((item) => item.id)).toEqual(['p1']);
    expect(bridge.calls.find(([name]) => name === 'payments:list')?.[1]).toMatchObject({
      userId: 'user1',
    });
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

    replies['payments:list'] = async () => {
      await slow;
      return { ok: true, data: { items: [payment('old')], total: 1, offset: 0, limit: 100 } };
    };
    const first = store.getState().loadPayments();
    replies['payments:list'] = () => ({
      ok: true,
      data: { items: [payment('new')], total: 1, offset: 0, limit: 100 },
    });
    await store.getState().loadPayments();
    releaseSlow();
    await first;
    expect(store.getState().payments.map((item) => item.id)).toEqual(['new']);
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

    bridge.emit('payment:changed', { payment: payment('p1', { status: 'executed' }) });
    expect(store.getState().payments[0]?.status).toBe('executed');

    store.getState().setLedgerQuery({ status: 'scheduled' });
    await waitUntil(() => !store.getState().ledgerRefreshing);
    bridge.emit('payment:changed', { payment: payment('p1', { status: 'cancelled' }) });
    expect(store.getState().payments).toEqual([]);

    const before = bridge.calls.length;
    bridge.connectionListener?.('reconnecting');
    bridge.connectionListener?.('live');
    expect(store.getState().connection).toBe('live');
    await waitUntil(() => bridge.calls.length >= before + 4);
  });
});

async function waitUntil(condition: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error('condition not met in time');
}
