import { z } from 'zod';
import { idSchema } from '../schemas/common';
import { balanceSchema } from '../schemas/balance';
import { combinedBalanceSchema } from '../schemas/market';
import { settingsPatchSchema, settingsSchema } from '../schemas/settings';
import { userSchema } from '../schemas/user';
import { defineSection } from './define';

export const balancesSchema = z
  .object({ userId: idSchema, balances: z.array(balanceSchema) })
  .strict();

export const accountsSection = defineSection({
  /** Balances per currency; the acting user's unless another is named. */
  'balance:get': {
    description: "Show a user's balances per currency (the acting user by default).",
    input: z.object({ userId: idSchema.optional() }).strict(),
    output: balancesSchema,
    rest: { method: 'GET', path: '/v1/balance' },
  },
  /**
   * All of a user's balances added up in their default currency at the EURC→USDC reference
   * rate: an estimate (approximate: true), with the rate, its date, source and stale flag.
   */
  'balance:combined': {
    description:
      "Show a user's balances added up in their default currency, approximately, with the exchange rate used.",
    input: z.object({ userId: idSchema.optional() }).strict(),
    output: combinedBalanceSchema,
    rest: { method: 'GET', path: '/v1/balance/combined' },
  },
  /** Everyone in the directory: the acting user's contacts and the user picker. */
  'users:list': {
    description: 'List the users known to this install.',
    input: z.object({}).strict(),
    output: z.array(userSchema),
    rest: { method: 'GET', path: '/v1/users' },
  },
  'settings:get': {
    description: 'Show the settings the core runs with.',
    input: z.object({}).strict(),
    output: settingsSchema,
    rest: { method: 'GET', path: '/v1/settings' },
  },
  /** Changes only the fields given; the whole result is validated before it is saved. */
  'settings:update': {
    description: 'Change some settings; returns the settings now in force.',
    input: settingsPatchSchema,
    output: settingsSchema,
    rest: { method: 'PATCH', path: '/v1/settings' },
  },
});
