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
  /** Goes to `view`; leaving Settings with unsaved edits asks first (`leavingTo`). */
  setView(view: View): void;
  /** Whether the Settings form holds edits that are not saved; the form keeps it current. */
  unsavedSettings: boolean;
  setUnsavedSettings(unsaved: boolean): void;
  /** The page asked for while Settings had unsaved edits, waiting for the user's answer. */
  leavingTo: View | null;
  /** The answer: leave (the edits are dropped) or stay on Settings with them. */
  answerLeave(leave: boolean): void;
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
  (set, get) => ({
    now,
    client,
    view: 'overview',
    setView(view) {
      const { view: current, unsavedSettings } = get();
      if (current === 'settings' && view !== 'settings' && unsavedSettings) {
        set({ leavingTo: view, notificationCentreOpen: false });
        return;
      }
      set({ view, notificationCentreOpen: false });
    },
    unsavedSettings: false,
    setUnsavedSettings(unsaved) {
      if (get().unsavedSettings !== unsaved) set({ unsavedSettings: unsaved });
    },
    leavingTo: null,
    answerLeave(leave) {
      const { leavingTo } = get();
      if (leave && leavingTo) {
        set({ view: leavingTo, leavingTo: null, unsavedSettings: false });
      } else {
        set({ leavingTo: null });
      }
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
