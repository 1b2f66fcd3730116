import type { schedulerSection } from '../../../shared/contract/scheduler';
import type { MoneyPath } from '../moneyPath';
import type { CoreContext, HandlerMap } from './types';

export function schedulerHandlers(
  context: CoreContext,
  money: MoneyPath,
): HandlerMap<keyof typeof schedulerSection> {
  return {
    'scheduler:tick': () =>
      money.exclusive(() => {
        context.assertWritable();
        return money.scheduler.runTick(context.clock.now());
      }),
  };
}
