import type { paymentsSection } from '../../../shared/contract/payments';
import type { transfersSection } from '../../../shared/contract/transfers';
import { queryPayments } from '../ledger/queryPayments';
import { transferHandlers } from './transfers';
import type { CoreContext, HandlerMap } from './types';

/**
 * The ledger: payments and their transfers. The transfers' handlers ride along here so
 * the composition root needs no change for them.
 */
export function paymentHandlers(
  context: CoreContext,
  options: { readHistoryNow?: boolean } = {},
): HandlerMap<keyof typeof paymentsSection | keyof typeof transfersSection> {
  return {
    ...transferHandlers(context, { readNow: options.readHistoryNow === true }),
    'payments:list': (filter) =>
      queryPayments(context.payments.list(), filter, (recipientId) => {
        const recipient = context.users.find(recipientId);
        return recipient ? recipient.displayName : recipientId;
      }),
    'payments:get': ({ id }) => {
      const payment = context.payments.get(id);
      const riskAssessment = payment.riskAssessmentId
        ? (context.journals.riskAssessments.find(payment.riskAssessmentId) ?? null)
        : null;
      return {
        payment,
        executions: context.journals.executions.forPayment(id),
        riskAssessment,
      };
    },
  };
}
