import type { notificationsSection } from '../../../shared/contract/notifications';
import type { Notification } from '../../../shared/schemas/notification';
import { finishInTurns, inSlices } from '../background';
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
  // finds it ready.
  const warm = () => index.warm(WARM_SLICE);
  inSlices(warm);
  // A question before then reads the rest a slice per turn too: read at once, a large
  // outbox held every other request (the history's first page among them) for 0.4 s.
  const forUser = async (userId: string): Promise<Notification[]> => {
    await finishInTurns(warm);
    return index.forUser(userId);
  };
  return {
    'notifications:list': async ({ userId: requested, limit }) => {
      const userId = actingUserId(context, requested);
      context.users.get(userId);
      await finishInTurns(warm);
      return index.page(userId, limit);
    },
    'notifications:read': async ({ userId: requested, ids }) => {
      const userId = actingUserId(context, requested);
      context.users.get(userId);
      const wanted = ids === undefined ? null : new Set(ids);
      const all = await forUser(userId);
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
