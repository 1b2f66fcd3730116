import { formatInstant } from '../../../shared/format';
import { formatAmount, type Currency } from '../../../shared/money';
import type { Balance } from '../../../shared/schemas/balance';
import type { Execution, ExecutionFailure } from '../../../shared/schemas/execution';
import type { Notification, NotificationKind } from '../../../shared/schemas/notification';
import type { Payment } from '../../../shared/schemas/payment';
import type { Proposal } from '../../../shared/schemas/proposal';
import type { RiskAssessment, RiskLevel, RiskRuleResult } from '../../../shared/schemas/risk';
import type { Schedule } from '../../../shared/schemas/schedule';
import type { GuardianPolicy } from '../../../shared/schemas/settings';
import type { User } from '../../../shared/schemas/user';
import { executionIdFor, occurrenceKey } from '../execution/idempotency';
import { buildReadBack } from '../guardian/readBack';
import { riskScore } from '../guardian/decide';
import { GUARDIAN_ENGINE } from '../guardian/guardianAgent';
import { paymentFingerprint } from '../payments/fingerprint';
import { planLedger, type PaymentPlan, type PaymentStory } from './ledgerPlan';
import { SeededRandom } from './random';
import {
  firstRuns,
  randomShape,
  runBefore,
  scheduleOf,
  shapeWords,
  type ScheduleShape,
} from './scheduleShape';

export interface LedgerRequest {
  payments: number;
  transfers: number;
  seed: number;
  /** Everything is placed relative to this instant: history before it, schedules after. */
  now: Date;
  /** The demo contacts and balances (the seed); the first chunk carries them unchanged. */
  users: readonly User[];
  balances: readonly Balance[];
  /** Who most payments belong to: the user the app acts for. */
  actingUserId: string;
  policy: Pick<GuardianPolicy, 'confirmAbove' | 'proposalTtlSeconds' | 'limits'>;
  undoSeconds: number;
  /** Payments per chunk; each chunk holds everything those payments made. */
  chunkSize?: number;
}

/** The records of a run of payments, in the order the app would have written them. */
export interface LedgerChunk {
  /** Only in the first chunk: the folder's contacts and balances. */
  users?: readonly User[];
  balances?: readonly Balance[];
  payments: Payment[];
  riskAssessments: RiskAssessment[];
  proposals: Proposal[];
  /** Journal lines: `started` then the outcome, as the execution engine writes them. */
  executions: Execution[];
  notifications: Notification[];
  /** How many of the requested transfers (occurrences attempted) this chunk holds. */
  transfers: number;
}

const DAY_MS = 86_400_000;
/** Channels the default settings deliver on; email and the webhook start switched off. */
const DEFAULT_CHANNELS = ['in_app', 'desktop'] as const;
/** Executed transfers older than this get no "paid" notice: the app only keeps telling about recent ones. */
const NOTICE_DAYS = 30;

/**
 * Generates a realistic ledger, `chunkSize` payments at a time, so a million transfers
 * never sit in memory at once. Pure: the same request (seed, clock reading, contacts)
 * gives the same records, and nothing is read or written. Each payment gets the Guardian's
 * record of its decision (and, when the Guardian asked, the proposal and the approving
 * record the user's yes made), and each of its past occurrences its journal lines, at
 * the instants the scheduler would have run them.
 */
export function generateLedger(request: LedgerRequest): Iterable<LedgerChunk> {
  // Planned at once, so a request that can't be met throws before anything is written.
  const plans = planLedger(
    request.payments,
    request.transfers,
    new SeededRandom(`${request.seed}:plan`),
  );
  const people = new People(request);
  return chunksOf(request, plans, people);
}

