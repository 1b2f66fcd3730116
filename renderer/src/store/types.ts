import type { StateCreator } from 'zustand';
import type { ArcfluxClient } from '../bridge/bridge';
import type { BalanceSlice } from './balanceSlice';
import type { ConnectionSlice } from './connectionSlice';
import type { DirectorySlice } from './directorySlice';
import type { LedgerSlice } from './ledgerSlice';
import type { SettingsSlice } from './settingsSlice';

/**
 * The whole renderer state: one store, one slice per concern. Later slices (command and
 * voice, confirmations, upcoming, notifications) join this intersection and createAppStore.
 */
export type AppState = SettingsSlice &
  DirectorySlice &
  BalanceSlice &
  LedgerSlice &
  ConnectionSlice;

/** A slice sees the whole state and gets the client injected, so tests can pass a double. */
export type SliceCreator<Slice> = (client: ArcfluxClient) => StateCreator<AppState, [], [], Slice>;

/**
 * - idle: never asked; loading: first load, nothing to show yet;
 * - ready: data shown (a later refresh keeps it on screen);
 * - error: the first load failed, the message says what to do.
 */
export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';
