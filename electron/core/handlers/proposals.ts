import type { proposalsSection } from '../../../shared/contract/proposals';
import { CoreError } from '../errors';
import type { MoneyPath } from '../moneyPath';
import type { CoreContext, HandlerMap } from './types';

/**
 * Reads proposals back for a door other than the one that made them. It only reads: the
 * confirmation itself still goes through `payments:confirm`, which re-checks everything.
 */
export function proposalHandlers(
  context: CoreContext,
  money: Pick<MoneyPath, 'proposals'>,
): HandlerMap<keyof typeof proposalsSection> {
  return {
    'proposals:get': ({ paymentId }) => {
      const payment = context.payments.get(paymentId);
      const proposal = money.proposals.latestFor(paymentId);
      if (!proposal) {
        throw new CoreError(
          'not_found',
          `Payment ${paymentId} has never waited for a confirmation, so it has no proposal. Its details are under payments:get (arcflux ledger).`,
        );
      }
      const assessment = context.journals.riskAssessments.find(proposal.riskAssessmentId);
      return {
        payment,
        proposal,
        decision: {
          outcome: assessment?.outcome ?? 'needs_confirmation',
          score: assessment?.score ?? 0,
          rules: assessment?.rules ?? proposal.readBack.rules,
          reply: proposal.readBack.sentence,
        },
      };
    },
  };
}
