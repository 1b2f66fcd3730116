import type { ErrorBody } from '../../../shared/errors';
import type { ExecutionStatus } from '../../../shared/schemas/execution';
import type { Notification, NotificationKind } from '../../../shared/schemas/notification';
import type { Payment } from '../../../shared/schemas/payment';
import { waitsOutWindow } from '../../../shared/undoWindow';
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
  /** Set on the toast that counts down a payment's undo window (see `undoWindows`). */
  undoPaymentId?: string;
}

/**
 * Where a payment with an undo window stands, as the toast and the notification show it:
 * still `waiting` (Undo possible), `sending` (the window closed, the run is under way or
 * due), `sent` or `failed` (its run's execution), `skipped` (its run was skipped, nothing
 * paid), `undone` (cancelled, nothing paid),
 * `paused` (held by the user) or `held` (it fell due while ArcFlux was closed and waits
 * for the user's answer in Missed runs).
 */
export type UndoPhase =
  'waiting' | 'sending' | 'sent' | 'failed' | 'skipped' | 'undone' | 'paused' | 'held';

export interface UndoWindow {
  payment: Payment;
  phase: UndoPhase;
  /** The renderer's clock when the window was first heard of; see undoRemainingMs. */
  receivedAt: number;
  undoing: boolean;
  error: ErrorBody | null;
}

export interface NotificationsSlice {
  toasts: Toast[];
  pushToast(toast: Omit<Toast, 'id'>): number;
  dismissToast(id: number): void;

  /** Payments heard of with an undo window, by id. */
  undoWindows: Record<string, UndoWindow>;
  /** Keeps a tracked payment current (payment:changed); starts tracking one in its window. */
  receiveUndoPayment(payment: Payment): void;
  /** Undo: cancels a payment in its window; the core refuses once its run has started. */
  undoPayment(paymentId: string): Promise<void>;

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
  undo_window: 'info',
  executed: 'success',
  failed: 'danger',
  flagged: 'warning',
  denied: 'danger',
  missed: 'warning',
  low_balance: 'warning',
};

/**
 * Milliseconds left in a payment's undo window. Counted from the window's own length (its
 * end minus when it opened, both stamped by the core) and the moment it arrived, so a
 * renderer clock that disagrees with the core's (another machine, a test clock) still
 * counts right. The core decides when the run goes; this only shows it.
 */
export function undoRemainingMs(window: UndoWindow, now: number): number {
  const { undoUntil, updatedAt } = window.payment;
  if (window.phase !== 'waiting' || undoUntil === undefined) return 0;
  const length = Date.parse(undoUntil) - Date.parse(updatedAt);
  return Math.max(0, length - (now - window.receivedAt));
}

const TOAST_LIMIT = 4;

/** The phase of a window whose run the journal knows, by the run's status. */
const RUN_PHASE: Record<ExecutionStatus, UndoPhase> = {
  started: 'sending',
  succeeded: 'sent',
  failed: 'failed',
  skipped: 'skipped',
};
const CENTRE_LIMIT = 100;

export const createNotificationsSlice: SliceCreator<NotificationsSlice> =
  ({ client, now }) =>
  (set, get) => {
    let nextToastId = 1;
    let latestLoad = 0;
    const put = (window: UndoWindow) =>
      set({ undoWindows: { ...get().undoWindows, [window.payment.id]: window } });
    /**
     * Once a payment no longer waits, its phase comes from the facts: the execution of
     * the window's run (sent, failed, still under way), or, with none, its status.
     */
    const settlePhase = async (payment: Payment) => {
      const result = await client.call('payments:get', { id: payment.id });
      const current = get().undoWindows[payment.id];
      if (!result.ok || !current) return;
      const latest = result.data.payment;
      if (waitsOutWindow(latest)) return;
      const run = result.data.executions.find(
        (execution) => execution.occurrenceAt === latest.undoUntil,
      );
      const phase: UndoPhase = run
        ? RUN_PHASE[run.status]
        : latest.status === 'cancelled'
          ? 'undone'
          : latest.status === 'missed'
            ? 'held'
            : latest.paused
              ? 'paused'
              : 'sending';
      put({ ...current, payment: latest, phase });
    };
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

      undoWindows: {},
      receiveUndoPayment(payment) {
        const known = get().undoWindows[payment.id];
        if (!known && !waitsOutWindow(payment)) return;
        // A slower answer (a fetch started earlier) never takes the row back in time.
        if (known && payment.updatedAt < known.payment.updatedAt) return;
        const base: UndoWindow = known ?? {
          payment,
          phase: 'waiting',
          receivedAt: now(),
          undoing: false,
          error: null,
        };
        put({ ...base, payment, phase: waitsOutWindow(payment) ? 'waiting' : base.phase });
        if (!waitsOutWindow(payment)) void settlePhase(payment);
      },
      async undoPayment(paymentId) {
        const window = get().undoWindows[paymentId];
        if (!window || window.undoing) return;
        put({ ...window, undoing: true, error: null });
        const result = await client.call('payments:undo', { id: paymentId });
        const current = get().undoWindows[paymentId] ?? window;
        if (result.ok) {
          put({ ...current, payment: result.data.payment, phase: 'undone', undoing: false });
          return;
        }
        // Too late (the run started) or gone: the error says so; the phase follows the
        // payment's own events and its execution.
        put({ ...current, undoing: false, error: result.error });
        void settlePhase(current.payment);
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
        if (notification.kind === 'undo_window' && notification.paymentId) {
          const paymentId = notification.paymentId;
          // The payment's own event may come before or after this notice; fetch it so
          // the countdown has its window either way.
          if (!get().undoWindows[paymentId]) {
            void client.call('payments:get', { id: paymentId }).then((result) => {
              if (result.ok) get().receiveUndoPayment(result.data.payment);
            });
          }
          get().pushToast({
            tone: NOTIFICATION_TONE[notification.kind],
            title: notification.title,
            body: notification.body,
            undoPaymentId: paymentId,
          });
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
