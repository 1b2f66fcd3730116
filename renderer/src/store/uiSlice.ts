import type { ArcfluxClient } from '../bridge/bridge';
import type { SliceCreator } from './types';

export type View = 'overview' | 'settings';
export type ThemeChoice = 'system' | 'light' | 'dark';

export interface UiSlice {
  /** The injected clock, for countdowns in components (tests pass their own). */
  now(): number;
  /** The client, for the few one-off reads a component makes itself (system health). */
  client: ArcfluxClient;
  view: View;
  setView(view: View): void;
  theme: ThemeChoice;
  setTheme(theme: ThemeChoice): void;
  notificationCentreOpen: boolean;
  setNotificationCentreOpen(open: boolean): void;
}

export const THEME_KEY = 'arcflux.theme';

/** The theme as saved, or "system" for anything else. */
export function readThemeChoice(raw: string | null): ThemeChoice {
  return raw === 'light' || raw === 'dark' ? raw : 'system';
}

export const createUiSlice: SliceCreator<UiSlice> =
  ({ storage, now, client }) =>
  (set) => ({
    now,
    client,
    view: 'overview',
    setView(view) {
      set({ view, notificationCentreOpen: false });
    },
    theme: readThemeChoice(storage?.getItem(THEME_KEY) ?? null),
    setTheme(theme) {
      try {
        storage?.setItem(THEME_KEY, theme);
      } catch {
        // Unsaved, the choice still holds for this session.
      }
      set({ theme });
    },
    notificationCentreOpen: false,
    setNotificationCentreOpen(open) {
      set({ notificationCentreOpen: open });
    },
  });
