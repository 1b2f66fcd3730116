import { randomUUID } from 'node:crypto';
import type { Payment } from '../../../shared/schemas/payment';
import type { Proposal } from '../../../shared/schemas/proposal';
import type { RiskAssessment } from '../../../shared/schemas/risk';
import type { GuardianPolicy } from '../../../shared/schemas/settings';
import { toInstant, type Clock } from '../clock';
import { CoreError } from '../errors';
import type { BalanceMonitor } from '../monitor/balanceMonitor';
import { paymentFingerprint } from '../payments/fingerprint';
import type { RiskAssessmentsRepository } from '../repositories/journals';
import type { ExecutionJournal, Ledger } from '../indexes/ledgerIndexes';
import type { JournalView } from '../execution/journalView';
import { skippedLines } from '../execution/skippedRuns';
import type { LedgerStore } from '../store/ledgerStore';
import type { ScheduleIndex } from '../indexes/scheduleIndex';
import type { ProposalsRepository } from '../repositories/proposals';
import type { UsersRepository } from '../repositories/users';
import type { NotificationService } from '../notifications/notificationService';
import { firstRunAfterUndo, undoWindowNotice } from '../payments/undoWindow';
import { startingRun } from '../schedule/occurrences';
import { chosenMissedRuns } from '../payments/missedReview';
import { withoutFutureRuns } from '../scheduler/duePlan';
import { withRuns } from '../scheduler/settle';
import { intentOfPayment, type GuardianAgent, type GuardianDecision } from './guardianAgent';
import type { Narrator } from '../llm/narrator';
import { buildReadBack } from './readBack';
import {
  approvalFinding,
  assertMayApprove,
  needsSecondApproval,
  personOf,
  type Approver,
} from '../household/approval';
import type { ProposalPerson } from '../../../shared/schemas/proposal';

export interface ConfirmationsOptions {
  proposals: ProposalsRepository;
  payments: Ledger;
  /** The journal, where the missed runs not chosen are recorded as skipped. */
  journal: Pick<ExecutionJournal, 'record'>;
  view: Pick<JournalView, 'get'>;
  /** Makes those lines and the payment row one commit (see LedgerStore.together). */
  ledger: Pick<LedgerStore, 'together'>;
  /** The live payments: forecasts for the read-back, and those awaiting a yes. */
  schedules: Pick<ScheduleIndex, 'upcomingRuns' | 'awaitingConfirmation'>;
  users: UsersRepository;
  assessments: RiskAssessmentsRepository;
  guardian: GuardianAgent;
  monitor: BalanceMonitor;
  clock: Clock;
  policy: () => GuardianPolicy;
  /** How late a run may start and still count as on time. */
  missedAfterMs: number;
  /** The undo window's length now (settings' `undoSeconds`). */
  undoSeconds: () => number;
  /** Tells the user a confirmed payment is waiting out its undo window. */
  notifications: Pick<NotificationService, 'notify'>;
  /** Explains the fired rules in plain words for the read-back, when a local model can. */
  narrator?: Pick<Narrator, 'riskNarrative'>;
}

/**
 * The user's yes, with the core as the authority. A proposal records what was shown (the
 * read-back) and a fingerprint of the payment; confirming checks the proposal is the
 * current one, pending, unexpired and unaltered, re-assesses balance and limits, appends
 * the approving risk record, and only then schedules the payment. Any refusal changes
 * nothing.
 */
export class Confirmations {
  constructor(private readonly options: ConfirmationsOptions) {}

  /** Makes the proposal for a payment the Guardian said needs confirmation. */
  async propose(payment: Payment, decision: GuardianDecision): Promise<Proposal> {
    const { clock, proposals, schedules, monitor } = this.options;
    const now = clock.now();
    const balance = (await monitor.balanceOf(payment.userId, payment.currency)) ?? null;
    const payer = this.options.users.find(payment.userId);
    const proposal: Proposal = {
      id: `prop_${randomUUID().replace(/-/g, '').slice(0, 24)}`,
      paymentId: payment.id,
      userId: payment.userId,
      riskAssessmentId: decision.assessment.id,
      createdAt: toInstant(now),
      expiresAt: toInstant(
        new Date(now.getTime() + this.options.policy().proposalTtlSeconds * 1000),
      ),
      status: 'pending',
      decidedAt: null,
      fingerprint: paymentFingerprint(payment),
      readBack: buildReadBack({
        payment: {
          ...payment,
          nextRunAt: startingRun(payment.schedule, toInstant(now), this.options.missedAfterMs),
        },
        recipientName: decision.recipient?.displayName ?? payment.recipientId,
        balance,
        upcomingRuns: (query) => schedules.upcomingRuns(query),
        rules: decision.rules,
      }),
      askedBy: { userId: payment.userId, name: payer?.displayName ?? payment.userId },
      secondApproval: needsSecondApproval(decision.rules),
      decidedBy: null,
    };
    // The decision and the read-back are final before the model sees them; its words are
    // only added beside them (and only when they check out against the read-back).
    const narrative = await this.options.narrator?.riskNarrative(proposal.readBack, payment);
    if (narrative) proposal.readBack = { ...proposal.readBack, narrative };
    await proposals.save([proposal]);
    return proposal;
  }

