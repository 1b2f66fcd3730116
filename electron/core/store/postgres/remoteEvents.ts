import type { Balance } from '../../../../shared/schemas/balance';
import type { EventBus } from '../../events';
import type { HouseholdStore } from './householdStore';

/**
 * Tells this process's doors (SSE, IPC) what another executor committed, with the same
 * events its own services emit for a local change: a payment row saved, a notification
 * created, the settings or a balance changed. A notification's later lines (read, sent)
 * are not a creation, so only the first line of an id is announced.
 */
export function announceRemoteChanges(household: HouseholdStore, events: EventBus): () => void {
  const known = new Set(household.ledger.notifications.map((notification) => notification.id));
  let balances = new Map(household.balances.value.map((balance) => [keyOf(balance), balance]));
  // Every change, local or not, is seen here first (subscribe's listeners run before the
  // remote ones, for each change), so a local notification's later remote line is no news.
  let firstLine = false;
  const stopSeen = household.ledger.subscribe((change) => {
    if (change.kind !== 'notification') return;
    firstLine = !known.has(change.data.id);
    known.add(change.data.id);
  });
  const stopLedger = household.ledger.subscribeRemote((change) => {
    if (change.kind === 'payment') events.emit('payment:changed', { payment: change.data });
    if (change.kind === 'notification' && firstLine) {
      events.emit('notification:created', { notification: change.data });
    }
  });
  const stopDocuments = household.onDocumentChange((change) => {
    if (change.name === 'settings') events.emit('settings:changed', { settings: change.value });
    if (change.name !== 'balances') return;
    const before = balances;
    balances = new Map(change.value.map((balance) => [keyOf(balance), balance]));
    for (const [key, balance] of balances) {
      const old = before.get(key);
      if (!old || old.amount !== balance.amount || old.updatedAt !== balance.updatedAt) {
        events.emit('balance:changed', { balance });
      }
    }
  });
  return () => {
    stopSeen();
    stopLedger();
    stopDocuments();
  };
}

function keyOf(balance: Balance): string {
  return `${balance.userId}/${balance.currency}`;
}
