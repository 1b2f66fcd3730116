import type { ErrorBody } from '../../../shared/errors';
import type { Settings } from '../../../shared/schemas/settings';
import type { LoadStatus, SliceCreator } from './types';

export interface SettingsSlice {
  settings: Settings | null;
  settingsStatus: LoadStatus;
  settingsError: ErrorBody | null;
  loadSettings(): Promise<void>;
  receiveSettings(settings: Settings): void;
}

export const createSettingsSlice: SliceCreator<SettingsSlice> = (client) => (set, get) => ({
  settings: null,
  settingsStatus: 'idle',
  settingsError: null,
  async loadSettings() {
    if (get().settings === null) set({ settingsStatus: 'loading' });
    const result = await client.call('settings:get', {});
    if (result.ok) set({ settings: result.data, settingsStatus: 'ready', settingsError: null });
    else set({ settingsStatus: get().settings ? 'ready' : 'error', settingsError: result.error });
  },
  receiveSettings(settings) {
    set({ settings, settingsStatus: 'ready', settingsError: null });
  },
});
