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
): { ok: true; unregister(): void } | { ok: false; message: string } {
  let registered: boolean;
  try {
    registered = globalShortcut.register(accelerator, onToggle);
  } catch {
    return {
      ok: false,
      message: `"${accelerator}" is not a shortcut Electron understands. Use a form such as ${DEFAULT_PUSH_TO_TALK}.`,
    };
  }
  if (!registered) {
    return {
      ok: false,
      message: `Another application already uses ${accelerator}, so push-to-talk has no global shortcut. Pick another one in Settings.`,
    };
  }
  return { ok: true, unregister: () => globalShortcut.unregister(accelerator) };
}
