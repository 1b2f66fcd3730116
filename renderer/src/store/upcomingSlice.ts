import type { Upcoming } from '../../../shared/contract/upcoming';
import type { ErrorBody } from '../../../shared/errors';
import type { LoadStatus, SliceCreator } from './types';

export type ScheduleAction = 'pause' | 'resume' | 'skip' | 'cancel';

export interface UpcomingSlice {
  upcoming: Upcoming | null;
  upcomingStatus: LoadStatus;
  upcomingError: ErrorBody | null;
  /** The action running on each schedule, so its buttons can say so. */
  upcomingBusy: Record<string, ScheduleAction>;
  /** Why the last action on a schedule failed, by payment id. */
  upcomingActionErrors: Record<string, ErrorBody>;
  loadUpcoming(): Promise<void>;
  actOnSchedule(paymentId: string, action: ScheduleAction): Promise<void>;
}

const METHOD = {
  pause: 'payments:pause',
  resume: 'payments:resume',
  skip: 'payments:skip',
  cancel: 'payments:cancel',
} as const;

const DONE: Record<ScheduleAction, string> = {
  pause: 'Schedule paused',
  resume: 'Schedule resumed',
  skip: 'Next payment skipped',
  cancel: 'Schedule cancelled',
};

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
      async loadUpcoming() {
        const request = ++latest;
        if (get().upcomingStatus !== 'ready') set({ upcomingStatus: 'loading' });
        const userId = get().settings?.actingUserId;
        const result = await client.call('upcoming:list', userId ? { userId } : {});
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
      async actOnSchedule(paymentId, action) {
        if (get().upcomingBusy[paymentId]) return;
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
        } else {
          set({
            upcomingBusy: stillBusy,
            upcomingActionErrors: { ...get().upcomingActionErrors, [paymentId]: result.error },
          });
        }
      },
    };
  };
