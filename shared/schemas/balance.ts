import { z } from 'zod';
import { amountSchema, currencySchema } from '../money';
import { idSchema, instantSchema } from './common';

export const balanceSchema = z
  .object({
    userId: idSchema,
    currency: currencySchema,
    amount: amountSchema,
    updatedAt: instantSchema,
  })
  .strict();
export type Balance = z.infer<typeof balanceSchema>;
