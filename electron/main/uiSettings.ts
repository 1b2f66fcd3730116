import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import Store from 'electron-store';
import { z } from 'zod';
import { acceleratorSchema } from '../../shared/contract/desktop';
import { DEFAULT_PUSH_TO_TALK } from './pushToTalkShortcut';

/**
 * Window-only preferences. They live in electron-store in the Electron userData folder,
 * not in the core's data folder: the server and CLI have no windows or themes.
 */
const windowBoundsSchema = z
  .object({
    x: z.number().int(),
    y: z.number().int(),
    width: z.number().int().min(400).max(10_000),
    height: z.number().int().min(300).max(10_000),
  })
  .strict();
export type WindowBounds = z.infer<typeof windowBoundsSchema>;

export const themeSchema = z.enum(['system', 'light', 'dark']);
export type Theme = z.infer<typeof themeSchema>;

export interface UiSettings {
  windowBounds: WindowBounds | null;
  theme: Theme;
  pushToTalk: string;
}

export interface UiSettingsStore {
  read(): UiSettings;
  saveWindowBounds(bounds: WindowBounds): void;
  saveTheme(theme: Theme): void;
  savePushToTalk(accelerator: string): void;
}

const STORE_NAME = 'ui-settings';

/**
 * Opens the UI settings file in `folder`. A file that is not valid JSON is moved aside
 * (kept, not deleted) and reported on stderr, and the window opens with defaults.
 */
export function openUiSettings(folder: string): UiSettingsStore {
  const store = openStore(folder);
  return {
    read: () => parseUiSettings(store.store),
    saveWindowBounds(bounds) {
      const parsed = windowBoundsSchema.safeParse(bounds);
      if (parsed.success) store.set('windowBounds', parsed.data);
    },
    saveTheme(theme) {
      store.set('theme', themeSchema.parse(theme));
    },
    savePushToTalk(accelerator) {
      store.set('pushToTalk', acceleratorSchema.parse(accelerator));
    },
  };
}

/** Reads what is on disk field by field: one bad value costs that value, not the rest. */
export function parseUiSettings(raw: unknown): UiSettings {
  const record = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const bounds = windowBoundsSchema.safeParse(record.windowBounds);
  const theme = themeSchema.safeParse(record.theme);
  const pushToTalk = acceleratorSchema.safeParse(record.pushToTalk);
  return {
    windowBounds: bounds.success ? bounds.data : null,
    theme: theme.success ? theme.data : 'system',
    pushToTalk: pushToTalk.success ? pushToTalk.data : DEFAULT_PUSH_TO_TALK,
  };
}

function openStore(folder: string): Store<Record<string, unknown>> {
  const options = { name: STORE_NAME, cwd: folder, clearInvalidConfig: false };
  try {
    return new Store<Record<string, unknown>>(options);
  } catch (error) {
    const file = join(folder, `${STORE_NAME}.json`);
    if (!existsSync(file)) throw error;
    const quarantined = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(file, quarantined);
    console.warn(
      `ArcFlux: the window settings file ${file} could not be read, so it was moved to ${quarantined} and defaults are used.`,
    );
    return new Store<Record<string, unknown>>(options);
  }
}
