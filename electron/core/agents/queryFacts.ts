import { DateTime } from 'luxon';
import type { Intent } from '../../../shared/schemas/intent';
import type { PaymentSummary, QueryFacts } from '../../../shared/schemas/answer';
import type { Balance } from '../../../shared/schemas/balance';
import type { MarketRate } from '../../../shared/schemas/market';
import type { Execution } from '../../../shared/schemas/execution';
import type { Payment } from '../../../shared/schemas/payment';
import type { RiskAssessment } from '../../../shared/schemas/risk';
import type { User } from '../../../shared/schemas/user';
import { addAmounts, type Currency } from '../../../shared/money';
import { periodRange } from '../intent/period';
import { combineBalances } from '../market/convert';
import { occurrencesBetween } from '../schedule/occurrences';

/** Read-only views of the repositories the QueryAgent answers from. */
export interface QuerySources {
  users(): readonly User[];
  balancesFor(userId: string): readonly Balance[];
  payments(): readonly Payment[];
  riskAssessment(id: string): RiskAssessment | undefined;
  executionsFor(paymentId: string): readonly Execution[];
}

export type QueryIntent = Extract<Intent, { kind: 'query' }>;

export interface QueryScope {
  readonly userId: string;
  readonly now: Date;
  readonly timezone: string;
  /** The resolved recipient the question is about, if any. */
  readonly recipientId?: string;
  /** The EURC→USDC rate for `worth` and `total` (null: none known); read before answering. */
  readonly rate?: MarketRate | null;
}

/** Topics whose answer converts between currencies, so they need the market rate. */
export const VALUED_TOPICS: ReadonlySet<QueryIntent['topic']> = new Set(['worth', 'total']);

/** Gathers the facts for one question. Every number here comes from the repositories. */
export function gatherFacts(
  intent: QueryIntent,
  scope: QueryScope,
  sources: QuerySources,
): QueryFacts {
  const range = intent.period
    ? periodRange(intent.period, DateTime.fromJSDate(scope.now, { zone: scope.timezone }))
    : undefined;
  const filter = {
    ...(scope.recipientId ? { recipientId: scope.recipientId } : {}),
    ...(intent.currency ? { currency: intent.currency } : {}),
    ...(range
      ? { from: range.from.toJSDate().toISOString(), to: range.to.toJSDate().toISOString() }
      : {}),
  };
  const names = new Map(sources.users().map((user) => [user.id, user.displayName]));
  const summarize = (payment: Payment) => summary(payment, names);
  const mine = sources
    .payments()
    .filter(
      (payment) =>
        payment.userId === scope.userId &&
        (!filter.recipientId || payment.recipientId === filter.recipientId) &&
        (!filter.currency || payment.currency === filter.currency),
    );
  const from = range?.from.toJSDate();
  const to = range?.to.toJSDate();
  const inRange = (instant: string) =>
    (!from || new Date(instant) >= from) && (!to || new Date(instant) < to);

  switch (intent.topic) {
    case 'balance':
      return {
        topic: 'balance',
        userId: scope.userId,
        balances: sources
          .balancesFor(scope.userId)
          .filter((balance) => !intent.currency || balance.currency === intent.currency)
          .map(({ currency, amount, updatedAt }) => ({ currency, amount, updatedAt })),
      };
    case 'upcoming':
      return { topic: 'upcoming', filter, occurrences: upcoming(mine, scope, names, from, to) };
    case 'history': {
      const matching = mine
        .filter(
          (payment) =>
            inRange(payment.createdAt) ||
            sources.executionsFor(payment.id).some((execution) => inRange(execution.occurrenceAt)),
        )
        .sort(newestFirst);
      return {
        topic: 'history',
        filter,
        payments: matching.slice(0, 10).map(summarize),
        total: matching.length,
        paid: paidTotals(matching, sources, inRange),
      };
    }
    case 'status': {
      const [latest] = [...mine].sort(newestFirst);
      const executions = latest ? [...sources.executionsFor(latest.id)] : [];
      const last = executions.sort((left, right) =>
        right.startedAt.localeCompare(left.startedAt),
      )[0];
      return {
        topic: 'status',
        filter,
        payment: latest ? summarize(latest) : null,
        lastExecution: last
          ? {
              status: last.status,
              occurrenceAt: last.occurrenceAt,
              finishedAt: last.finishedAt,
              error: last.error,
            }
          : null,
      };
    }
    case 'worth':
    case 'total': {
      const user = sources.users().find((candidate) => candidate.id === scope.userId);
      if (!user) throw new Error(`the acting user "${scope.userId}" is not in the directory`);
      const target = intent.target ?? user.preferences.defaultCurrency;
      // "What's my EURC worth": the named currency, or everything not already in the target.
      const valued = sources
        .balancesFor(scope.userId)
        .filter((balance) =>
          intent.topic === 'total'
            ? true
            : intent.currency
              ? balance.currency === intent.currency
              : balance.currency !== target,
        );
      return {
        topic: intent.topic,
        ...combineBalances(scope.userId, valued, target, scope.rate ?? null),
      };
    }
    case 'risk':
      return {
        topic: 'risk',
        filter,
        flags: mine
          .filter((payment) => inRange(payment.createdAt))
          .sort(newestFirst)
          .flatMap((payment) => riskFlag(payment, sources, summarize))
          .slice(0, 10),
      };
  }
}

