import type { Notification as ArcfluxNotification } from '../../shared/schemas/notification';
import type { CoreDoor } from './ipc';

/** The part of Electron's Notification a desktop notification needs; tests pass a fake. */
export interface OsNotification {
  show(): void;
  on(event: 'click', listener: () => void): void;
}

export type CreateOsNotification = (options: {
  title: string;
  body: string;
  silent: boolean;
}) => OsNotification;

/**
 * Shows the core's desktop-channel notifications as OS notifications. Clicking one brings
 * the window forward. Payments that only report (executed) are silent; the ones that need
 * the user (confirmations, failures, missed runs) make a sound.
 */
export function forwardDesktopNotifications(
  core: Pick<CoreDoor, 'on'>,
  options: {
    isSupported(): boolean;
    create: CreateOsNotification;
    onClick(notification: ArcfluxNotification): void;
  },
): () => void {
  return core.on('notification:desktop', ({ notification }) => {
    if (!options.isSupported()) return;
    try {
      const shown = options.create({
        title: notification.title,
        body: notification.body,
        silent: notification.kind === 'executed',
      });
      shown.on('click', () => options.onClick(notification));
      shown.show();
    } catch {
      // The in-app notification centre still has it.
    }
  });
}
