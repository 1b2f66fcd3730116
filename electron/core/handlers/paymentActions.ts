import type { paymentActionsSection } from '../../../shared/contract/paymentActions';
import type { MoneyPath } from '../moneyPath';
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
    'payments:confirm': ({ id, proposalId }) =>
      run(async () => {
        const confirmed = await money.confirmations.confirm(id, proposalId);
        context.events.emit('payment:changed', { payment: confirmed.payment });
        return confirmed;
      }),
    'payments:cancel': ({ id }) => run(async () => ({ payment: await money.actions.cancel(id) })),
    'payments:undo': ({ id }) => run(async () => ({ payment: await money.actions.undo(id) })),
    'payments:pause': ({ id }) => run(async () => ({ payment: await money.actions.pause(id) })),
    'payments:resume': ({ id }) => run(async () => ({ payment: await money.actions.resume(id) })),
    'payments:skip': ({ id }) => run(async () => ({ payment: await money.actions.skip(id) })),
  };
}
