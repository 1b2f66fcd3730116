import type { accountsSection } from '../../../shared/contract/accounts';
import { combineBalances } from '../market/convert';
import { actingUserId, type CoreContext, type HandlerMap } from './types';

export function accountHandlers(context: CoreContext): HandlerMap<keyof typeof accountsSection> {
  return {
    'balance:get': ({ userId }) => {
      const id = actingUserId(context, userId);
      context.users.get(id);
      return { userId: id, balances: context.balances.forUser(id) };
    },
    'balance:combined': async ({ userId }) => {
      const id = actingUserId(context, userId);
      const user = context.users.get(id);
      const rate = await context.market.current();
      return combineBalances(
        id,
        context.balances.forUser(id),
        user.preferences.defaultCurrency,
        rate,
      );
    },
    'users:list': () => [...context.users.list()],
    'settings:get': () => context.settings.get(),
    'settings:update': async (patch) => {
      context.assertWritable();
      const settings = await context.settings.update(
        patch,
        (id) => context.users.find(id) !== undefined,
      );
      context.events.emit('settings:changed', { settings });
      return settings;
    },
  };
}
