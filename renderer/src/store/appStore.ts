import { createContext, useContext } from 'react';
import { createStore, useStore, type StoreApi } from 'zustand';
import type { ArcfluxClient } from '../bridge/bridge';
import { createBalanceSlice } from './balanceSlice';
import { createConnectionSlice } from './connectionSlice';
import { createDirectorySlice } from './directorySlice';
import { createLedgerSlice } from './ledgerSlice';
import { createSettingsSlice } from './settingsSlice';
import type { AppState } from './types';

export type AppStore = StoreApi<AppState>;

/** One store per app (and per test): slices composed over one injected client. */
export function createAppStore(client: ArcfluxClient): AppStore {
  return createStore<AppState>()((...parts) => ({
    ...createSettingsSlice(client)(...parts),
    ...createDirectorySlice(client)(...parts),
    ...createBalanceSlice(client)(...parts),
    ...createLedgerSlice(client)(...parts),
    ...createConnectionSlice(client)(...parts),
  }));
}

export const AppStoreContext = createContext<AppStore | null>(null);

/** Selects one field (or a stable derived value) from the app store. */
export function useAppStore<Selected>(selector: (state: AppState) => Selected): Selected {
  const store = useContext(AppStoreContext);
  if (!store) throw new Error('useAppStore must be used inside <AppStoreContext value={store}>');
  return useStore(store, selector);
}

export type { AppState } from './types';
