import type { ArcfluxClient } from '../bridge/bridge';
import type { AppStore } from './appStore';

/** Bursts of events (a tick settling many payments) cause one reload, not one each. */
const FOLLOW_UP_DELAY_MS = 150;

/**
 * Wires the store to the core, once per app: loads everything, then keeps it current from
 * core events. After the event stream comes back from a drop, everything is reloaded,
 * since events sent meanwhile are lost. Returns a function that undoes the wiring.
 */
export function connectStoreToCore(store: AppStore, client: ArcfluxClient): () => void {
  const state = store.getState;
  let followUp: ReturnType<typeof setTimeout> | undefined;
  const refreshDerived = () => {
    clearTimeout(followUp);
    followUp = setTimeout(() => {
      void state().loadUpcoming();
      void state().loadMissedRuns();
      void state().loadCombinedBalance();
    }, FOLLOW_UP_DELAY_MS);
  };
  const unsubscribers = [
    client.on('balance:changed', ({ balance }) => {
      state().receiveBalance(balance);
      refreshDerived();
    }),
    client.on('payment:changed', ({ payment }) => {
      state().receivePayment(payment);
      state().receiveUndoPayment(payment);
      void state().receivePendingConfirmation(payment);
      void state().receiveReplyPayment(payment);
      refreshDerived();
    }),
    client.on('notification:created', ({ notification }) =>
      state().receiveNotification(notification),
    ),
    client.on('settings:changed', ({ settings }) => {
      const before = state().settings?.actingUserId;
      state().receiveSettings(settings);
      if (before !== settings.actingUserId) void loadUserData(store);
    }),
    client.on('models:changed', ({ overview }) => state().receiveModels(overview)),
    client.on('models:progress', ({ progress }) => state().receiveModelProgress(progress)),
    client.onConnectionChange((connection) => {
      const before = state().connection;
      state().setConnection(connection);
      if (connection === 'reconnecting' || connection === 'offline')
        state().setHouseholdBack(false);
      if (connection === 'live' && before === 'reconnecting') {
        if (state().household) state().setHouseholdBack(true);
        void loadEverything(store);
        // Models load with the talk button (or Settings > Models); after that they stay current.
        if (state().models) void state().loadModels();
      }
    }),
    client.onSignedOut?.((reason) => state().setSignedOut(reason)) ?? (() => undefined),
    // Another core now answers (a household server, or back to the local one): nothing on
    // screen is its data, so everything loads again from it.
    client.onSwitch?.(() => void loadEverything(store)) ?? (() => undefined),
  ];
  void loadEverything(store);
  return () => {
    clearTimeout(followUp);
    for (const unsubscribe of unsubscribers) unsubscribe();
  };
}

/**
 * Settings first (they say whose data to show), then that user's data. Users and the
 * core's health (which connector moves the money) load alongside: neither is needed to
 * ask for the user's data, so the history does not wait for the slower of them.
 */
export async function loadEverything(store: AppStore): Promise<void> {
  const state = store.getState;
  await Promise.all([
    state()
      .loadSettings()
      .then(() => loadUserData(store)),
    state().loadUsers(),
    state().loadHealth(),
  ]);
}

async function loadUserData(store: AppStore): Promise<void> {
  const state = store.getState;
  await Promise.all([
    state().loadBalances(),
    state().loadPayments(),
    state().loadUpcoming(),
    state().loadNotifications(),
    state().loadMissedRuns(),
  ]);
}