function* chunksOf(
  request: LedgerRequest,
  plans: readonly PaymentPlan[],
  people: People,
): Generator<LedgerChunk> {
  const chunkSize = request.chunkSize ?? 500;
  let chunk = emptyChunk(request);
  for (const [index, plan] of plans.entries()) {
    // Each payment draws from its own stream, so changing one story never reshuffles the rest.
    const story = new StoryWriter(request, people, new SeededRandom(`${request.seed}:${index}`));
    story.write(plan, chunk);
    if ((index + 1) % chunkSize === 0) {
      yield chunk;
      chunk = emptyChunk();
    }
  }
  if (chunk.payments.length > 0 || chunk.users) yield chunk;
}

function emptyChunk(request?: LedgerRequest): LedgerChunk {
  return {
    ...(request ? { users: request.users, balances: request.balances } : {}),
    payments: [],
    riskAssessments: [],
    proposals: [],
    executions: [],
    notifications: [],
    transfers: 0,
  };
}

/** Who pays whom, in which currency, from the contacts and the balances they hold. */
class People {
  readonly #users: Map<string, User>;
  readonly #currencies = new Map<string, Currency[]>();
  readonly #balances = new Map<string, string>();
  readonly #payers: User[];
  readonly #acting: User;
  /** Payer/recipient pairs already paid, for the Guardian's "first payment" finding. */
  readonly paid = new Set<string>();

  constructor(request: LedgerRequest) {
    this.#users = new Map(request.users.map((user) => [user.id, user]));
    for (const balance of request.balances) {
      const held = this.#currencies.get(balance.userId) ?? [];
      held.push(balance.currency);
      this.#currencies.set(balance.userId, held);
      this.#balances.set(`${balance.userId}/${balance.currency}`, balance.amount);
    }
    this.#payers = request.users.filter((user) => this.#currencies.has(user.id));
    const acting = this.#users.get(request.actingUserId);
    if (!acting || !this.#currencies.has(acting.id) || request.users.length < 2) {
      throw new Error(
        `The demo seed needs the acting user "${request.actingUserId}" with a balance and at least one other contact.`,
      );
    }
    this.#acting = acting;
  }

  /** Most payments are the acting user's, as on a desktop; some are other users'. */
  payer(random: SeededRandom): User {
    return random.chance(0.8) ? this.#acting : random.pick(this.#payers);
  }

  recipient(payer: User, random: SeededRandom): User {
    const others = [...this.#users.values()].filter((user) => user.id !== payer.id);
    // Trusted contacts get paid more often, as people pay the same few people.
    const trusted = others.filter((user) => payer.whitelist.includes(user.id));
    return trusted.length > 0 && random.chance(0.5) ? random.pick(trusted) : random.pick(others);
  }

  currency(payer: User, random: SeededRandom): Currency {
    const held = this.#currencies.get(payer.id) ?? [payer.preferences.defaultCurrency];
    const preferred = held.includes(payer.preferences.defaultCurrency)
      ? payer.preferences.defaultCurrency
      : (held[0] as Currency);
    return random.chance(0.8) ? preferred : random.pick(held);
  }

  balance(userId: string, currency: Currency): string | null {
    return this.#balances.get(`${userId}/${currency}`) ?? null;
  }
}

const AMOUNTS = [
  '5',
  '12.5',
  '20',
  '25',
  '35',
  '45',
  '60',
  '75.25',
  '100',
  '120',
  '150',
  '250',
  '400',
  '650',
  '1200',
] as const;
const MEMOS = ['rent', 'groceries', 'coffee', 'lunch', 'utilities', 'allowance', 'invoice 1042'];

/** What the Guardian found, as a record would hold it. */
interface Decision {
  rules: RiskRuleResult[];
  score: number;
  outcome: 'approved' | 'needs_confirmation' | 'denied';
}

/** Writes one payment's whole story into a chunk. */
class StoryWriter {
  readonly #now: number;

  constructor(
    private readonly request: LedgerRequest,
    private readonly people: People,
    private readonly random: SeededRandom,
  ) {
    this.#now = request.now.getTime();
  }

