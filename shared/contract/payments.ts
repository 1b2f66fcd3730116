import { z } from 'zod';
import { currencySchema } from '../money';
import { idSchema, instantSchema } from '../schemas/common';
import { executionSchema } from '../schemas/execution';
import { paymentSchema, paymentStatusSchema } from '../schemas/payment';
import { riskAssessmentSchema } from '../schemas/risk';
import { defineSection } from './define';

export const PAYMENT_SORTS = [
  'createdAt',
  '-createdAt',
  'amount',
  '-amount',
  'nextRunAt',
  '-nextRunAt',
] as const;

/**
 * The most rows one page may carry. Large enough that exporting a 100k-row ledger takes
 * ten requests rather than a hundred (each re-sorts the ledger), small enough to keep one
 * response to a few megabytes.
 */
export const MAX_PAYMENT_PAGE_SIZE = 10_000;

/** Query-string friendly: one status or several, numbers may arrive as text. */
export const paymentFilterSchema = z
  .object({
    userId: idSchema.optional(),
    status: z.union([paymentStatusSchema, z.array(paymentStatusSchema)]).optional(),
    recipient: idSchema.optional(),
    currency: currencySchema.optional(),
    /** Inclusive lower bound on createdAt. */
    from: instantSchema.optional(),
    /** Exclusive upper bound on createdAt. */
    to: instantSchema.optional(),
    /** Case-insensitive text search over id, recipient, memo and the original command. */
    q: z.string().max(200).optional(),
    sort: z.enum(PAYMENT_SORTS).default('-createdAt'),
    offset: z.coerce.number().int().min(0).default(0),
    limit: z.coerce.number().int().min(1).max(MAX_PAYMENT_PAGE_SIZE).default(50),
  })
  .strict();
export type PaymentFilter = z.infer<typeof paymentFilterSchema>;

export const paymentPageSchema = z
  .object({
    items: z.array(paymentSchema),
    total: z.number().int().min(0),
    offset: z.number().int().min(0),
    limit: z.number().int().min(1),
  })
  .strict();
export type PaymentPage = z.infer<typeof paymentPageSchema>;

export const paymentDetailSchema = z
  .object({
    payment: paymentSchema,
    executions: z.array(executionSchema),
    riskAssessment: riskAssessmentSchema.nullable(),
  })
  .strict();

export const paymentsSection = defineSection({
  /** The ledger: filtered, sorted and paged. */
  'payments:list': {
    description:
      'List payments with filters (status, recipient, currency, from, to, q) and paging.',
    input: paymentFilterSchema,
    output: paymentPageSchema,
    rest: { method: 'GET', path: '/v1/payments' },
  },
  /** One payment with its executions and risk assessment, for the detail drawer. */
  'payments:get': {
    description: 'Show one payment with its executions and risk assessment.',
    input: z.object({ id: idSchema }).strict(),
    output: paymentDetailSchema,
    rest: { method: 'GET', path: '/v1/payments/:id' },
  },
});
