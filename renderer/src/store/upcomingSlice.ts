import type { Upcoming } from '../../../shared/contract/upcoming';
import type { ErrorBody } from '../../../shared/errors';
import type { Payment } from '../../../shared/schemas/payment';
import type { LoadStatus, SliceCreator } from './types';

export type ScheduleAction = 'pause' | 'resume' | 'skip' | 'cancel';
/** The actions done at once, like their buttons; a cancel is asked first (askToCancel). */
export type DirectScheduleAction = Exclude<ScheduleAction, 'cancel'>;

export interface UpcomingSlice {
  upcoming: Upcoming | null;
  upcomingStatus: LoadStatus;
  upcomingError: ErrorBody | null;
  /** The action running on each schedule, so its buttons can say so. */
  upcomingBusy: Record<string, ScheduleAction>;
  /** Why the last action on a schedule failed, by payment id. */
  upcomingActionErrors: Record<string, ErrorBody>;
  /** How many schedules the panel lists; "Show more" raises it a page at a time. */
  upcomingLimit: number;
  loadUpcoming(): Promise<void>;
  /** Lists the next page of schedules too. */
  showMoreSchedules(): Promise<void>;
  /** Pauses, resumes or skips; true when it was done. */
  actOnSchedule(paymentId: string, action: DirectScheduleAction): Promise<boolean>;
  /**
   * The payments the one cancel confirmation names, while it is open. The Upcoming
   * panel's Cancel button and a cancel by command both open it; nothing is cancelled
   * until its yes.
   */
  cancelRequest: Payment[] | null;
  askToCancel(payments: Payment[]): void;
  /** The confirmation's no: nothing changes. */
  keepPayments(): void;
  /** The confirmation's yes: cancels each named payment, then offers Undo in a toast. */
  confirmCancel(): Promise<void>;
  /** Undo of a cancel: the core restores each payment only while nothing of it ran since. */
  restorePayments(ids: string[]): Promise<void>;
}

const METHOD = {
  pause: 'payments:pause',
  resume: 'payments:resume',
  skip: 'payments:skip',
} as const;

const DONE: Record<DirectScheduleAction, string> = {
  pause: 'Schedule paused',
  resume: 'Schedule resumed',
  skip: 'Next payment skipped',
};

/**
 * Schedules listed at a time. Thousands of cards would be a long scroll nobody reads, and
 * each store change would re-check every one of them; the forecast counts them all anyway.
 */
export const UPCOMING_PAGE = 50;

export const createUpcomingSlice: SliceCreator<UpcomingSlice> =
  ({ client }) =>
  (set, get) => {
    let latest = 0;
    return {
      upcoming: null,
      upcomingStatus: 'idle',
      upcomingError: null,
      upcomingBusy: {},
      upcomingActionErrors: {},
      upcomingLimit: UPCOMING_PAGE,
      async loadUpcoming() {
        const request = ++latest;
        if (get().upcomingStatus !== 'ready') set({ upcomingStatus: 'loading' });
        const userId = get().settings?.actingUserId;
        const result = await client.call('upcoming:list', {
          ...(userId ? { userId } : {}),
          limit: get().upcomingLimit,
        });
        if (request !== latest) return;
        if (result.ok) {
          set({ upcoming: result.data, upcomingStatus: 'ready', upcomingError: null });
        } else {
          set({
            upcomingStatus: get().upcomingStatus === 'ready' ? 'ready' : 'error',
            upcomingError: result.error,
          });
        }
      },
      async showMoreSchedules() {
        set({ upcomingLimit: get().upcomingLimit + UPCOMING_PAGE });
        await get().loadUpcoming();
      },
      async actOnSchedule(paymentId, action) {
        if (get().upcomingBusy[paymentId]) return false;
        const { [paymentId]: _previous, ...otherErrors } = get().upcomingActionErrors;
        set({
          upcomingBusy: { ...get().upcomingBusy, [paymentId]: action },
          upcomingActionErrors: otherErrors,
        });
        const result = await client.call(METHOD[action], { id: paymentId });
        const { [paymentId]: _done, ...stillBusy } = get().upcomingBusy;
        if (result.ok) {
          set({ upcomingBusy: stillBusy });
          const name = get().userNames[result.data.payment.recipientId] ?? 'the recipient';
          get().pushToast({ tone: 'info', title: DONE[action], body: `Payments to ${name}.` });
          await get().loadUpcoming();
          return true;
        }
        set({
          upcomingBusy: stillBusy,
          upcomingActionErrors: { ...get().upcomingActionErrors, [paymentId]: result.error },
        });
        return false;
      },
      cancelRequest: null,
      askToCancel(payments) {
        if (payments.length > 0) set({ cancelRequest: payments });
      },
      keepPayments() {
        set({ cancelRequest: null });
      },
      async confirmCancel() {
        const request = get().cancelRequest;
        if (!request) return;
        const ids = request.map((payment) => payment.id);
        const errors = { ...get().upcomingActionErrors };
        for (const id of ids) delete errors[id];
        set({
          cancelRequest: null,
          upcomingBusy: {
            ...get().upcomingBusy,
            ...Object.fromEntries(ids.map((id) => [id, 'cancel' as const])),
          },
          upcomingActionErrors: errors,
        });
        const cancelled: Payment[] = [];
        for (const id of ids) {
          const result = await client.call('payments:cancel', { id });
          const { [id]: _done, ...stillBusy } = get().upcomingBusy;
          set({ upcomingBusy: stillBusy });
          if (result.ok) {
            cancelled.push(result.data.payment);
          } else {
            set({ upcomingActionErrors: { ...get().upcomingActionErrors, [id]: result.error } });
            get().pushToast({
              tone: 'danger',
              title: "Couldn't cancel a payment",
              body: result.error.message,
            });
          }
        }
        if (cancelled.length > 0) {
          const [only] = cancelled;
          const restoring = cancelled.map((payment) => payment.id);
          get().pushToast({
            tone: 'info',
            title:
              cancelled.length > 1
                ? `${cancelled.length} payments cancelled`
                : only?.schedule.kind === 'recurring'
                  ? 'Schedule cancelled'
                  : 'Payment cancelled',
            body: `Payments to ${recipients(cancelled, get().userNames)}. Undo puts ${
              cancelled.length > 1 ? 'them back as they were' : 'it back as it was'
            }.`,
            action: { label: 'Undo', run: () => void get().restorePayments(restoring) },
          });
          // A choice the user has just acted on is answered.
          if (get().commandReply?.result.choice) get().dismissCommandReply();
        }
        await get().loadUpcoming();
      },
      async restorePayments(ids) {
        const restored: Payment[] = [];
        for (const id of ids) {
          const result = await client.call('payments:restore', { id });
          if (result.ok) {
            restored.push(result.data.payment);
          } else {
            get().pushToast({
              tone: 'danger',
              title: "Couldn't undo the cancel",
              body: result.error.message,
            });
          }
        }
        if (restored.length > 0) {
          get().pushToast({
            tone: 'success',
            title: 'Cancel undone',
            body: `Payments to ${recipients(restored, get().userNames)} are back as they were.`,
          });
        }
        await get().loadUpcoming();
      },
    };
  };

/** "User Two and Alice Chen": who the payments go to, each name once. */
function recipients(payments: Payment[], names: Record<string, string>): string {
  const unique = [
    ...new Set(payments.map((payment) => names[payment.recipientId] ?? 'the recipient')),
  ];
  return unique.length > 1
    ? `${unique.slice(0, -1).join(', ')} and ${unique.at(-1)}`
    : (unique[0] ?? '');
}
