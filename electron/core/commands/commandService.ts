import { personOf } from '../household/approval';
import { randomUUID } from 'node:crypto';
import type {
  CommandPreview,
  CommandResult,
  Decision,
  ReplyStatus,
  PreviewCaveat,
} from '../../../shared/contract/commands';
import type { IntentResponse, UnderstandInput } from '../../../shared/contract/intents';
import { formatAmount } from '../../../shared/money';
import type { Intent, PaymentIntent } from '../../../shared/schemas/intent';
import {
  CANCELLABLE_STATUSES,
  type Payment,
  type PaymentStatus,
} from '../../../shared/schemas/payment';
import { toInstant, type Clock } from '../clock';
import { isCoreError } from '../errors';
import type { EventBus } from '../events';
import type { Confirmations } from '../guardian/confirmations';
import type { GuardianAgent, GuardianDecision } from '../guardian/guardianAgent';
import { describePayment } from '../guardian/readBack';
import type { NotificationService } from '../notifications/notificationService';
import type { PaymentActions } from '../payments/paymentActions';
import type { RiskAssessmentsRepository } from '../repositories/journals';
import type { Ledger } from '../indexes/ledgerIndexes';
import type { LedgerStore } from '../store/ledgerStore';
import type { ProposalsRepository } from '../repositories/proposals';
import type { SettingsRepository } from '../repositories/settings';
import type { UsersRepository } from '../repositories/users';
import { startingRun } from '../schedule/occurrences';
import { firstRunAfterUndo, undoSentence, undoWindowNotice } from '../payments/undoWindow';

export interface CommandServiceOptions {
  /** Text to intent and route: the intent agent (parser and query answers). */
  understand: (input: UnderstandInput) => Promise<IntentResponse>;
  guardian: GuardianAgent;
  confirmations: Confirmations;
  actions: PaymentActions;
  notifications: NotificationService;
  assessments: RiskAssessmentsRepository;
  payments: Ledger;
  proposals: ProposalsRepository;
  users: UsersRepository;
  settings: SettingsRepository;
  events: EventBus;
  clock: Clock;
  missedAfterMs: number;
  /** Makes one command's records one commit (see LedgerStore.together). */
  ledger: Pick<LedgerStore, 'together' | 'afterCommit'>;
}

/**
 * One command, start to end. Payments go through the Guardian; its record is appended
 * before anything is made of the decision, then the payment is scheduled, proposed,
 * refused or held. Yes and no answer the user's proposals; a cancel only names the
 * payments for the user to confirm (see #cancel); questions are answered with their
 * facts. Nothing is paid here.
 */
export class CommandService {
  constructor(private readonly options: CommandServiceOptions) {}

  async run(input: { text: string; userId?: string }): Promise<CommandResult> {
    const userId = input.userId ?? this.options.settings.get().actingUserId;
    this.options.users.get(userId);
    // `auto`: the rules, with the local model helping only when it is on and ready (see
    // understand()); without a model this is exactly the rules engine.
    const understood = await this.options.understand({
      text: input.text,
      userId,
      engine: 'auto',
    });
    const { intent } = understood;
    const replyText = understood.reply?.text;
    switch (intent.kind) {
      case 'payment':
        return this.#pay(intent, input.text, userId, replyText);
      case 'cancel':
        return this.#cancel(intent, userId, replyText);
      case 'manage':
        return this.#manage(intent, userId, replyText);
      case 'confirm':
      case 'deny':
        return this.#answer(intent, userId);
      case 'query':
        return result(intent, plain('approved', replyText ?? 'Here is what I found.'), {
          facts: understood.reply?.facts ?? null,
          ...(understood.reply?.narrative ? { narrative: understood.reply.narrative } : {}),
        });
      case 'unknown':
        return result(intent, plain('clarify', replyText ?? intent.reason));
    }
  }