  write(plan: PaymentPlan, chunk: LedgerChunk): void {
    const { random } = this;
    const payer = this.people.payer(random);
    const recipient = this.people.recipient(payer, random);
    const currency = this.people.currency(payer, random);
    const denied = plan.story === 'once_denied';
    // A refused payment is over the limit; one left waiting or cancelled at the dialog is
    // one the Guardian asked about, so it is above the confirmation amount.
    const amount = denied
      ? String(Number(this.request.policy.limits.perPayment) * 2)
      : plan.story === 'pending' || plan.story === 'once_cancelled'
        ? String(Number(this.request.policy.confirmAbove) * 2)
        : random.pick(AMOUNTS);
    const memo = random.chance(0.3) ? random.pick(MEMOS) : undefined;
    const base = {
      id: `pay_${random.hex(20)}`,
      userId: payer.id,
      recipientId: recipient.id,
      amount,
      currency,
      ...(memo === undefined ? {} : { memo }),
      timezone: payer.timezone,
      missedRunPolicy: 'ask' as const,
      paused: false,
    };
    const timeline =
      plan.cadence === undefined
        ? this.#oneOffTimeline(plan.story, payer.timezone)
        : this.#scheduleTimeline(plan, payer.timezone);
    const command =
      `Pay ${recipient.displayName} ${amount} ${currency}${memo ? ` for ${memo}` : ''} ${timeline.words}`.trim();
    const firstTime = !this.people.paid.has(`${payer.id}/${recipient.id}`);
    this.people.paid.add(`${payer.id}/${recipient.id}`);
    const decision = this.#decide({
      amount,
      recurring: timeline.schedule.kind === 'recurring',
      whitelisted: payer.whitelist.includes(recipient.id),
      firstTime,
      recipientName: recipient.displayName,
      currency,
    });
    const intent = {
      kind: 'payment' as const,
      amount,
      currency,
      recipient: { text: recipient.displayName, userId: recipient.id },
      schedule: timeline.schedule,
      ...(memo === undefined ? {} : { memo }),
      problems: [],
    };
    const assessment: RiskAssessment = {
      id: `risk_${random.hex(24)}`,
      createdAt: timeline.createdAt,
      userId: payer.id,
      paymentId: base.id,
      request: command.slice(0, 500),
      intent,
      features: {
        amount,
        currency,
        recurring: timeline.schedule.kind === 'recurring',
        whitelisted: payer.whitelist.includes(recipient.id),
        firstPayment: firstTime,
        verification: 'verified',
      },
      rules: decision.rules,
      score: decision.score,
      outcome: decision.outcome,
      engine: GUARDIAN_ENGINE,
      verification: 'verified',
    };
    chunk.riskAssessments.push(assessment);

