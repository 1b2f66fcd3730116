import { compareAmounts, formatAmount } from '../../../shared/money';
import type { RuleDefinition } from '../guardian/rules';

/** The Guardian rule's stable name; a proposal it fires on needs a second person. */
export const SECOND_APPROVAL_RULE = 'second_person_approval';

/**
 * Two-person rule: a household member's payment above the household threshold (config
 * guardianRules.secondApprovalAbove, per currency) waits for an owner's approval. Owners
 * and a single desktop user (an owner) never meet it. A warning that asks for
 * confirmation: the proposal it leads to can't be confirmed by its asker (see approval.ts).
 */
export const secondApprovalRule: RuleDefinition = {
  name: SECOND_APPROVAL_RULE,
  kind: 'household',
  asksConfirmation: true,
  evaluate: ({ features, thresholds, payerRole }) => {
    if (payerRole !== 'member') return null;
    const currency = features.currency;
    if (currency !== 'USDC' && currency !== 'EURC') return null;
    const limit = thresholds.secondApprovalAbove[currency];
    if (features.amount === null || compareAmounts(features.amount, limit) <= 0) return null;
    return {
      level: 'warning',
      explanation: `A household member's payment above ${formatAmount(limit, currency)} needs an owner's approval before it runs.`,
      figures: { currency, amount: features.amount, limit },
    };
  },
};