  /**
   * What `run` would do with this text now, without doing it: the same understanding and
   * the same Guardian decision, but no risk record, payment, proposal or notification.
   */
  async preview(input: { text: string; userId?: string }): Promise<CommandPreview> {
    const userId = input.userId ?? this.options.settings.get().actingUserId;
    this.options.users.get(userId);
    const understood = await this.options.understand({ text: input.text, userId, engine: 'auto' });
    const { intent } = understood;
    if (intent.kind !== 'payment') return { intent, verdict: null };
    const now = this.options.clock.now();
    const decision = await this.options.guardian.assess({
      request: input.text,
      intent,
      userId,
      paymentId: PREVIEW_PAYMENT_ID,
      now,
      ...(understood.reply?.text === undefined ? {} : { question: understood.reply.text }),
    });
    return {
      intent,
      verdict: {
        outcome: decision.outcome,
        score: decision.score,
        rules: decision.rules,
        caveats: caveatsOf(intent, decision),
        undoSeconds: this.#undoWindowOf(intent, decision, toInstant(now)),
      },
    };
  }

  /**
   * The undo window Send would open, in seconds, by the very rule Send applies; null when
   * the payment would not run within it (it asks first, is refused, or runs later).
   */
  #undoWindowOf(intent: PaymentIntent, decision: GuardianDecision, now: string): number | null {
    if (decision.outcome !== 'approved') return null;
    const undoSeconds = this.options.settings.get().undoSeconds;
    const start = startingRun(intent.schedule, now, this.options.missedAfterMs);
    return firstRunAfterUndo(start, now, undoSeconds).undoUntil === undefined ? null : undoSeconds;
  }

  async #pay(
    intent: PaymentIntent,
    text: string,
    userId: string,
    question: string | undefined,
  ): Promise<CommandResult> {
    const { guardian, clock, assessments } = this.options;
    const now = clock.now();
    const paymentId = `pay_${randomUUID().replace(/-/g, '').slice(0, 20)}`;
    const decision = await guardian.assess({
      request: text,
      intent,
      userId,
      paymentId,
      now,
      ...(question === undefined ? {} : { question }),
    });
    // One command is one ledger record: the risk assessment, the payment, its proposal
    // and the notification land together with one fsync, or none of them does.
    return this.options.ledger.together(async () => {
      // The record first: no payment row ever exists without the decision behind it.
      await assessments.append(decision.assessment);
      return this.#record(intent, text, decision, { paymentId, now, question });
    });
  }

  async #record(
    intent: PaymentIntent,
    text: string,
    decision: GuardianDecision,
    { paymentId, now, question }: { paymentId: string; now: Date; question: string | undefined },
  ): Promise<CommandResult> {
    const { payments, confirmations, events } = this.options;
    if (decision.outcome === 'clarify') {
      return result(
        intent,
        this.#decision(decision, question ?? decision.rules[0]?.explanation ?? ''),
      );
    }
    const payment = this.#paymentFor(intent, decision, paymentId, text, toInstant(now));
    if (!payment) {
      // Refused before it was a payment (no known recipient, amount or currency): the
      // risk record is the whole trace.
      if (decision.outcome === 'denied') await this.#notifyDenied(null, decision);
      return result(intent, this.#decision(decision, replyFor(decision, '', question)));
    }
    await payments.save([payment]);
    const proposal =
      decision.outcome === 'needs_confirmation'
        ? await confirmations.propose(payment, decision)
        : null;
    // Announced only once committed: a window that hears of a payment awaiting
    // confirmation fetches its proposal straight away, so the proposal must be saved.
    this.options.ledger.afterCommit(() => events.emit('payment:changed', { payment }));
    await this.#notifyDecision(payment, decision);
    const name = decision.recipient?.displayName ?? payment.recipientId;
    const reply = replyFor(decision, describePayment(payment, name), question);
    return result(
      intent,
      this.#decision(
        decision,
        payment.undoUntil === undefined ? reply : `${reply} ${undoSentence(payment)}`,
      ),
      {
        payment,
        proposal,
      },
    );
  }

  #paymentFor(
    intent: PaymentIntent,
    decision: GuardianDecision,
    id: string,
    text: string,
    now: string,
  ): Payment | null {
    const user = this.options.users.get(decision.assessment.userId);
    const { recipient } = decision;
    if (!recipient || intent.amount === null || intent.currency === null) return null;
    const approved = decision.outcome === 'approved';
    return {
      id,
      userId: user.id,
      recipientId: recipient.id,
      amount: intent.amount,
      currency: intent.currency,
      ...(intent.memo === undefined ? {} : { memo: intent.memo }),
      schedule: intent.schedule,
      status: STATUS_BY_OUTCOME[decision.outcome],
      ...firstRunAfterUndo(
        approved ? startingRun(intent.schedule, now, this.options.missedAfterMs) : null,
        now,
        this.options.settings.get().undoSeconds,
      ),
      timezone: intent.schedule.kind === 'recurring' ? intent.schedule.timezone : user.timezone,
      missedRunPolicy: this.options.settings.get().missedRunPolicy,
      paused: false,
      sourceText: text.slice(0, 500),
      riskAssessmentId: decision.assessment.id,
      createdAt: now,
      updatedAt: now,
    };
  }

  async #notifyDecision(payment: Payment, decision: GuardianDecision): Promise<void> {
    const name = decision.recipient?.displayName ?? payment.recipientId;
    const money = formatAmount(payment.amount, payment.currency);
    const payer = this.#nameOf(payment.userId);
    const record = { paymentId: payment.id, riskAssessmentId: decision.assessment.id };
    // Operators hear of what the Guardian would not simply let through: a payment held for
    // review, and one that only asks the user although a rule found it dangerous.
    const operator = {
      event: 'flagged' as const,
      title: `${payer}: ${money} to ${name} needs a look`,
      body: `The Guardian ${decision.outcome === 'flagged' ? 'held' : 'asked the user to confirm'} ${payer}'s payment (score ${decision.score}): ${warnings(decision)}`,
    };
    if (payment.undoUntil !== undefined) {
      await this.options.notifications.notify([undoWindowNotice(payment, name)]);
    } else if (decision.outcome === 'needs_confirmation') {
      const dangerous = decision.rules.some((rule) => rule.level === 'danger');
      await this.options.notifications.notify([
        {
          userId: payment.userId,
          kind: 'needs_confirmation',
          title: `Confirm ${money} to ${name}`,
          body: `${describePayment(payment, name)} Confirm it within ${Math.round(this.#ttlMinutes())} minutes, or it lapses.`,
          ...record,
          ...(dangerous ? { operator } : {}),
        },
      ]);
    } else if (decision.outcome === 'flagged') {
      await this.options.notifications.notify([
        {
          userId: payment.userId,
          kind: 'flagged',
          title: `${money} to ${name} is held for review`,
          body: `The Guardian held this payment for review (score ${decision.score}): ${warnings(decision)}`,
          ...record,
          operator,
        },
      ]);
    } else if (decision.outcome === 'denied') {
      await this.#notifyDenied(payment, decision);
    }
  }

  /** A refusal is the user's reply already; the operators are told on their channels. */
  async #notifyDenied(payment: Payment | null, decision: GuardianDecision): Promise<void> {
    const payer = this.#nameOf(decision.assessment.userId);
    const what = payment
      ? `${formatAmount(payment.amount, payment.currency)} to ${decision.recipient?.displayName ?? payment.recipientId}`
      : 'a payment';
    const title = `${payer}: ${what} was refused`;
    const body = `The Guardian refused "${decision.assessment.request}" (score ${decision.score}): ${warnings(decision)}`;
    await this.options.notifications.notify([
      {
        userId: decision.assessment.userId,
        kind: 'denied',
        title,
        body,
        paymentId: payment?.id ?? null,
        riskAssessmentId: decision.assessment.id,
        operator: { event: 'denied', title, body },
        onlyOperators: true,
      },
    ]);
  }

  #nameOf(userId: string): string {
    return this.options.users.find(userId)?.displayName ?? userId;
  }

  /**
   * "Cancel the payment to Bob" changes nothing here: the payments it matches come back as
   * a choice, and the renderer asks which one (or all) and then shows the Upcoming panel's
   * own cancel confirmation, whose yes calls payments:cancel. One match is a choice of
   * one, so a cancel by command is always confirmed like the button.
   */
  async #cancel(
    intent: CancelIntent,
    userId: string,
    question: string | undefined,
  ): Promise<CommandResult> {
    if (intent.recipient && intent.recipient.userId === null) {
      return result(intent, plain('clarify', question ?? `Whose payments should I cancel?`));
    }
    const recipientId = intent.recipient?.userId ?? undefined;
    const matches = this.options.payments
      .list()
      .filter(
        (payment) =>
          payment.userId === userId &&
          ACTIVE.has(payment.status) &&
          (recipientId === undefined || payment.recipientId === recipientId),
      );
    if (matches.length === 0) {
      return result(
        intent,
        plain('clarify', 'There is no scheduled or proposed payment like that to cancel.'),
      );
    }
    const [only] = matches;
    const reply =
      matches.length === 1 && only
        ? `Cancel ${this.#describe(only)}? Nothing is cancelled until you confirm.`
        : intent.target === 'all'
          ? `Cancel all ${matches.length} payments? Nothing is cancelled until you confirm.`
          : `${matches.length} payments match. Which one should I cancel, or all ${matches.length}? Nothing is cancelled until you confirm.`;
    return result(intent, plain('clarify', reply), {
      choice: { action: 'cancel', payments: matches },
    });
  }

  /**
   * "Pause my payments to Bob": the Upcoming panel's pause, resume and skip, on the one
   * recurring payment the words name, done at once like the buttons. Several that fit
   * come back as a choice (nothing changed); none is a question back.
   */
  async #manage(
    intent: ManageIntent,
    userId: string,
    question: string | undefined,
  ): Promise<CommandResult> {
    const verb = MANAGE_VERBS[intent.action];
    if (intent.recipient && intent.recipient.userId === null) {
      return result(intent, plain('clarify', question ?? `Whose payments should I ${verb}?`));
    }
    const recipientId = intent.recipient?.userId ?? undefined;
    const matches = this.options.payments
      .list()
      .filter(
        (payment) =>
          payment.userId === userId &&
          payment.status === 'scheduled' &&
          payment.schedule.kind === 'recurring' &&
          payment.paused === (intent.action === 'resume') &&
          (recipientId === undefined || payment.recipientId === recipientId),
      );
    const [target] = matches;
    if (!target) {
      return result(
        intent,
        plain(
          'clarify',
          `There is no ${intent.action === 'resume' ? 'paused' : 'running'} repeating payment like that to ${verb}.`,
        ),
      );
    }
    if (matches.length > 1) {
      return result(
        intent,
        plain(
          'clarify',
          `${matches.length} payments match. Which one should I ${verb}? Nothing is changed until you pick one.`,
        ),
        { choice: { action: intent.action, payments: matches } },
      );
    }
    try {
      const changed = await this.options.actions[intent.action](target.id);
      return result(
        intent,
        plain('approved', `${MANAGE_DONE[intent.action]} ${this.#describe(changed)}.`),
        {
          payment: changed,
        },
      );
    } catch (error) {
      // The action's own refusal (a run already under way, nothing left to skip) says why.
      if (isCoreError(error)) return result(intent, plain('clarify', error.message));
      throw error;
    }
  }

  /** "Yes" confirms and "no" cancels the user's newest pending proposal. */
  async #answer(intent: Intent, userId: string): Promise<CommandResult> {
    const pending = this.options.proposals
      .pending()
      .filter((proposal) => proposal.userId === userId)
      .at(-1);
    if (!pending) {
      return result(intent, plain('clarify', 'There is nothing waiting for your confirmation.'));
    }
    // The person answering is the one who typed it: for a proposal that waits for a
    // second person, that is its asker, whom Confirmations refuses (own_request).
    const user = this.options.users.get(userId);
    const answerer = { userId, name: user.displayName, role: user.household };
    if (intent.kind === 'deny') {
      const payment = await this.options.actions.cancel(pending.paymentId, personOf(answerer));
      return result(intent, plain('approved', `Cancelled: ${pending.readBack.sentence}`), {
        payment,
      });
    }
    const confirmed = await this.options.confirmations.confirm(
      pending.paymentId,
      pending.id,
      undefined,
      answerer,
    );
    this.options.events.emit('payment:changed', { payment: confirmed.payment });
    return result(
      intent,
      plain('approved', `Confirmed and scheduled: ${pending.readBack.sentence}`),
      confirmed,
    );
  }

  #describe(payment: Payment): string {
    const name = this.options.users.find(payment.recipientId)?.displayName ?? payment.recipientId;
    return describePayment(payment, name).replace(/\.$/, '');
  }

  #decision(decision: GuardianDecision, reply: string): Decision {
    return { outcome: decision.outcome, score: decision.score, rules: decision.rules, reply };
  }

  #ttlMinutes(): number {
    return this.options.settings.get().guardian.proposalTtlSeconds / 60;
  }
}

