import type { Decision } from '../../../shared/contract/commands';
import type { MissedReview } from '../../../shared/contract/paymentActions';
import type { ErrorBody } from '../../../shared/errors';
import type { Payment } from '../../../shared/schemas/payment';
import type { Proposal } from '../../../shared/schemas/proposal';
import type { RiskAssessment } from '../../../shared/schemas/risk';
import type { User } from '../../../shared/schemas/user';
import type { LoadStatus, SliceCreator } from './types';
import { concurrencyLimit } from './concurrencyLimit';

export type Verification = RiskAssessment['verification'];

/** A proposal the user is being asked about, with what the dialog needs to show it. */
export interface PendingConfirmation {
  payment: Payment;
  proposal: Proposal;
  decision: Decision;
  /** When the renderer received it; the countdown runs from here (see expiresInMs). */
  receivedAt: number;
  /** The recipient's verification from the risk record; null until it has loaded. */
  verification: Verification | null;
}

/** The core's review of a payment's chosen missed runs; the last one stays while loading. */
export type MissedReviewState =
  | { status: 'loading'; review: MissedReview | null }
  | { status: 'ready'; review: MissedReview }
  | { status: 'error'; review: null; error: ErrorBody };

export interface ConfirmationSlice {
  confirmation: PendingConfirmation | null;
  confirmationStatus: 'idle' | 'confirming' | 'cancelling';
  confirmationError: ErrorBody | null;
  openConfirmation(input: Pick<PendingConfirmation, 'payment' | 'proposal' | 'decision'>): void;
  /**
   * A payment of the acting user now waits for a confirmation, possibly asked for at
   * another door (the CLI, REST): fetches its proposal and opens the dialog, unless one
   * is already open.
   */
  receivePendingConfirmation(payment: Payment): Promise<void>;
  /**
   * The user's yes, pinned to the proposal the dialog shows. Given `proposalId` (a spoken
   * answer), it does nothing unless that proposal is still the one open.
   */
  confirmPayment(proposalId?: string): Promise<void>;
  /** The user's no: the payment is cancelled, so nothing of it is scheduled. */
  cancelConfirmation(proposalId?: string): Promise<void>;
  /** Hides the dialog without asking the core (the proposal already lapsed). */
  dismissConfirmation(): void;

  /** Payments holding occurrences missed while ArcFlux was closed or asleep. */
  missedPayments: Payment[];
  missedStatus: LoadStatus;
  missedDialogOpen: boolean;
  /** What is being done to each missed payment right now. */
  missedBusy: Record<string, 'paying' | 'skipping'>;
  missedError: ErrorBody | null;
  loadMissedRuns(): Promise<void>;
  openMissedRuns(): void;
  closeMissedRuns(): void;
  /** What paying each payment's chosen missed runs would do, from the core's dry check. */
  missedReviews: Record<string, MissedReviewState>;
  /** Asks the core what paying `runs` (all held runs when absent) would do. */
  reviewMissedRuns(paymentId: string, runs?: string[]): Promise<void>;
  /**
   * Approves running the chosen missed occurrences (all when absent); the next tick pays
   * them, and the others are skipped.
   */
  payMissedRuns(paymentId: string, runs?: string[]): Promise<void>;
  skipMissedRuns(paymentId: string): Promise<void>;
}

/**
 * Milliseconds left before the proposal lapses. Counted from the proposal's own lifetime
 * and the moment it arrived, so a renderer clock that disagrees with the core's (another
 * machine, a test clock) still shows the right countdown.
 */
export function expiresInMs(confirmation: PendingConfirmation, now: number): number {
  const lifetime =
    Date.parse(confirmation.proposal.expiresAt) - Date.parse(confirmation.proposal.createdAt);
  return Math.max(0, lifetime - (now - confirmation.receivedAt));
}

/** Errors that mean the proposal is gone: there is nothing left to confirm or cancel. */
const GONE: ReadonlySet<ErrorBody['code']> = new Set(['expired', 'not_found', 'conflict']);

/** Reviews of missed runs asked for at once; the rest of the page keeps the other connections. */
export const MISSED_REVIEWS_AT_ONCE = 2;

