import type { ErrorBody } from '../../../shared/errors';
import type { Settings, SettingsPatch } from '../../../shared/schemas/settings';
import type { LoadStatus, SliceCreator } from './types';

export interface SettingsSlice {
  settings: Settings | null;
  settingsStatus: LoadStatus;
  settingsError: ErrorBody | null;
  settingsSaving: boolean;
  /** Why the last save was refused, as the core said it. */
  settingsSaveError: ErrorBody | null;
  loadSettings(): Promise<void>;
  receiveSettings(settings: Settings): void;
  /** Saves a patch; resolves to null when the core accepted it, else its reason. */
  saveSettings(patch: SettingsPatch): Promise<ErrorBody | null>;
}

export const createSettingsSlice: SliceCreator<SettingsSlice> =
  ({ client }) =>
  (set, get) => ({
    settings: null,
    settingsStatus: 'idle',
    settingsError: null,
    settingsSaving: false,
    settingsSaveError: null,
    async loadSettings() {
      if (get().settings === null) set({ settingsStatus: 'loading' });
      const result = await client.call('settings:get', {});
      if (result.ok) set({ settings: result.data, settingsStatus: 'ready', settingsError: null });
      else set({ settingsStatus: get().settings ? 'ready' : 'error', settingsError: result.error });
    },
    receiveSettings(settings) {
      set({ settings, settingsStatus: 'ready', settingsError: null });
    },
    async saveSettings(patch) {
      set({ settingsSaving: true, settingsSaveError: null });
      const result = await client.call('settings:update', patch);
      if (result.ok) {
        set({ settingsSaving: false, settings: result.data, settingsStatus: 'ready' });
        return null;
      }
      set({ settingsSaving: false, settingsSaveError: result.error });
      return result.error;
    },
  });
