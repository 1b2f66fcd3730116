import { z } from 'zod';
import { amountSchema, currencySchema } from '../../../../shared/money';
import { idSchema, instantSchema } from '../../../../shared/schemas/common';

/**
 * The simulated payment network's own ledger, one fact per line. It is the source of
 * truth for the simulated balances and for which idempotency keys were already used;
 * balances.json is a mirror of it, rebuilt on open if a crash left it behind.
 */
export const networkEntrySchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('opening'),
      at: instantSchema,
      balances: z.array(
        z.object({ userId: idSchema, currency: currencySchema, amount: amountSchema }).strict(),
      ),
    })
    .strict(),
  z
    .object({
      kind: z.literal('transfer'),
      at: instantSchema,
      key: z.string().min(1).max(200),
      transferId: z.string().min(1).max(128),
      from: idSchema,
      to: idSchema,
      currency: currencySchema,
      amount: amountSchema,
    })
    .strict(),
  z
    .object({
      kind: z.literal('rejection'),
      at: instantSchema,
      key: z.string().min(1).max(200),
      failure: z.enum(['insufficient_funds', 'rejected']),
      message: z.string().max(500),
    })
    .strict(),
  z
    .object({
      kind: z.literal('deposit'),
      at: instantSchema,
      userId: idSchema,
      currency: currencySchema,
      amount: amountSchema,
    })
    .strict(),
]);
export type NetworkEntry = z.infer<typeof networkEntrySchema>;

export const NETWORK_LOG_FILE = 'simulated_network.jsonl';