export const createConfirmationSlice: SliceCreator<ConfirmationSlice> =
  ({ client, now }) =>
  (set, get) => {
    let latestMissed = 0;
    const reviewRequests: Record<string, number> = {};
    // The missed-runs dialog asks for one review per row as its rows appear: a few hundred
    // at once would take every connection the browser keeps to the server (six), and the
    // history, balances and every other request would queue behind them.
    const reviews = concurrencyLimit(MISSED_REVIEWS_AT_ONCE);
    // Rows marked as being reviewed, written to the store together: the dialog's rows all
    // ask on mount, and one store change per row would re-check every subscriber each time.
    let loading: Record<string, MissedReviewState> | null = null;
    const markLoading = (paymentId: string) => {
      if (loading === null) {
        loading = {};
        queueMicrotask(() => {
          const marked = loading ?? {};
          loading = null;
          set({ missedReviews: { ...get().missedReviews, ...marked } });
        });
      }
      loading[paymentId] = {
        status: 'loading',
        review: get().missedReviews[paymentId]?.review ?? null,
      };
    };
    const finish = (tone: 'success' | 'info' | 'danger', title: string, body: string) => {
      const paymentId = get().confirmation?.payment.id;
      // The answer that asked for this confirmation is settled now; the toast says how.
      const reply = get().commandReply;
      set({
        confirmation: null,
        confirmationStatus: 'idle',
        confirmationError: null,
        ...(reply?.result.payment?.id === paymentId ? { commandReply: null } : {}),
      });
      get().pushToast({ tone, title, body });
    };
    return {
      confirmation: null,
      confirmationStatus: 'idle',
      confirmationError: null,
      openConfirmation({ payment, proposal, decision }) {
        // The same proposal may arrive twice: from the command's reply and from its event.
        if (get().confirmation?.proposal.id === proposal.id) return;
        set({
          confirmation: { payment, proposal, decision, receivedAt: now(), verification: null },
          confirmationStatus: 'idle',
          confirmationError: null,
        });
        void client.call('payments:get', { id: payment.id }).then((result) => {
          const current = get().confirmation;
          if (!current || current.proposal.id !== proposal.id) return;
          set({
            confirmation: {
              ...current,
              verification: result.ok
                ? (result.data.riskAssessment?.verification ?? 'unknown')
                : 'unknown',
            },
          });
        });
      },
      async receivePendingConfirmation(payment) {
        if (payment.status !== 'pending_confirmation') return;
        const own = payment.userId === get().settings?.actingUserId;
        if (!own && !approvesFor(get(), payment.userId)) return;
        // Never swap the dialog the user is reading; the tray and notifications still count it.
        if (get().confirmation) return;
        const result = await client.call('proposals:get', { paymentId: payment.id });
        if (!result.ok || get().confirmation) return;
        // Confirmed or cancelled meanwhile (perhaps at the door that asked): nothing to show.
        if (result.data.proposal.status !== 'pending') return;
        if (result.data.payment.status !== 'pending_confirmation') return;
        // Another person's payment is this user's to answer only when it waits for an owner.
        if (!own && result.data.proposal.secondApproval !== true) return;
        get().openConfirmation(result.data);
      },
      async confirmPayment(proposalId) {
        const current = get().confirmation;
        if (!current || get().confirmationStatus !== 'idle') return;
        if (proposalId !== undefined && current.proposal.id !== proposalId) return;
        set({ confirmationStatus: 'confirming', confirmationError: null });
        const result = await client.call('payments:confirm', {
          id: current.payment.id,
          proposalId: current.proposal.id,
        });
        if (get().confirmation?.proposal.id !== current.proposal.id) return;
        if (result.ok) {
          finish('success', 'Payment confirmed', current.proposal.readBack.sentence);
        } else {
          set({ confirmationStatus: 'idle', confirmationError: result.error });
        }
      },
      async cancelConfirmation(proposalId) {
        const current = get().confirmation;
        if (!current || get().confirmationStatus !== 'idle') return;
        if (proposalId !== undefined && current.proposal.id !== proposalId) return;
        set({ confirmationStatus: 'cancelling', confirmationError: null });
        const result = await client.call('payments:cancel', { id: current.payment.id });
        if (get().confirmation?.proposal.id !== current.proposal.id) return;
        if (result.ok) {
          finish('info', 'Payment cancelled', 'Nothing was scheduled and nothing will be paid.');
        } else if (GONE.has(result.error.code)) {
          finish('info', 'Nothing to cancel', result.error.message);
        } else {
          set({ confirmationStatus: 'idle', confirmationError: result.error });
        }
      },
      dismissConfirmation() {
        set({ confirmation: null, confirmationStatus: 'idle', confirmationError: null });
      },

      missedPayments: [],
      missedStatus: 'idle',
      missedDialogOpen: false,
      missedBusy: {},
      missedError: null,
      missedReviews: {},
      async reviewMissedRuns(paymentId, runs) {
        const request = (reviewRequests[paymentId] ?? 0) + 1;
        reviewRequests[paymentId] = request;
        markLoading(paymentId);
        const result = await reviews(() =>
          client.call('payments:review', {
            id: paymentId,
            ...(runs ? { runs } : {}),
          }),
        );
        // Only the newest question about a payment may answer: choices change quickly.
        if (reviewRequests[paymentId] !== request) return;
        set({
          missedReviews: {
            ...get().missedReviews,
            [paymentId]: result.ok
              ? { status: 'ready', review: result.data }
              : { status: 'error', review: null, error: result.error },
          },
        });
      },
      async loadMissedRuns() {
        const request = ++latestMissed;
        const userId = get().settings?.actingUserId;
        if (!userId) return;
        if (get().missedStatus !== 'ready') set({ missedStatus: 'loading' });
        const result = await client.call('payments:list', {
          userId,
          status: 'missed',
          sort: 'nextRunAt',
          limit: 200,
        });
        if (request !== latestMissed) return;
        if (!result.ok) {
          set({ missedStatus: 'error', missedError: result.error });
          return;
        }
        const before = new Set(get().missedPayments.map((payment) => payment.id));
        const arrived = result.data.items.some((payment) => !before.has(payment.id));
        set({
          missedPayments: result.data.items,
          missedStatus: 'ready',
          missedError: null,
          // New missed runs ask for an answer; the dialog waits while a confirmation is open.
          missedDialogOpen: result.data.items.length > 0 && (get().missedDialogOpen || arrived),
        });
      },
      openMissedRuns() {
        set({ missedDialogOpen: true, missedError: null });
      },
      closeMissedRuns() {
        set({ missedDialogOpen: false, missedError: null });
      },
      async payMissedRuns(paymentId, runs) {
        await actOnMissed(paymentId, 'paying', runs);
      },
      async skipMissedRuns(paymentId) {
        await actOnMissed(paymentId, 'skipping');
      },
    };

    async function actOnMissed(paymentId: string, action: 'paying' | 'skipping', runs?: string[]) {
      if (get().missedBusy[paymentId]) return;
      set({ missedBusy: { ...get().missedBusy, [paymentId]: action }, missedError: null });
      const result =
        action === 'paying'
          ? await client.call('payments:confirm', { id: paymentId, ...(runs ? { runs } : {}) })
          : await client.call('payments:skip', { id: paymentId });
      const { [paymentId]: _done, ...stillBusy } = get().missedBusy;
      if (!result.ok) {
        set({ missedBusy: stillBusy, missedError: result.error });
        return;
      }
      const remaining = get().missedPayments.filter((payment) => payment.id !== paymentId);
      set({
        missedBusy: stillBusy,
        missedPayments: remaining,
        missedDialogOpen: get().missedDialogOpen && remaining.length > 0,
      });
    }
  };

/**
 * Whether the acting user answers a household member's payment that waits for a second
 * person: they are an owner, and the payer is a member (from users:list's roles). A
 * desktop without a household (everyone an owner) never opens another user's payment.
 */
function approvesFor(
  state: { settings: { actingUserId: string } | null; users: readonly User[] },
  payerId: string,
): boolean {
  const actingUserId = state.settings?.actingUserId;
  const acting = state.users.find((user) => user.id === actingUserId);
  const payer = state.users.find((user) => user.id === payerId);
  return acting?.household === 'owner' && payer?.household === 'member';
}