type CancelIntent = Extract<Intent, { kind: 'cancel' }>;
type ManageIntent = Extract<Intent, { kind: 'manage' }>;

const MANAGE_VERBS = { pause: 'pause', resume: 'resume', skip: 'skip' } as const;
const MANAGE_DONE = {
  pause: 'Paused (runs that fall due are skipped, not paid later):',
  resume: 'Resumed:',
  skip: 'Skipped the next run of',
} as const;

const STATUS_BY_OUTCOME = {
  approved: 'scheduled',
  needs_confirmation: 'pending_confirmation',
  denied: 'denied',
  flagged: 'flagged',
  clarify: 'denied',
} as const;

// Stands for the payment a preview would make, so its own runs are never counted twice.
const PREVIEW_PAYMENT_ID = 'pay_preview';

/**
 * What the dry run could not know. The balance is read now (or could not be read), and
 * money leaves later, so a verdict that rests on it may change; a payment that runs later
 * is checked again for balance and limits before money moves.
 */
function caveatsOf(intent: PaymentIntent, decision: GuardianDecision): PreviewCaveat[] {
  if (decision.outcome === 'clarify' || decision.outcome === 'denied') return [];
  const caveats: PreviewCaveat[] = [];
  caveats.push(decision.features.balance === null ? 'balance_unknown' : 'balance_may_change');
  const later = intent.schedule.kind === 'recurring' || intent.schedule.runAt !== null;
  if (later) caveats.push('checked_again_when_run');
  return caveats;
}

