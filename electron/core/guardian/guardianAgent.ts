import { randomUUID } from 'node:crypto';
import { toMinorUnits, type Currency } from '../../../shared/money';
import type { IntentProblem, PaymentIntent } from '../../../shared/schemas/intent';
import type { Payment } from '../../../shared/schemas/payment';
import type { RiskAssessment, RiskOutcome, RiskRuleResult } from '../../../shared/schemas/risk';
import type { GuardianPolicy } from '../../../shared/schemas/settings';
import type { User } from '../../../shared/schemas/user';
import { toInstant } from '../clock';
import type { PaymentConnector, Verification } from '../connectors/connector';
import type { ScheduleIndex } from '../indexes/scheduleIndex';
import type { SpendingIndex } from '../indexes/spendingIndex';
import { FORECAST_RUNS_PER_PAYMENT } from '../monitor/forecast';
import { RunTotals } from '../monitor/runTotals';
import type { UsersRepository } from '../repositories/users';
import { decideOutcome, riskScore } from './decide';
import { computeFeatures, type Features } from './features';
import { evaluateRules, type GuardianThresholds } from './rules';
import { scheduleOutlook } from './scheduleOutlook';

/** The name stored with every assessment, so a later engine's records can be told apart. */
export const GUARDIAN_ENGINE = 'guardian-rules/1';

export interface GuardianDependencies {
  users: UsersRepository;
  /** Spending and recipient history, kept current as the journal grows. */
  spending: Pick<SpendingIndex, 'spending'>;
  /** The live schedules, for the money already spoken for. */
  schedules: Pick<ScheduleIndex, 'upcomingRuns'>;
  connector: PaymentConnector;
  /** The payer's balance, from the balance monitor's cache or the connector. */
  balanceOf: (userId: string, currency: Currency) => Promise<string | undefined>;
  policy: () => GuardianPolicy;
  thresholds: GuardianThresholds;
}

export interface GuardianRequest {
  /** The command as said or typed, kept in the record. */
  request: string;
  intent: PaymentIntent;
  userId: string;
  /** The payment this decision is for; null when nothing will be made (clarify). */
  paymentId: string | null;
  now: Date;
  /** The follow-up question the intent agent worded, for a `clarify` reply. */
  question?: string;
}

export interface GuardianDecision {
  outcome: RiskOutcome;
  score: number;
  rules: RiskRuleResult[];
  features: Features;
  recipient: User | undefined;
  /** The record to append before anything is made of the decision. */
  assessment: RiskAssessment;
}

/**
 * The risk gate. It gathers features for a payment intent (amount against the balance
 * left after scheduled payments, the recipient's trust and history, velocity, limits,
 * the connector's verification), runs the named rules, scores them and decides. It is
 * deterministic for the same inputs and never writes: the caller appends the assessment
 * before acting on it, so nothing is ever approved without a record.
 */
export class GuardianAgent {
  constructor(private readonly dependencies: GuardianDependencies) {}

