import type { notificationsSection } from '../../../shared/contract/notifications';
import type { Notification } from '../../../shared/schemas/notification';
import { inSlices } from '../background';
import { toInstant } from '../clock';
import { NotificationIndex } from '../notifications/notificationIndex';
import { actingUserId, type CoreContext, type HandlerMap } from './types';

/**
 * The notification centre over the outbox (in the ledger). Reading a notification
 * appends its new state to the log, as every other change to it does.
 */
export function notificationHandlers(
  context: CoreContext,
): HandlerMap<keyof typeof notificationsSection> {
  const index = new NotificationIndex(() => context.journals.notifications.lines());
  // Built between other work after the core opens, so the first look at a large outbox
  // finds it ready; a question before then reads the rest itself.
  inSlices(() => index.warm(WARM_SLICE));
  const forUser = (userId: string): Notification[] => index.forUser(userId);
  return {
    'notifications:list': ({ userId: requested, limit }) => {
      const userId = actingUserId(context, requested);
      context.users.get(userId);
      return index.page(userId, limit);
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

/** Outbox lines read per turn of the event loop while warming up. */
const WARM_SLICE = 20_000;
