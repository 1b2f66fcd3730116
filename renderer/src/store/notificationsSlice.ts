import type { ErrorBody } from '../../../shared/errors';
import type { Notification, NotificationKind } from '../../../shared/schemas/notification';
import type { LoadStatus, SliceCreator } from './types';

export type ToastTone = 'success' | 'info' | 'warning' | 'danger';

/** A short-lived message in the corner; the notification centre keeps the lasting ones. */
export interface Toast {
  id: number;
  tone: ToastTone;
  title: string;
  body: string;
  /** One button beside the message (Undo); pressing it also dismisses the toast. */
  action?: { label: string; run(): void };
}

export interface NotificationsSlice {
  toasts: Toast[];
  pushToast(toast: Omit<Toast, 'id'>): number;
  dismissToast(id: number): void;

  notifications: Notification[];
  notificationsUnread: number;
  notificationsStatus: LoadStatus;
  notificationsError: ErrorBody | null;
  loadNotifications(): Promise<void>;
  receiveNotification(notification: Notification): void;
  /** Marks the given notifications read, or all of them. */
  markNotificationsRead(ids?: string[]): Promise<void>;
}

/** How loud each kind of notification is when it pops up. */
export const NOTIFICATION_TONE: Record<NotificationKind, ToastTone> = {
  needs_confirmation: 'warning',
  executed: 'success',
  failed: 'danger',
  flagged: 'warning',
  missed: 'warning',
  low_balance: 'warning',
};

const TOAST_LIMIT = 4;
const CENTRE_LIMIT = 100;

export const createNotificationsSlice: SliceCreator<NotificationsSlice> =
  ({ client }) =>
  (set, get) => {
    let nextToastId = 1;
    let latestLoad = 0;
    return {
      toasts: [],
      pushToast(toast) {
        const id = nextToastId++;
        // The oldest toast makes way: a burst of events never buries the screen.
        set({ toasts: [...get().toasts, { ...toast, id }].slice(-TOAST_LIMIT) });
        return id;
      },
      dismissToast(id) {
        set({ toasts: get().toasts.filter((toast) => toast.id !== id) });
      },

      notifications: [],
      notificationsUnread: 0,
      notificationsStatus: 'idle',
      notificationsError: null,
      async loadNotifications() {
        const request = ++latestLoad;
        const userId = get().settings?.actingUserId;
        if (get().notificationsStatus !== 'ready') set({ notificationsStatus: 'loading' });
        const result = await client.call('notifications:list', {
          ...(userId ? { userId } : {}),
          limit: CENTRE_LIMIT,
        });
        if (request !== latestLoad) return;
        if (result.ok) {
          set({
            notifications: result.data.items,
            notificationsUnread: result.data.unread,
            notificationsStatus: 'ready',
            notificationsError: null,
          });
        } else {
          set({
            notificationsStatus: get().notificationsStatus === 'ready' ? 'ready' : 'error',
            notificationsError: result.error,
          });
        }
      },
      receiveNotification(notification) {
        const actingUserId = get().settings?.actingUserId;
        if (actingUserId && notification.userId !== actingUserId) return;
        if (get().notifications.some((existing) => existing.id === notification.id)) return;
        set({
          notifications: [notification, ...get().notifications].slice(0, CENTRE_LIMIT),
          notificationsUnread: get().notificationsUnread + (notification.readAt ? 0 : 1),
        });
        // A confirmation the user just asked for opens its own dialog; a toast would only
        // cover it. One made elsewhere (the CLI, another window) still pops up.
        const { commandStatus, confirmation } = get();
        if (
          notification.kind === 'needs_confirmation' &&
          (commandStatus === 'sending' || confirmation?.payment.id === notification.paymentId)
        ) {
          return;
        }
        get().pushToast({
          tone: NOTIFICATION_TONE[notification.kind],
          title: notification.title,
          body: notification.body,
        });
      },
      async markNotificationsRead(ids) {
        const wanted = ids ? new Set(ids) : null;
        const unreadIds = get()
          .notifications.filter((item) => item.readAt === null)
          .filter((item) => wanted === null || wanted.has(item.id))
          .map((item) => item.id);
        if (unreadIds.length === 0 && get().notificationsUnread === 0) return;
        // Shown read at once; the core's answer corrects the count.
        const readAt = new Date().toISOString();
        set({
          notifications: get().notifications.map((item) =>
            unreadIds.includes(item.id) ? { ...item, readAt } : item,
          ),
          notificationsUnread: Math.max(0, get().notificationsUnread - unreadIds.length),
        });
        const userId = get().settings?.actingUserId;
        const result = await client.call('notifications:read', {
          ...(userId ? { userId } : {}),
          ...(ids ? { ids } : {}),
        });
        if (result.ok) set({ notificationsUnread: result.data.unread });
        else set({ notificationsError: result.error });
      },
    };
  };
