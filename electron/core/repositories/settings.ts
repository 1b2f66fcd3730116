import type { ModelChoiceSetting } from '../../../shared/schemas/model';
import {
  settingsSchema,
  type Settings,
  type SettingsPatch,
} from '../../../shared/schemas/settings';
import type { Clock } from '../clock';
import { DATA_FILES } from '../dataFolder';
import { CoreError } from '../errors';
import { JsonDocument } from '../store';
import type { StoredDocument } from '../store/storedDocument';

/**
 * Settings the core runs with, kept in the data folder so every door shares them. The
 * first run starts from system_config.json's values. Format 2 added the model choice; a
 * format-1 file gets it from the same defaults (system_config.json's `models`). Format 3 added
 * the undo window; an older file gets system_config.json's `scheduler.undoSeconds`.
 */
export class SettingsRepository {
  constructor(private readonly document: StoredDocument<Settings>) {}

  static async open(
    dataDir: string,
    clock: Clock,
    defaults: Settings,
  ): Promise<SettingsRepository> {
    const document = await JsonDocument.open(
      dataDir,
      {
        file: DATA_FILES.settings,
        version: 3,
        schema: settingsSchema,
        migrations: {
          1: (data) => ({ ...(data as Record<string, unknown>), models: defaults.models }),
          2: (data) => ({
            ...(data as Record<string, unknown>),
            undoSeconds: defaults.undoSeconds,
          }),
        },
        initial: () => defaults,
      },
      clock,
    );
    return new SettingsRepository(document);
  }

  get(): Settings {
    return this.document.value;
  }

  /**
   * Applies a patch only if the whole result is valid, and `isKnownUser` accepts the
   * acting user; otherwise nothing changes.
   */
  async update(patch: SettingsPatch, isKnownUser: (id: string) => boolean): Promise<Settings> {
    if (patch.actingUserId !== undefined && !isKnownUser(patch.actingUserId)) {
      throw new CoreError(
        'invalid_input',
        `actingUserId "${patch.actingUserId}" is not a user of this install. Pick one from the user list; settings were not changed.`,
        {
          issues: [
            {
              path: ['actingUserId'],
              code: 'invalid_choice',
              message: 'Pick a user of this install from the list.',
            },
          ],
        },
      );
    }
    return this.document.update((current) => settingsSchema.parse({ ...current, ...patch }));
  }

  /** Saves a model choice the caller has already checked against the registry. */
  async chooseModels(models: ModelChoiceSetting): Promise<Settings> {
    return this.document.update((current) => settingsSchema.parse({ ...current, models }));
  }
}
