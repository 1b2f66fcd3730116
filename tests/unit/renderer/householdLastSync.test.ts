import { describe, expect, it } from 'vitest';
import { keepLastSync, LAST_SYNC_KEY } from '../../../renderer/src/household/lastSync';
import { createAppStore } from '../../../renderer/src/store/appStore';
import { connectStoreToCore } from '../../../renderer/src/store/coreEvents';
import { isReadOnly } from '../../../renderer/src/store/householdSlice';
import type { MethodName } from '../../../shared/contract';
import { eventually } from '../../support/eventually';
import { samplePayment } from '../../support/samples';
import { FakeBridge, standardReplies, type Reply } from './fakeBridge';

const SERVER = { url: 'https://household.example' };
const rent = samplePayment('pay_rent', { recipientId: 'user3', amount: '1200' });

class HouseholdBridge extends FakeBridge {
  constructor(
    readonly household: { url: string } | null,
    replies: Partial<Record<MethodName, Reply>>,
  ) {
    super(replies);
  }
}

function memoryStorage() {
  const values = new Map<string, string>();
  return {
    values,
    getItem: (key: string) => values.get(key) ?? null,
    setItem: (key: string, value: string) => void values.set(key, value),
  };
}

/** Every call fails the way an unreachable server's do. */
const unreachable: Reply = () => ({
  ok: false,
  error: { code: 'unavailable', message: 'ArcFlux could not reach its server.' },
});

describe('the last history synced from a household server', () => {
  it('is shown read-only by an app started while the server is down', async () => {
    const storage = memoryStorage();
    const online = new HouseholdBridge(SERVER, standardReplies([rent]));
    const first = createAppStore(online, { storage });
    keepLastSync(first, storage);
    connectStoreToCore(first, online);
    first.getState().setLedgerQuery({ groupBy: 'payment' });
    online.connectionListener?.('live');
    await eventually(() => first.getState().ledgerPages[0]?.length === 1, 'the first page');
    await eventually(
      () => (storage.getItem(LAST_SYNC_KEY) ?? '').includes('pay_rent'),
      'the snapshot',
    );
    expect(storage.getItem(LAST_SYNC_KEY)).not.toContain('token');

    // The app starts again; the server does not answer.
    const down = Object.fromEntries(
      Object.keys(standardReplies()).map((name) => [name, unreachable]),
    );
    const offline = new HouseholdBridge(SERVER, down);
    const second = createAppStore(offline, { storage });
    keepLastSync(second, storage);
    connectStoreToCore(second, offline);
    offline.connectionListener?.('reconnecting');
    await eventually(() => offline.inputsOf('transfers:list').length > 0, 'a ledger load');
    const state = second.getState();
    expect(state.ledgerStatus).toBe('ready');
    expect(state.ledgerQuery.groupBy).toBe('payment');
    expect(state.ledgerPages[0]).toEqual([expect.objectContaining({ payment: rent })]);
    expect(state.balances.map((balance) => balance.amount)).toEqual(['5000', '1000']);
    expect(state.settings?.actingUserId).toBe('user1');
    expect(isReadOnly(state)).toBe(true);
  });

  it('is not shown for another server, and is forgotten on Disconnect', async () => {
    const storage = memoryStorage();
    const online = new HouseholdBridge(SERVER, standardReplies([rent]));
    const first = createAppStore(online, { storage });
    keepLastSync(first, storage);
    connectStoreToCore(first, online);
    online.connectionListener?.('live');
    await eventually(() => (storage.getItem(LAST_SYNC_KEY) ?? '').length > 0, 'the snapshot');

    const elsewhere = createAppStore(new HouseholdBridge({ url: 'https://other.example' }, {}), {
      storage,
    });
    keepLastSync(elsewhere, storage);
    expect(elsewhere.getState().settings).toBeNull();

    await first.getState().disconnectHousehold();
    expect(storage.getItem(LAST_SYNC_KEY)).toBe('');
  });
});
