import { z } from 'zod';
import { amountSchema, currencySchema } from '../money';
import { idSchema, instantSchema } from './common';

export const executionStatusSchema = z.enum(['started', 'succeeded', 'failed']);

/**
 * One attempt of one occurrence. The idempotency key is derived from the payment id and
 * the occurrence time only, so retries and crash recovery never pay twice.
 */
export const executionSchema = z
  .object({
    id: idSchema,
    paymentId: idSchema,
    occurrenceAt: instantSchema,
    idempotencyKey: z.string().min(8).max(128),
    attempt: z.number().int().min(1),
    status: executionStatusSchema,
    amount: amountSchema,
    currency: currencySchema,
    startedAt: instantSchema,
    finishedAt: instantSchema.nullable(),
    transferId: z.string().max(128).nullable(),
    error: z.string().max(500).nullable(),
  })
  .strict();
export type Execution = z.infer<typeof executionSchema>;
