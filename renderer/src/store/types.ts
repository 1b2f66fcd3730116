import type { StateCreator } from 'zustand';
import type { ArcfluxClient } from '../bridge/bridge';
import type { BalanceSlice } from './balanceSlice';
import type { CommandSlice } from './commandSlice';
import type { ConfirmationSlice } from './confirmationSlice';
import type { ConnectionSlice } from './connectionSlice';
import type { DirectorySlice } from './directorySlice';
import type { HouseholdSlice } from './householdSlice';
import type { HouseholdSwitcher } from '../household/householdSwitcher';
import type { LedgerSlice } from './ledgerSlice';
import type { ModelsSlice } from './modelsSlice';
import type { NotificationsSlice } from './notificationsSlice';
import type { SettingsSlice } from './settingsSlice';
import type { UiSlice } from './uiSlice';
import type { UpcomingSlice } from './upcomingSlice';
import type { VoiceSlice } from './voiceSlice';

/** The whole renderer state: one store, one slice per concern. */
export type AppState = SettingsSlice &
  DirectorySlice &
  BalanceSlice &
  LedgerSlice &
  ConnectionSlice &
  HouseholdSlice &
  CommandSlice &
  ConfirmationSlice &
  UpcomingSlice &
  NotificationsSlice &
  VoiceSlice &
  ModelsSlice &
  UiSlice;

/** What a slice gets injected: the client, and the platform pieces tests replace. */
export interface StoreEnvironment {
  client: ArcfluxClient;
  /** Connects to a household server and back; null where the app can't (bare tests). */
  household: HouseholdSwitcher | null;
  /** Milliseconds since the epoch; the countdowns and toasts read it. */
  now(): number;
  /** Where the theme and command history survive a reload; null where there is none. */
  storage: KeyValueStorage | null;
  voice: VoiceEngine;
  /**
   * Whether the page is on screen and has the keyboard (document.visibilityState and
   * document.hasFocus()): a spoken answer counts only when the user can see what it answers.
   */
  attentive(): boolean;
}

export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** What a recording reports while it runs. */
export interface RecordingListener {
  /** The input level, 0 (silence, -60 dBFS or less) to 1 (full scale), several times a second. */
  onLevel(level: number): void;
  /** The recording reached the 30 s cap and stopped taking audio; call `stop` to get it. */
  onLimit(): void;
  /** The microphone failed mid-recording (unplugged); the message says what to do. */
  onError(error: Error): void;
}

/**
 * The audio side of push-to-talk: the microphone, recorded at 16 kHz mono. `start` opens
 * it, `stop` ends the recording and resolves to its samples, `cancel` throws it away. Both
 * `start` and `stop` reject with a message a person can act on ("ArcFlux may not use the
 * microphone. Allow it in …").
 */
export interface VoiceEngine {
  readonly available: boolean;
  start(listener: RecordingListener): Promise<void>;
  stop(): Promise<Float32Array>;
  cancel(): void;
}

/** A slice sees the whole state and gets its environment injected, so tests pass doubles. */
export type SliceCreator<Slice> = (
  environment: StoreEnvironment,
) => StateCreator<AppState, [], [], Slice>;

/**
 * - idle: never asked; loading: first load, nothing to show yet;
 * - ready: data shown (a later refresh keeps it on screen);
 * - error: the first load failed, the message says what to do.
 */
export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';