    // The Guardian asked: a proposal, and the user's yes (or not) some seconds later.
    const asked = decision.outcome === 'needs_confirmation';
    const answeredAt = asked
      ? instant(Date.parse(timeline.createdAt) + random.integer(4_000, 90_000))
      : timeline.createdAt;
    const approvedAt = plan.story === 'pending' ? timeline.createdAt : answeredAt;
    const outcome = this.#outcome(plan, timeline, approvedAt);
    const payment: Payment = {
      ...base,
      schedule: timeline.schedule,
      sourceText: command.slice(0, 500),
      riskAssessmentId: assessment.id,
      createdAt: timeline.createdAt,
      ...outcome.row,
    };
    if (asked) {
      const proposal = this.#proposal(payment, assessment, recipient.displayName, approvedAt);
      const proposalStatus = proposalStatusOf(plan.story, random);
      proposal.status = proposalStatus;
      proposal.decidedAt =
        proposalStatus === 'pending'
          ? null
          : proposalStatus === 'expired'
            ? proposal.expiresAt
            : answeredAt;
      chunk.proposals.push(proposal);
      chunk.notifications.push(
        this.#notice(payer, 'needs_confirmation', proposal.createdAt, {
          title: `Confirm ${formatAmount(amount, currency)} to ${recipient.displayName}`,
          body: `${proposal.readBack.sentence} Confirm it within ${Math.round(this.request.policy.proposalTtlSeconds / 60)} minutes, or it lapses.`,
          paymentId: payment.id,
          readAt: proposal.decidedAt,
        }),
      );
      if (proposalStatus === 'confirmed') {
        const approving: RiskAssessment = {
          ...assessment,
          id: `risk_${random.hex(24)}`,
          createdAt: answeredAt,
          request: `confirm ${payment.id}`,
          outcome: 'approved',
          rules: [
            ...decision.rules,
            {
              name: 'confirmed_by_user',
              kind: 'consent',
              level: 'safe',
              explanation: `You confirmed proposal ${proposal.id} before it expired.`,
            },
          ],
        };
        chunk.riskAssessments.push(approving);
        payment.riskAssessmentId = approving.id;
      } else if (payment.status === 'cancelled' && proposalStatus === 'cancelled') {
        payment.cancellation = {
          at: answeredAt,
          status: 'pending_confirmation',
          nextRunAt: null,
          paused: false,
          proposalId: proposal.id,
          executions: 0,
          finished: 0,
        };
        payment.updatedAt = answeredAt;
      } else if (payment.status === 'cancelled') {
        payment.updatedAt = proposal.expiresAt;
      }
    }
    chunk.payments.push(inRowOrder(payment));
    this.#journal(payment, recipient, outcome.runs, chunk);
    if (payment.status === 'missed' && payment.missedRuns) {
      const runs = payment.missedRuns.map((at) => formatInstant(at, payment.timezone));
      chunk.notifications.push(
        this.#notice(payer, 'missed', payment.updatedAt, {
          title: `${runs.length} missed run(s) of your payment to ${recipient.displayName}`,
          body: `ArcFlux was closed or asleep when these ${formatAmount(amount, currency)} payments fell due, so nothing was sent: ${runs.join('; ')}. Confirm to pay them now, or skip them.`,
          paymentId: payment.id,
          readAt: null,
        }),
      );
    }
  }

  /** When a one-off was said, what it says about its time, and when it runs. */
  #oneOffTimeline(story: PaymentStory, timezone: string): Timeline {
    const { random } = this;
    if (story === 'pending') {
      const createdAt = instant(this.#now - random.integer(20_000, 120_000));
      return { createdAt, schedule: { kind: 'once', runAt: null }, words: '' };
    }
    if (story === 'once_upcoming') {
      const runAt = runBefore(
        randomShape('daily', random),
        new Date(this.#now + random.integer(2, 30) * DAY_MS),
        timezone,
        0,
      );
      const createdAt = instant(this.#now - random.integer(60_000, 10 * DAY_MS));
      return {
        createdAt,
        schedule: { kind: 'once', runAt: runAt.toISOString() },
        words: `on ${dayWords(runAt, timezone)}`,
      };
    }
    // Said some time in the last year; most run at once, some at a time given for later.
    const said = this.#now - random.integer(3 * DAY_MS, 365 * DAY_MS);
    if (random.chance(0.7) || story === 'once_denied' || story === 'once_cancelled') {
      return { createdAt: instant(said), schedule: { kind: 'once', runAt: null }, words: '' };
    }
    const runAt = runBefore(
      randomShape('daily', random),
      new Date(said + random.integer(2, 3) * DAY_MS),
      timezone,
      0,
    );
    return {
      createdAt: instant(said - random.integer(60_000, 6 * 3_600_000)),
      schedule: { kind: 'once', runAt: runAt.toISOString() },
      words: `on ${dayWords(runAt, timezone)}`,
    };
  }

  /** A schedule placed so that exactly `plan.transfers` of its runs fell before its end. */
  #scheduleTimeline(plan: PaymentPlan, timezone: string): Timeline {
    const { random } = this;
    const shape = randomShape(plan.cadence ?? 'weekly', random);
    const missed = plan.story === 'schedule_missed' ? random.integer(1, 3) : 0;
    const end = this.#storyEnd(plan.story);
    const count = plan.story === 'schedule_finished' ? plan.transfers : undefined;
    const behind = plan.transfers + missed;
    const firstRun =
      behind === 0
        ? runBefore(shape, new Date(end), timezone, -1)
        : runBefore(shape, new Date(end), timezone, behind - 1);
    const schedule = scheduleOf(shape, firstRun, timezone, count);
    // Said a little before the first run: an hour to a few days.
    const said = Math.min(
      firstRun.getTime() - random.integer(3_600_000, 5 * DAY_MS),
      end - random.integer(60_000, 3 * DAY_MS),
    );
    return {
      createdAt: instant(said),
      schedule,
      words: shapeWords(shape, count),
      shape,
      end,
      missed,
    };
  }

  /** Where a schedule's history stops: now, or when it was paused, cancelled or ended. */
  #storyEnd(story: PaymentStory): number {
    const { random } = this;
    switch (story) {
      case 'schedule_paused':
        return this.#now - random.integer(1, 45) * DAY_MS - random.integer(0, DAY_MS);
      case 'schedule_cancelled':
        return this.#now - random.integer(1, 300) * DAY_MS - random.integer(0, DAY_MS);
      case 'schedule_finished':
        return this.#now - random.integer(1, 200) * DAY_MS - random.integer(0, DAY_MS);
      case 'schedule_missed':
        // Missed runs are well past the few minutes a late run is still on time.
        return this.#now - 3_600_000;
      default:
        return this.#now;
    }
  }

  /** The row's state now, and the runs its history attempted (with how each went). */
  #outcome(plan: PaymentPlan, timeline: Timeline, approvedAt: string) {
    const { random } = this;
    const { schedule } = timeline;
    const nowText = instant(this.#now);
    if (schedule.kind === 'once') {
      const immediate = schedule.runAt === null;
      // A one-off approved without a time waits out the undo window, then runs.
      const undoUntil = instant(Date.parse(approvedAt) + this.request.undoSeconds * 1000);
      const runAt = schedule.runAt ?? (this.request.undoSeconds > 0 ? undoUntil : approvedAt);
      const window = immediate && this.request.undoSeconds > 0 ? { undoUntil } : {};
      switch (plan.story) {
        case 'once_paid':
        case 'once_failed': {
          const failed = plan.story === 'once_failed';
          const runs = [{ at: runAt, failure: failed ? failureOf(random) : undefined }];
          const row = {
            status: failed ? ('failed' as const) : ('executed' as const),
            nextRunAt: null,
            ...window,
            updatedAt: this.#finishedAt(runAt, 0),
          };
          return { row, runs };
        }
        case 'once_upcoming':
          return {
            row: { status: 'scheduled' as const, nextRunAt: runAt, updatedAt: approvedAt },
            runs: [],
          };
        case 'once_denied':
          return {
            row: { status: 'denied' as const, nextRunAt: null, updatedAt: approvedAt },
            runs: [],
          };
        case 'once_cancelled':
          return {
            row: { status: 'cancelled' as const, nextRunAt: null, updatedAt: approvedAt },
            runs: [],
          };
        default:
          return {
            row: {
              status: 'pending_confirmation' as const,
              nextRunAt: null,
              updatedAt: approvedAt,
            },
            runs: [],
          };
      }
    }
    // One pass over the rule: the runs it attempted, then the run after them (or, for a
    // held payment, the runs that fell due unanswered up to now, then the next one).
    const held = plan.story === 'schedule_missed';
    const stretch = firstRuns(schedule, plan.transfers + (held ? (timeline.missed ?? 0) + 2 : 1));
    const attempted = stretch.slice(0, plan.transfers);
    const beyond = stretch.slice(plan.transfers);
    const missedRuns = held ? beyond.filter((at) => at <= nowText) : [];
    const next = beyond.find((at) => !missedRuns.includes(at)) ?? null;
    const runs: Run[] = attempted.map((at) => ({
      at,
      failure: random.chance(0.03) ? failureOf(random) : undefined,
    }));
    const last = attempted.at(-1);
    const lastFinished =
      attempted.length === 0
        ? approvedAt
        : this.#finishedAt(last ?? approvedAt, attempted.length - 1);
    // Paused or cancelled some time after it was approved and after its last run.
    const stoppedAt = [instant(timeline.end ?? this.#now), lastFinished, approvedAt].reduce(
      maxInstant,
    );
    switch (plan.story) {
      case 'schedule_paused':
        return {
          row: {
            status: 'scheduled' as const,
            nextRunAt: next,
            paused: true,
            updatedAt: stoppedAt,
          },
          runs,
        };
      case 'schedule_cancelled':
        return {
          row: {
            status: 'cancelled' as const,
            nextRunAt: null,
            updatedAt: stoppedAt,
            cancellation: {
              at: stoppedAt,
              status: 'scheduled' as const,
              nextRunAt: next,
              paused: false,
              proposalId: null,
              executions: attempted.length,
              finished: attempted.length,
            },
          },
          runs,
        };
      case 'schedule_missed': {
        // Held by the tick that found them late, a few minutes after the last one.
        const heldAt = instant(
          Math.min(this.#now, Date.parse(missedRuns.at(-1) ?? nowText) + 301_000),
        );
        return {
          row: {
            status: 'missed' as const,
            nextRunAt: next,
            ...(missedRuns.length > 0 ? { missedRuns } : {}),
            updatedAt: maxInstant(heldAt, lastFinished),
          },
          runs,
        };
      }
      case 'schedule_finished':
        return {
          row: {
            status:
              runs.at(-1)?.failure === undefined ? ('executed' as const) : ('failed' as const),
            nextRunAt: null,
            updatedAt: lastFinished,
          },
          runs,
        };
      default:
        return {
          row: { status: 'scheduled' as const, nextRunAt: next, updatedAt: lastFinished },
          runs,
        };
    }
  }

  /** The journal lines of each attempted run, and the notices the recent ones left. */
  #journal(payment: Payment, recipient: User, runs: readonly Run[], chunk: LedgerChunk): void {
    const payer = { id: payment.userId };
    const money = formatAmount(payment.amount, payment.currency);
    runs.forEach((run, index) => {
      const key = occurrenceKey(payment.id, run.at);
      const startedAt = this.#startedAt(run.at, index);
      const finishedAt = this.#finishedAt(run.at, index);
      const started: Execution = {
        id: executionIdFor(key),
        paymentId: payment.id,
        occurrenceAt: run.at,
        idempotencyKey: key,
        attempt: 1,
        status: 'started',
        amount: payment.amount,
        currency: payment.currency,
        startedAt,
        finishedAt: null,
        transferId: null,
        error: null,
      };
      chunk.transfers += 1;
      const recent = this.#now - Date.parse(run.at) <= NOTICE_DAYS * DAY_MS;
      const readAt =
        this.#now - Date.parse(finishedAt) > 2 * DAY_MS
          ? instant(Date.parse(finishedAt) + 3_600_000)
          : null;
      if (run.failure === undefined) {
        chunk.executions.push(started, {
          ...started,
          status: 'succeeded',
          finishedAt,
          transferId: `sim_${uuidFrom(this.random)}`,
        });
        if (recent) {
          chunk.notifications.push(
            this.#notice(payer, 'executed', finishedAt, {
              title: `Paid ${money} to ${recipient.displayName}`,
              body: `Sent: ${money} to ${recipient.displayName} (${formatInstant(run.at, payment.timezone)}).`,
              paymentId: payment.id,
              readAt,
            }),
          );
        }
        return;
      }
      const error = failureMessage(run.failure, money);
      // The tick's own re-check refuses without calling the network: one line, no `started`.
      const refused = run.failure !== 'rejected';
      const failedLine: Execution = {
        ...started,
        status: 'failed',
        finishedAt: refused ? startedAt : finishedAt,
        error,
        failure: run.failure,
      };
      chunk.executions.push(...(refused ? [failedLine] : [started, failedLine]));
      chunk.notifications.push(
        this.#notice(payer, 'failed', failedLine.finishedAt ?? finishedAt, {
          title: `Payment of ${money} to ${recipient.displayName} failed`,
          body: `The ${formatInstant(run.at, payment.timezone)} payment did not go through: ${error}`,
          paymentId: payment.id,
          readAt,
          dedupeKey: `failed:${payment.id}:${run.failure}:${run.at.slice(0, 10)}`,
        }),
      );
    });
  }

  #decide(input: {
    amount: string;
    currency: Currency;
    recurring: boolean;
    whitelisted: boolean;
    firstTime: boolean;
    recipientName: string;
  }): Decision {
    const { amount, currency, recipientName } = input;
    const { policy } = this.request;
    const rules: RiskRuleResult[] = [];
    const add = (
      name: string,
      kind: RiskRuleResult['kind'],
      level: RiskLevel,
      explanation: string,
    ) => rules.push({ name, kind, level, explanation });
    if (Number(amount) > Number(policy.limits.perPayment)) {
      add(
        'per_payment_limit',
        'limit',
        'forbidden',
        `${formatAmount(amount, currency)} is over the per-payment limit of ${formatAmount(policy.limits.perPayment, currency)}.`,
      );
    }
    if (input.whitelisted) {
      add(
        'whitelisted_recipient',
        'recipient',
        'safe',
        `${recipientName} is on your trusted list.`,
      );
    } else {
      add(
        'recipient_not_whitelisted',
        'recipient',
        'warning',
        `${recipientName} is not on your trusted list.`,
      );
    }
    if (input.firstTime) {
      add(
        'first_payment_to_recipient',
        'recipient',
        'warning',
        `This is your first payment to ${recipientName}.`,
      );
    }
    if (Number(amount) > Number(policy.confirmAbove)) {
      add(
        'above_confirmation_amount',
        'amount',
        'warning',
        `Payments above ${formatAmount(policy.confirmAbove, currency)} are always confirmed.`,
      );
    }
    if (input.recurring) {
      add(
        'recurring_schedule',
        'schedule',
        'warning',
        'It repeats until you cancel it or it ends.',
      );
    }
    add('recipient_verification', 'recipient', 'safe', `${recipientName}'s address is verified.`);
    const levels = rules.map((rule) => rule.level);
    const outcome = levels.includes('forbidden')
      ? 'denied'
      : levels.includes('warning')
        ? 'needs_confirmation'
        : 'approved';
    return { rules, score: riskScore(levels), outcome };
  }

  #proposal(
    payment: Payment,
    assessment: RiskAssessment,
    recipientName: string,
    at: string,
  ): Proposal {
    const createdAt = instant(Date.parse(assessment.createdAt) + 15);
    const start =
      payment.schedule.kind === 'recurring'
        ? payment.schedule.firstRun
        : (payment.schedule.runAt ?? at);
    return {
      id: `prop_${this.random.hex(24)}`,
      paymentId: payment.id,
      userId: payment.userId,
      riskAssessmentId: assessment.id,
      createdAt,
      expiresAt: instant(Date.parse(createdAt) + this.request.policy.proposalTtlSeconds * 1000),
      status: 'pending',
      decidedAt: null,
      fingerprint: paymentFingerprint(payment),
      readBack: buildReadBack({
        payment: { ...payment, nextRunAt: start },
        recipientName,
        balance: this.people.balance(payment.userId, payment.currency),
        // The read-back as it was then: no other payment's runs to count against it.
        upcomingRuns: () => ({ runs: [], cut: [] }),
        rules: assessment.rules,
      }),
    };
  }

  #notice(
    payer: { id: string },
    kind: NotificationKind,
    createdAt: string,
    content: {
      title: string;
      body: string;
      paymentId: string;
      readAt: string | null;
      dedupeKey?: string;
    },
  ): Notification {
    return {
      id: `note_${this.random.hex(24)}`,
      createdAt,
      userId: payer.id,
      kind,
      title: content.title.slice(0, 200),
      body: content.body.slice(0, 2000),
      paymentId: content.paymentId,
      channels: [...DEFAULT_CHANNELS],
      readAt: content.readAt,
      ...(content.dedupeKey === undefined ? {} : { dedupeKey: content.dedupeKey }),
    };
  }

  /** A tick picks a run up within its few seconds, never later than now. */
  #startedAt(at: string, index: number): string {
    return instant(Math.min(this.#now, Date.parse(at) + tickDelay(at, index)));
  }

  #finishedAt(at: string, index: number): string {
    return instant(
      Math.min(this.#now, Date.parse(at) + tickDelay(at, index) + 40 + (Date.parse(at) % 900)),
    );
  }
}

