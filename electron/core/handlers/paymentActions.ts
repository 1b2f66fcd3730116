import type { paymentActionsSection } from '../../../shared/contract/paymentActions';
import type { MoneyPath } from '../moneyPath';
import { reviewMissed } from '../payments/missedReview';
import { personOf, type Approver } from '../household/approval';
import { resolveActor, type AuthorizeSources } from '../household/authorize';
import { DESKTOP_CALLER, type Actor } from '../household/actor';
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
    'payments:confirm': ({ id, proposalId, runs }, actor) =>
      run(async () => {
        const confirmed = await money.confirmations.confirm(
          id,
          proposalId,
          runs,
          approverOf(context, actor),
        );
        context.events.emit('payment:changed', { payment: confirmed.payment });
        return confirmed;
      }),
    // Read-only, but in turn with ticks, so the runs it checks are the ones a tick would see.
    'payments:review': ({ id, runs }) =>
      money.exclusive(() =>
        reviewMissed(context.payments.get(id), runs, {
          now: context.clock.now(),
          checkBatch: (submissions, now) => money.scheduler.checkBatch(submissions, now),
          readBalance: (userId, currency) => money.connector.balance(userId, currency),
        }),
      ),
    'payments:cancel': ({ id }, actor) =>
      run(async () => ({
        payment: await money.actions.cancel(id, personOf(approverOf(context, actor))),
      })),
    'payments:restore': ({ id }) => run(async () => ({ payment: await money.actions.restore(id) })),
    'payments:undo': ({ id }) => run(async () => ({ payment: await money.actions.undo(id) })),
    'payments:pause': ({ id }) => run(async () => ({ payment: await money.actions.pause(id) })),
    'payments:resume': ({ id }) => run(async () => ({ payment: await money.actions.resume(id) })),
    'payments:skip': ({ id }) => run(async () => ({ payment: await money.actions.skip(id) })),
  };
}

/** The person answering: the dispatch's actor, or the desktop's user when none came. */
function approverOf(context: AuthorizeSources, actor: Actor | undefined): Approver {
  return actor ?? resolveActor(context, DESKTOP_CALLER);
}
