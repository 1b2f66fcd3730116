import type { commandsSection } from '../../../shared/contract/commands';
import type { MoneyPath } from '../moneyPath';
import type { CoreContext, HandlerMap } from './types';

export function commandHandlers(
  context: CoreContext,
  money: MoneyPath,
): HandlerMap<keyof typeof commandsSection> {
  return {
    'commands:run': (input) =>
      money.exclusive(() => {
        context.assertWritable();
        return money.commands.run(input);
      }),
  };
}
