import type { notificationsSection } from '../../../shared/contract/notifications';
import type { Notification } from '../../../shared/schemas/notification';
import { toInstant } from '../clock';
import { actingUserId, type CoreContext, type HandlerMap } from './types';

/**
 * The notification centre over the outbox (in the ledger). Reading a notification
 * appends its new state to the log, as every other change to it does.
 */
export function notificationHandlers(
  context: CoreContext,
): HandlerMap<keyof typeof notificationsSection> {
  const forUser = (userId: string): Notification[] =>
    context.journals.notifications
      .list()
      .filter((notification) => notification.userId === userId)
      // The log is oldest first; reversed, a stable sort keeps same-instant ones newest first.
      .reverse()
      .sort(newestFirst);
  return {
    'notifications:list': ({ userId: requested, limit }) => {
      const userId = actingUserId(context, requested);
      context.users.get(userId);
      const all = forUser(userId);
      return {
        items: all.slice(0, limit),
        total: all.length,
        unread: all.filter((notification) => notification.readAt === null).length,
      };
    },
    'notifications:read': async ({ userId: requested, ids }) => {
      const userId = actingUserId(context, requested);
      context.users.get(userId);
      const wanted = ids === undefined ? null : new Set(ids);
      const all = forUser(userId);
      const readAt = toInstant(context.clock.now());
      const changed = all
        .filter((notification) => notification.readAt === null)
        .filter((notification) => wanted === null || wanted.has(notification.id))
        .map((notification) => ({ ...notification, readAt }));
      if (changed.length > 0) {
        context.assertWritable();
        await context.journals.notifications.record(changed);
      }
      const unread = all.filter((notification) => notification.readAt === null).length;
      return { unread: unread - changed.length };
    },
  };
}

function newestFirst(left: Notification, right: Notification): number {
  return left.createdAt < right.createdAt ? 1 : left.createdAt > right.createdAt ? -1 : 0;
}