interface Timeline {
  createdAt: string;
  schedule: Schedule;
  /** The schedule as the user said it, after the amount. */
  words: string;
  shape?: ScheduleShape;
  /** Where the schedule's history stops (ms). */
  end?: number;
  /** How many of its runs fell due unanswered. */
  missed?: number;
}

interface Run {
  at: string;
  failure: ExecutionFailure | undefined;
}

function proposalStatusOf(story: PaymentStory, random: SeededRandom): Proposal['status'] {
  if (story === 'pending') return 'pending';
  if (story === 'once_cancelled') return random.chance(0.5) ? 'cancelled' : 'expired';
  return 'confirmed';
}

function failureOf(random: SeededRandom): ExecutionFailure {
  return random.weighted({ insufficient_funds: 6, limit_exceeded: 1, rejected: 3 });
}

function failureMessage(failure: ExecutionFailure, money: string): string {
  switch (failure) {
    case 'insufficient_funds':
      return `The balance left does not cover ${money}, so it was not sent. Add funds; the next occurrence will be tried as usual.`;
    case 'limit_exceeded':
      return `Sending ${money} would take the daily total over the daily limit, so it was not sent.`;
    default:
      return 'The payment service refused the transfer: the recipient address could not receive it.';
  }
}

/** A few seconds, the same for the same run: the tick that picked it up. */
function tickDelay(at: string, index: number): number {
  return 200 + ((Date.parse(at) / 1000 + index * 7919) % 4_800);
}