/** What a cancel by command may name: the statuses payments:cancel accepts. */
const ACTIVE = new Set<PaymentStatus>(CANCELLABLE_STATUSES);

function replyFor(
  decision: GuardianDecision,
  sentence: string,
  question: string | undefined,
): string {
  switch (decision.outcome) {
    case 'approved':
      return `Scheduled: ${sentence}`;
    case 'needs_confirmation':
      return `Please confirm: ${sentence} ${warnings(decision)}`.trim();
    case 'flagged':
      return `Held for review: ${sentence} ${warnings(decision)}`.trim();
    case 'denied': {
      const reasons = decision.rules.filter((rule) => rule.level === 'forbidden');
      const why = reasons.map((rule) => rule.explanation).join(' ');
      return `I can't make this payment. ${why}${question ? ` ${question}` : ''}`;
    }
    case 'clarify':
      return question ?? '';
  }
}

function warnings(decision: GuardianDecision): string {
  return decision.rules
    .filter((rule) => rule.level !== 'safe')
    .map((rule) => rule.explanation)
    .join(' ');
}

function plain(outcome: Decision['outcome'], reply: string): Decision {
  return { outcome, score: 0, rules: [], reply };
}

/**
 * The reply's badge, from what was asked and what came of it. A payment ArcFlux couldn't
 * make as said (an unknown name, a missing amount) is a question back, whatever the
 * Guardian made of it; otherwise a refusal is refused, a question back or a payment
 * awaiting its yes needs the user (so does one held for review: nothing moves until
 * someone looks), and a plain outcome is an answer for a question and done for anything
 * that acted.
 */
export function replyStatus(intent: Intent, outcome: Decision['outcome']): ReplyStatus {
  if (intent.kind === 'payment' && intent.problems.length > 0) return 'needs_you';
  switch (outcome) {
    case 'denied':
      return 'refused';
    case 'clarify':
    case 'needs_confirmation':
    case 'flagged':
      return 'needs_you';
    case 'approved':
      if (intent.kind === 'unknown') return 'needs_you';
      return intent.kind === 'query' ? 'answer' : 'done';
  }
}

function result(
  intent: Intent,
  decision: Decision,
  extra: Partial<
    Pick<CommandResult, 'payment' | 'proposal' | 'facts' | 'narrative' | 'choice'>
  > = {},
): CommandResult {
  return {
    intent,
    decision,
    status: replyStatus(intent, decision.outcome),
    payment: extra.payment ?? null,
    proposal: extra.proposal ?? null,
    facts: extra.facts ?? null,
    ...(extra.narrative ? { narrative: extra.narrative } : {}),
    ...(extra.choice ? { choice: extra.choice } : {}),
  };
}
