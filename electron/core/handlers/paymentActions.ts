import type { paymentActionsSection } from '../../../shared/contract/paymentActions';
import type { MoneyPath } from '../moneyPath';
import { reviewMissed } from '../payments/missedReview';
import type { CoreContext, HandlerMap } from './types';

export function paymentActionHandlers(
  context: CoreContext,
  money: MoneyPath,
): HandlerMap<keyof typeof paymentActionsSection> {
  const run = <T>(work: () => Promise<T>) =>
    money.exclusive(() => {
      context.assertWritable();
      return work();
    });
  return {
    'payments:confirm': ({ id, proposalId, runs }) =>
      run(async () => {
        const confirmed = await money.confirmations.confirm(id, proposalId, runs);
        context.events.emit('payment:changed', { payment: confirmed.payment });
        return confirmed;
      }),
    // Read-only, but in turn with ticks, so the runs it checks are the ones a tick would see.
    'payments:reviewMissed': ({ id, runs }) =>
      money.exclusive(() =>
        reviewMissed(context.payments.get(id), runs, {
          now: context.clock.now(),
          checkBatch: (submissions, now) => money.scheduler.checkBatch(submissions, now),
          readBalance: (userId, currency) => money.connector.balance(userId, currency),
        }),
      ),
    'payments:cancel': ({ id }) => run(async () => ({ payment: await money.actions.cancel(id) })),
    'payments:restore': ({ id }) => run(async () => ({ payment: await money.actions.restore(id) })),
    'payments:pause': ({ id }) => run(async () => ({ payment: await money.actions.pause(id) })),
    'payments:resume': ({ id }) => run(async () => ({ payment: await money.actions.resume(id) })),
    'payments:skip': ({ id }) => run(async () => ({ payment: await money.actions.skip(id) })),
  };
}