/** The row with its fields in the schema's order, as the app's rows read in the file. */
function inRowOrder(payment: Payment): Payment {
  const { id, userId, recipientId, amount, currency, memo, schedule, status, nextRunAt } = payment;
  const { undoUntil, timezone, missedRunPolicy, paused, sourceText, riskAssessmentId } = payment;
  const { missedRuns, approvedRuns, cancellation, createdAt, updatedAt } = payment;
  return {
    id,
    userId,
    recipientId,
    amount,
    currency,
    ...(memo === undefined ? {} : { memo }),
    schedule,
    status,
    nextRunAt,
    ...(undoUntil === undefined ? {} : { undoUntil }),
    timezone,
    missedRunPolicy,
    paused,
    sourceText,
    riskAssessmentId,
    ...(missedRuns === undefined ? {} : { missedRuns }),
    ...(approvedRuns === undefined ? {} : { approvedRuns }),
    ...(cancellation === undefined ? {} : { cancellation }),
    createdAt,
    updatedAt,
  };
}

function uuidFrom(random: SeededRandom): string {
  const hex = random.hex(32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

function dayWords(at: Date, timezone: string): string {
  return formatInstant(at.toISOString(), timezone);
}

function instant(ms: number): string {
  return new Date(ms).toISOString();
}

function maxInstant(left: string, right: string): string {
  return left > right ? left : right;
}
