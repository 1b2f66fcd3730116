import type { Proposal, ProposalPerson } from '../../../shared/schemas/proposal';
import type { RiskRuleResult } from '../../../shared/schemas/risk';
import type { Actor } from './actor';
import { refusal } from './authorize';
import { SECOND_APPROVAL_RULE } from './secondApproval';

/** The person who gives a yes (or a no): what the proposal records as its decider. */
export type Approver = Pick<Actor, 'userId' | 'name' | 'role'>;

export function personOf(approver: Approver): ProposalPerson {
  return { userId: approver.userId, name: approver.name };
}

/** Whether the Guardian's findings make a proposal wait for a second person. */
export function needsSecondApproval(rules: readonly RiskRuleResult[]): boolean {
  return rules.some((rule) => rule.name === SECOND_APPROVAL_RULE && rule.level !== 'safe');
}

/**
 * Refuses a yes the two-person rule does not allow: the asker may never approve their own
 * request (judged by the user, not the token, so a second token of the same person is
 * still them), and only an owner approves. Ordinary proposals take their payer's yes.
 */
export function assertMayApprove(proposal: Proposal, approver: Approver): void {
  if (proposal.secondApproval !== true) return;
  if (approver.userId === proposal.userId) {
    throw refusal(
      'own_request',
      `Payment ${proposal.paymentId} needs a second person's approval, and ${approver.name} asked for it, so they can't approve it themselves, with any of their tokens. Nothing was changed; an owner of the household approves it.`,
    );
  }
  if (approver.role !== 'owner') {
    throw refusal(
      'owner_must_approve',
      `Payment ${proposal.paymentId} needs an owner's approval, and ${approver.name} is a household ${approver.role}. Nothing was changed; ask an owner of the household to approve it.`,
    );
  }
}

/** The risk record's line naming who gave the second approval. */
export function approvalFinding(proposal: Proposal, approver: Approver): RiskRuleResult {
  const asker = proposal.askedBy?.name ?? proposal.userId;
  return {
    name: 'approved_by_second_person',
    kind: 'household',
    level: 'safe',
    explanation: `${approver.name} (${approver.userId}), a household owner, approved ${asker}'s request.`,
  };
}