const HELD_STATUSES = new Set(['flagged', 'denied', 'pending_confirmation']);
const UPCOMING_WINDOW_DAYS = 31;

function upcoming(
  payments: readonly Payment[],
  scope: QueryScope,
  names: ReadonlyMap<string, string>,
  from: Date | undefined,
  to: Date | undefined,
) {
  // Without a period, "upcoming" means the next month: enough to plan, short enough to read.
  const start = from && from > scope.now ? from : scope.now;
  const end = to ?? new Date(scope.now.getTime() + UPCOMING_WINDOW_DAYS * 86_400_000);
  const occurrences = payments
    .filter((payment) => payment.status === 'scheduled' && !payment.paused && payment.nextRunAt)
    .flatMap((payment) => {
      const next = payment.nextRunAt ?? '';
      // The runs after the persisted next run, which is itself one: the schedule module
      // starts there, however old the schedule is.
      const runs = [next, ...occurrencesBetween(payment.schedule, next, end.toISOString(), 10)];
      return runs
        .map((runAt) => new Date(runAt))
        .filter((runAt) => runAt >= start && runAt < end)
        .map((runAt) => ({
          paymentId: payment.id,
          recipientId: payment.recipientId,
          recipientName: names.get(payment.recipientId) ?? payment.recipientId,
          amount: payment.amount,
          currency: payment.currency,
          runAt: runAt.toISOString(),
          recurring: payment.schedule.kind === 'recurring',
        }));
    });
  return occurrences.sort((left, right) => left.runAt.localeCompare(right.runAt)).slice(0, 20);
}

/** Money that moved: succeeded executions, or an executed payment with no journal lines. */
function paidTotals(
  payments: readonly Payment[],
  sources: QuerySources,
  inRange: (instant: string) => boolean,
) {
  const totals = new Map<Currency, string>();
  const add = (currency: Currency, amount: string) =>
    totals.set(currency, addAmounts(totals.get(currency) ?? '0', amount));
  for (const payment of payments) {
    const executions = sources.executionsFor(payment.id);
    if (executions.length === 0) {
      if (payment.status === 'executed' && inRange(payment.createdAt))
        add(payment.currency, payment.amount);
      continue;
    }
    for (const execution of executions) {
      if (execution.status === 'succeeded' && inRange(execution.occurrenceAt)) {
        add(execution.currency, execution.amount);
      }
    }
  }
  return [...totals.entries()].map(([currency, amount]) => ({ currency, amount }));
}

function riskFlag(
  payment: Payment,
  sources: QuerySources,
  summarize: (payment: Payment) => PaymentSummary,
) {
  const assessment = payment.riskAssessmentId
    ? sources.riskAssessment(payment.riskAssessmentId)
    : undefined;
  const reasons = (assessment?.rules ?? []).filter((rule) => rule.level !== 'safe');
  const held = HELD_STATUSES.has(payment.status);
  const raised = assessment !== undefined && assessment.outcome !== 'approved';
  if (!held && !raised && reasons.length === 0) return [];
  return [
    {
      payment: summarize(payment),
      outcome: assessment?.outcome ?? null,
      score: assessment?.score ?? null,
      reasons,
    },
  ];
}

function summary(payment: Payment, names: ReadonlyMap<string, string>): PaymentSummary {
  return {
    id: payment.id,
    recipientId: payment.recipientId,
    recipientName: names.get(payment.recipientId) ?? payment.recipientId,
    amount: payment.amount,
    currency: payment.currency,
    status: payment.status,
    recurring: payment.schedule.kind === 'recurring',
    createdAt: payment.createdAt,
    nextRunAt: payment.nextRunAt,
  };
}

function newestFirst(left: Payment, right: Payment): number {
  return right.createdAt.localeCompare(left.createdAt);
}
