/** The part of Electron's globalShortcut used; tests pass a fake. */
export interface GlobalShortcutLike {
  register(accelerator: string, callback: () => void): boolean;
  unregister(accelerator: string): void;
}

export const DEFAULT_PUSH_TO_TALK = 'CommandOrControl+Shift+Space';

/**
 * Registers the system-wide push-to-talk shortcut. A global shortcut only reports presses,
 * not releases, so it toggles: the first press starts listening, the next stops. Returns
 * the outcome so the caller can say why a taken or malformed shortcut did nothing.
 */
export function registerPushToTalkShortcut(
  globalShortcut: GlobalShortcutLike,
  accelerator: string,
  onToggle: () => void,
): { ok: true; unregister(): void } | ShortcutRefusal {
  let registered: boolean;
  try {
    registered = globalShortcut.register(accelerator, onToggle);
  } catch {
    return { ok: false, reason: 'malformed', message: malformedShortcutMessage(accelerator) };
  }
  if (!registered) {
    return {
      ok: false,
      reason: 'taken',
      message: `Another application already uses ${accelerator}, so push-to-talk has no global shortcut. Pick another one in Settings.`,
    };
  }
  return { ok: true, unregister: () => globalShortcut.unregister(accelerator) };
}

/** Why a shortcut was not registered, in words for the user. */
export interface ShortcutRefusal {
  ok: false;
  reason: 'taken' | 'malformed';
  message: string;
}

/** What a user is told when a shortcut can't be parsed, by zod or by Electron. */
export function malformedShortcutMessage(accelerator: string): string {
  return `"${accelerator}" is not a shortcut Electron understands. Use a form such as ${DEFAULT_PUSH_TO_TALK}.`;
}

/** The live push-to-talk shortcut, changeable from Settings without a restart. */
export interface PushToTalkShortcut {
  /** The accelerator in use (or the one asked for at start, if it could not be registered). */
  current(): string;
  /**
   * Switches to `accelerator`. The new one is registered before the old one is released,
   * so a taken or malformed shortcut keeps the old one and returns the reason.
   */
  change(accelerator: string): { ok: true } | ShortcutRefusal;
  dispose(): void;
}

/** Registers `initial` and returns a handle that can move the shortcut later. */
export function createPushToTalkShortcut(
  globalShortcut: GlobalShortcutLike,
  initial: string,
  onToggle: () => void,
): { shortcut: PushToTalkShortcut; startup: { ok: true } | ShortcutRefusal } {
  let accelerator = initial;
  let unregister: (() => void) | null = null;
  const first = registerPushToTalkShortcut(globalShortcut, initial, onToggle);
  if (first.ok) unregister = first.unregister;
  const shortcut: PushToTalkShortcut = {
    current: () => accelerator,
    change(next) {
      if (next === accelerator && unregister) return { ok: true };
      const outcome = registerPushToTalkShortcut(globalShortcut, next, onToggle);
      if (!outcome.ok) return outcome;
      unregister?.();
      unregister = outcome.unregister;
      accelerator = next;
      return { ok: true };
    },
    dispose() {
      unregister?.();
      unregister = null;
    },
  };
  return { shortcut, startup: first.ok ? { ok: true } : first };
}
