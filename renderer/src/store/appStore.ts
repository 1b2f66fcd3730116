import { createContext, useContext } from 'react';
import { createStore, useStore, type StoreApi } from 'zustand';
import type { ArcfluxClient } from '../bridge/bridge';
import { createBalanceSlice } from './balanceSlice';
import { createCommandSlice } from './commandSlice';
import { createConfirmationSlice } from './confirmationSlice';
import { createConnectionSlice } from './connectionSlice';
import { createDirectorySlice } from './directorySlice';
import { createHouseholdSlice } from './householdSlice';
import { createLedgerSlice } from './ledgerSlice';
import { createModelsSlice } from './modelsSlice';
import { createNotificationsSlice } from './notificationsSlice';
import { createSettingsSlice } from './settingsSlice';
import type { AppState, StoreEnvironment } from './types';
import { createUiSlice } from './uiSlice';
import { createUpcomingSlice } from './upcomingSlice';
import { createVoiceSlice, unavailableVoice } from './voiceSlice';

export type AppStore = StoreApi<AppState>;

/**
 * One store per app (and per test): slices composed over one injected client. The clock,
 * storage and voice engine default to the browser's and may be replaced by tests.
 */
export function createAppStore(
  client: ArcfluxClient,
  environment: Partial<Omit<StoreEnvironment, 'client'>> = {},
): AppStore {
  const full: StoreEnvironment = {
    client,
    household: environment.household ?? null,
    now: environment.now ?? Date.now,
    storage: environment.storage === undefined ? null : environment.storage,
    voice: environment.voice ?? unavailableVoice,
    // Without a page (a test, a script) nobody can see a dialog a spoken answer would answer.
    attentive: environment.attentive ?? (() => false),
  };
  return createStore<AppState>()((...parts) => ({
    ...createSettingsSlice(full)(...parts),
    ...createDirectorySlice(full)(...parts),
    ...createBalanceSlice(full)(...parts),
    ...createLedgerSlice(full)(...parts),
    ...createConnectionSlice(full)(...parts),
    ...createHouseholdSlice(full)(...parts),
    ...createCommandSlice(full)(...parts),
    ...createConfirmationSlice(full)(...parts),
    ...createUpcomingSlice(full)(...parts),
    ...createNotificationsSlice(full)(...parts),
    ...createVoiceSlice(full)(...parts),
    ...createModelsSlice(full)(...parts),
    ...createUiSlice(full)(...parts),
  }));
}

export const AppStoreContext = createContext<AppStore | null>(null);

/** Selects one field (or a stable derived value) from the app store. */
export function useAppStore<Selected>(selector: (state: AppState) => Selected): Selected {
  const store = useContext(AppStoreContext);
  if (!store) throw new Error('useAppStore must be used inside <AppStoreContext value={store}>');
  return useStore(store, selector);
}

/** The store itself, for event handlers that read state without subscribing to it. */
export function useAppStoreApi(): AppStore {
  const store = useContext(AppStoreContext);
  if (!store) throw new Error('useAppStoreApi must be used inside <AppStoreContext value={store}>');
  return store;
}

export type { AppState } from './types';
