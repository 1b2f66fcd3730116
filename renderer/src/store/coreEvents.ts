import type { ArcfluxClient } from '../bridge/bridge';
import type { AppStore } from './appStore';

/**
 * Wires the store to the core, once per app: loads everything, then keeps it current from
 * core events. After the event stream comes back from a drop, everything is reloaded,
 * since events sent meanwhile are lost. Returns a function that undoes the wiring.
 */
export function connectStoreToCore(store: AppStore, client: ArcfluxClient): () => void {
  const state = store.getState;
  const unsubscribers = [
    client.on('balance:changed', ({ balance }) => state().receiveBalance(balance)),
    client.on('payment:changed', ({ payment }) => state().receivePayment(payment)),
    client.on('settings:changed', ({ settings }) => {
      const before = state().settings?.actingUserId;
      state().receiveSettings(settings);
      if (before !== settings.actingUserId) {
        void state().loadBalances();
        void state().loadPayments();
      }
    }),
    // notification:created joins here with the notifications slice.
    client.onConnectionChange((connection) => {
      const before = state().connection;
      state().setConnection(connection);
      if (connection === 'live' && before === 'reconnecting') void loadEverything(store);
    }),
  ];
  void loadEverything(store);
  return () => {
    for (const unsubscribe of unsubscribers) unsubscribe();
  };
}

/** Settings and users first (they say whose data to show), then that user's data. */
export async function loadEverything(store: AppStore): Promise<void> {
  const state = store.getState;
  await Promise.all([state().loadSettings(), state().loadUsers()]);
  await Promise.all([state().loadBalances(), state().loadPayments()]);
}