  async assess(request: GuardianRequest): Promise<GuardianDecision> {
    const { users, spending: spendingIndex, schedules, policy, thresholds } = this.dependencies;
    const { intent, now } = request;
    const payer = users.get(request.userId);
    const recipient =
      intent.recipient.userId === null ? undefined : users.find(intent.recipient.userId);
    const currency = intent.currency;
    const horizon = toInstant(new Date(now.getTime() + thresholds.upcomingHorizonDays * DAY_MS));
    const scheduleHorizon = toInstant(
      new Date(now.getTime() + thresholds.scheduleHorizonDays * DAY_MS),
    );
    // The other payments' runs in this currency, once: out to the longer horizon only for
    // a schedule, which is followed that far; a one-off needs the money spoken for soon.
    // Summed by binary search over the remembered forecast, never walked per command.
    const recurring = intent.schedule.kind === 'recurring';
    const others = RunTotals.of(
      currency === null
        ? []
        : schedules.upcomingRuns({
            userId: payer.id,
            currency,
            until: recurring && scheduleHorizon > horizon ? scheduleHorizon : horizon,
            perPaymentLimit: FORECAST_RUNS_PER_PAYMENT,
            totalLimit: 2000,
          }).runs,
      request.paymentId ?? undefined,
    );
    const upcoming = others.unitsUpTo(horizon);
    const balance = currency === null ? undefined : await this.#balance(payer.id, currency);
    const spending = spendingIndex.spending({
      userId: payer.id,
      currency: currency ?? 'USDC',
      now,
      timezone: payer.timezone,
      ...(recipient ? { recipientId: recipient.id } : {}),
    });
    const outlook =
      !recurring || intent.amount === null || currency === null
        ? undefined
        : scheduleOutlook({
            schedule: intent.schedule,
            units: toMinorUnits(intent.amount),
            now,
            until: scheduleHorizon,
            timezone: payer.timezone,
            others,
            balance: balance === undefined ? null : toMinorUnits(balance),
            spentToday: spending.today,
            spentThisMonth: spending.thisMonth,
          });
    const features = computeFeatures({
      intent,
      payer,
      recipient,
      balance,
      upcoming,
      spending,
      verification: recipient ? await this.#verify(recipient) : 'unknown',
      ...(outlook ? { outlook } : {}),
    });
    const findings = evaluateRules({
      intent,
      features,
      policy: policy(),
      thresholds,
      payerId: payer.id,
      payerRole: payer.household,
      recipient,
    });
    const clarifying = intent.problems.filter((problem) => CLARIFY_PROBLEMS.has(problem));
    const denied = findings.some((finding) => finding.level === 'forbidden');
    const rules: (RiskRuleResult & { asksConfirmation: boolean })[] =
      clarifying.length > 0 && !denied
        ? [
            {
              name: 'needs_clarification',
              kind: 'question',
              level: 'warning',
              explanation: request.question ?? describeProblems(clarifying),
              asksConfirmation: false,
            },
          ]
        : findings;
    const score = riskScore(rules.map((rule) => rule.level));
    const outcome: RiskOutcome =
      clarifying.length > 0 && !denied ? 'clarify' : decideOutcome(rules, score, policy());
    const plainRules = rules.map(({ asksConfirmation: _asks, ...rule }): RiskRuleResult => rule);
    return {
      outcome,
      score,
      rules: plainRules,
      features,
      recipient,
      assessment: {
        id: `risk_${randomUUID().replace(/-/g, '').slice(0, 24)}`,
        createdAt: toInstant(now),
        userId: payer.id,
        paymentId: outcome === 'clarify' ? null : request.paymentId,
        request: request.request.slice(0, 500),
        intent,
        features: { ...features },
        rules: plainRules,
        score,
        outcome,
        engine: GUARDIAN_ENGINE,
        verification: features.verification,
      },
    };
  }

  async #balance(userId: string, currency: Currency): Promise<string | undefined> {
    try {
      return await this.dependencies.balanceOf(userId, currency);
    } catch {
      // An unreadable balance is a missing feature, not a crash: the rules that need it stay silent.
      return undefined;
    }
  }

  async #verify(recipient: User): Promise<Verification> {
    try {
      return await this.dependencies.connector.verifyRecipient(recipient);
    } catch {
      return 'unknown';
    }
  }
}

/** The intent a stored payment stands for, to assess it again at confirmation. */
export function intentOfPayment(payment: Payment, recipientName: string): PaymentIntent {
  return {
    kind: 'payment',
    amount: payment.amount,
    currency: payment.currency,
    recipient: { text: recipientName, userId: payment.recipientId },
    schedule: payment.schedule,
    ...(payment.memo === undefined ? {} : { memo: payment.memo }),
    problems: [],
  };
}

/** Problems that need the user's answer rather than a refusal. */
const CLARIFY_PROBLEMS: ReadonlySet<IntentProblem> = new Set([
  'missing_amount',
  'invalid_amount',
  'ambiguous_amount',
  'vague_amount',
  'missing_recipient',
  'ambiguous_recipient',
  'invalid_schedule',
  'unrecognized_words',
]);

function describeProblems(problems: readonly IntentProblem[]): string {
  const asks: Record<string, string> = {
    missing_amount: 'How much should I send?',
    invalid_amount: 'That amount cannot be sent; how much should I send?',
    ambiguous_amount: 'I heard more than one amount; which one?',
    vague_amount: 'How much exactly should I send?',
    missing_recipient: 'Who should I pay?',
    ambiguous_recipient: 'Which contact do you mean?',
    invalid_schedule: 'When should it run?',
    unrecognized_words: 'Some words were not understood; what did you mean?',
  };
  return problems.map((problem) => asks[problem] ?? '').join(' ');
}

const DAY_MS = 24 * 60 * 60 * 1000;