  /**
   * Confirms the payment's pending proposal, or approves running the missed occurrences
   * of a held payment, as `approver`, who is recorded on the proposal and in the risk
   * record. A proposal that needs a second person refuses its asker and non-owners.
   * Throws a CoreError saying what to do when it can't.
   */
  async confirm(
    paymentId: string,
    proposalId: string | undefined,
    runs: readonly string[] | undefined,
    approver: Approver,
  ): Promise<{ payment: Payment; proposal: Proposal | null }> {
    const payment = this.options.payments.get(paymentId);
    if (payment.status === 'missed')
      return { payment: await this.#approveMissed(payment, runs), proposal: null };
    if (runs !== undefined) {
      throw new CoreError(
        'conflict',
        `Payment ${payment.id} holds no missed runs, so there are none to choose. Nothing was changed.`,
      );
    }
    const proposal = this.#checkConfirmable(payment, proposalId);
    assertMayApprove(proposal, approver);
    const now = this.options.clock.now();
    const recipientName =
      this.options.users.find(payment.recipientId)?.displayName ?? payment.recipientId;
    const decision = await this.options.guardian.assess({
      request: `confirm ${payment.id}`,
      intent: intentOfPayment(payment, recipientName),
      userId: payment.userId,
      paymentId: payment.id,
      now,
    });
    refuseIfDenied(decision);
    const assessment: RiskAssessment = {
      ...decision.assessment,
      outcome: 'approved',
      rules: [
        ...decision.rules,
        {
          name: 'confirmed_by_user',
          kind: 'consent',
          level: 'safe',
          explanation: `${approver.name} confirmed proposal ${proposal.id} before it expired.`,
        },
        ...(proposal.secondApproval === true ? [approvalFinding(proposal, approver)] : []),
      ],
    };
    const nowText = toInstant(now);
    await this.options.assessments.append(assessment);
    const scheduled: Payment = {
      ...payment,
      status: 'scheduled',
      riskAssessmentId: assessment.id,
      ...firstRunAfterUndo(
        startingRun(payment.schedule, nowText, this.options.missedAfterMs),
        nowText,
        this.options.undoSeconds(),
      ),
      updatedAt: nowText,
    };
    // The payment is saved before the proposal is closed: a crash in between leaves a
    // scheduled payment and a stale proposal (which expiry ignores), never a lost yes.
    await this.options.payments.save([scheduled]);
    const confirmed: Proposal = {
      ...proposal,
      status: 'confirmed',
      decidedAt: nowText,
      decidedBy: personOf(approver),
    };
    await this.options.proposals.save([confirmed]);
    if (scheduled.undoUntil !== undefined) {
      await this.options.notifications.notify([undoWindowNotice(scheduled, recipientName)]);
    }
    return { payment: scheduled, proposal: confirmed };
  }

  /**
   * Closes the pending proposal of a payment being cancelled, recording who said no when
   * a person did (an owner refusing a member's request); does nothing if there is none.
   */
  async closeProposal(paymentId: string, decidedBy?: ProposalPerson): Promise<void> {
    const proposal = this.options.proposals.latestFor(paymentId);
    if (proposal?.status !== 'pending') return;
    const decidedAt = toInstant(this.options.clock.now());
    await this.options.proposals.save([
      { ...proposal, status: 'cancelled', decidedAt, ...(decidedBy ? { decidedBy } : {}) },
    ]);
  }

  /** The id of the payment's pending proposal, if it has one. */
  pendingProposalId(paymentId: string): string | null {
    const proposal = this.options.proposals.latestFor(paymentId);
    return proposal?.status === 'pending' ? proposal.id : null;
  }

  /**
   * For the Undo of a cancel: the proposal the cancel closed, if it can wait for the
   * user's answer again (still the payment's newest, closed by that cancel, unexpired).
   * Throws a CoreError saying why not; changes nothing.
   */
  reopenableProposal(paymentId: string, proposalId: string | null): Proposal {
    const proposal = proposalId === null ? undefined : this.options.proposals.find(proposalId);
    const latest = this.options.proposals.latestFor(paymentId);
    if (!proposal || latest?.id !== proposal.id || proposal.status !== 'cancelled') {
      throw new CoreError(
        'conflict',
        `Payment ${paymentId} was waiting for a confirmation that can't be reopened. Say the payment again to get a fresh proposal. Nothing was changed.`,
      );
    }
    if (proposal.expiresAt <= toInstant(this.options.clock.now())) {
      throw new CoreError(
        'expired',
        `The proposal for payment ${paymentId} expired at ${proposal.expiresAt}, so the cancel can't be undone. Say the payment again to get a fresh proposal. Nothing was changed.`,
      );
    }
    return proposal;
  }

  /** Puts a proposal from reopenableProposal back to waiting for the user's answer. */
  async reopenProposal(proposal: Proposal): Promise<void> {
    await this.options.proposals.save([
      {
        ...proposal,
        status: 'pending',
        decidedAt: null,
        ...(proposal.decidedBy === undefined ? {} : { decidedBy: null }),
      },
    ]);
  }

  /**
   * Expires proposals past their time and cancels the payments still waiting on them.
   * Payments left waiting without any proposal (a crash between the two writes) are
   * cancelled once as old as a proposal's life. Returns the payments it cancelled.
   */
  async expire(now: Date): Promise<Payment[]> {
    const { proposals, payments, schedules } = this.options;
    const nowText = toInstant(now);
    const stale = proposals.pending().filter((proposal) => proposal.expiresAt <= nowText);
    const waiting = new Set(proposals.pending().map((proposal) => proposal.paymentId));
    const ttlMs = this.options.policy().proposalTtlSeconds * 1000;
    const cancelled: Payment[] = [];
    for (const payment of schedules.awaitingConfirmation()) {
      const expired = stale.some((proposal) => proposal.paymentId === payment.id);
      const orphaned =
        !waiting.has(payment.id) && Date.parse(payment.createdAt) + ttlMs <= now.getTime();
      if (expired || orphaned) {
        cancelled.push({ ...payment, status: 'cancelled', nextRunAt: null, updatedAt: nowText });
      }
    }
    if (cancelled.length > 0) await payments.save(cancelled);
    await proposals.save(
      stale.map((proposal) => ({ ...proposal, status: 'expired', decidedAt: nowText })),
    );
    return cancelled;
  }

  #checkConfirmable(payment: Payment, proposalId: string | undefined): Proposal {
    const proposal = this.options.proposals.latestFor(payment.id);
    if (payment.status !== 'pending_confirmation' || !proposal) {
      throw new CoreError(
        'conflict',
        payment.status === 'scheduled' || payment.status === 'executed'
          ? `Payment ${payment.id} is already confirmed (it is ${payment.status}). Nothing was changed.`
          : `Payment ${payment.id} is ${payment.status}, not waiting for a confirmation, so there is nothing to confirm. Make a new payment if you still want it.`,
      );
    }
    if (proposalId !== undefined && proposalId !== proposal.id) {
      throw new CoreError(
        'conflict',
        `Proposal ${proposalId} is not the current proposal for payment ${payment.id}; the current one is ${proposal.id}. Review it and confirm that one. Nothing was changed.`,
      );
    }
    const now = toInstant(this.options.clock.now());
    if (proposal.status === 'expired' || proposal.expiresAt <= now) {
      throw new CoreError(
        'expired',
        `The proposal for payment ${payment.id} expired at ${proposal.expiresAt}, so it can't be confirmed any more. Say the payment again to get a fresh proposal. Nothing was changed.`,
      );
    }
    if (proposal.status !== 'pending') {
      throw new CoreError(
        'conflict',
        `The proposal for payment ${payment.id} was already ${proposal.status}. Nothing was changed.`,
      );
    }
    if (proposal.fingerprint !== paymentFingerprint(payment)) {
      throw new CoreError(
        'conflict',
        `Payment ${payment.id} changed after it was proposed, so what you reviewed is not what would run. Cancel it and say the payment again. Nothing was changed.`,
      );
    }
    return proposal;
  }

