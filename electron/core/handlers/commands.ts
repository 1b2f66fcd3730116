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
    // Read-only: nothing is written, so it needs neither the write lock nor a writable folder.
    'commands:preview': (input) => money.commands.preview(input),
  };
}
