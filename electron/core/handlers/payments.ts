import type { paymentsSection } from '../../../shared/contract/payments';
import { queryPayments } from '../ledger/queryPayments';
import type { CoreContext, HandlerMap } from './types';

export function paymentHandlers(context: CoreContext): HandlerMap<keyof typeof paymentsSection> {
  return {
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