  /**
   * Approves held missed runs: the chosen ones (all when none are named), which the next
   * tick pays, each with its own key; the others are skipped, and journaled as such in
   * the same commit as the row, so none of them can be paid later. Runs later than the
   * clock are not missed: they go back to the schedule first and can't be chosen.
   */
  async #approveMissed(held: Payment, runs: readonly string[] | undefined): Promise<Payment> {
    const { journal, view, ledger, payments } = this.options;
    const now = toInstant(this.options.clock.now());
    const payment = withoutFutureRuns(held, now);
    const chosen = chosenMissedRuns(payment, runs);
    const approved = [...(payment.approvedRuns ?? []), ...chosen];
    const row = withRuns({ ...payment, status: 'scheduled', updatedAt: now }, [], approved);
    const notChosen = (payment.missedRuns ?? []).filter((at) => !chosen.includes(at));
    const skipped = skippedLines(payment, notChosen, 'not_chosen', { view, at: now });
    await ledger.together(async () => {
      if (skipped.length > 0) await journal.record(skipped);
      await payments.save([row]);
    });
    return row;
  }
}

/** A re-check that now denies (funds, limits) refuses the confirmation with its reason. */
function refuseIfDenied(decision: GuardianDecision): void {
  if (decision.outcome !== 'denied') return;
  const rule = decision.rules.find((candidate) => candidate.level === 'forbidden');
  const code =
    rule?.kind === 'funds'
      ? 'insufficient_funds'
      : rule?.kind === 'limit'
        ? 'limit_exceeded'
        : 'forbidden';
  throw new CoreError(
    code,
    `This payment can't be confirmed now: ${rule?.explanation ?? 'the Guardian refused it.'} Nothing was changed; fix that and confirm again, or cancel the payment.`,
  );
}
