import { z } from 'zod';
import { amountSchema, currencySchema } from '../money';
import { idSchema, instantSchema } from '../schemas/common';
import {
  executionFailureSchema,
  executionStatusSchema,
  skipReasonSchema,
} from '../schemas/execution';
import { paymentSchema } from '../schemas/payment';
import { defineSection } from './define';
import { streamOutputSchema, type StreamOutput } from './streamed';

/**
 * A transfer is one attempt of one occurrence of a payment, in its latest state: in
 * flight (`started`), paid (`succeeded`), not (`failed`), or never to be paid
 * (`skipped`, with the reason). Its status is the execution
 * journal's own code, so the history says exactly what the money did.
 */
export const transferStatusSchema = executionStatusSchema;
export type TransferStatus = z.infer<typeof transferStatusSchema>;

/**
 * Sorts: `at` is when the transfer happened (its outcome, or its start while in flight),
 * `recipient` the recipient's display name, `status` the order of TRANSFER_STATUS_ORDER.
 * A leading "-" reverses. Ties keep journal order so paging is stable.
 */
export const TRANSFER_SORTS = [
  'at',
  '-at',
  'amount',
  '-amount',
  'recipient',
  '-recipient',
  'status',
  '-status',
] as const;
export type TransferSort = (typeof TRANSFER_SORTS)[number];

/** How statuses sort: in flight first, then paid, then failed, then skipped. */
export const TRANSFER_STATUS_ORDER: readonly TransferStatus[] = [
  'started',
  'succeeded',
  'failed',
  'skipped',
];

/** The ledger's two views: one row per transfer, or one per payment with its transfers counted. */
export const transferGroupingSchema = z.enum(['transfer', 'payment']);
export type TransferGrouping = z.infer<typeof transferGroupingSchema>;

export const MAX_TRANSFER_PAGE_SIZE = 1000;

/** What narrows the history; shared by the list and the CSV export. Query-string friendly. */
const transferCriteria = {
  /** The payer; the acting user in the app. */
  userId: idSchema.optional(),
  status: z.union([transferStatusSchema, z.array(transferStatusSchema)]).optional(),
  recipient: idSchema.optional(),
  currency: currencySchema.optional(),
  /** Inclusive lower bound on `at`. */
  from: instantSchema.optional(),
  /** Exclusive upper bound on `at`. */
  to: instantSchema.optional(),
  /**
   * Case-insensitive text search over the recipient's name, the memo, the original
   * command, the transaction id and the payment and transfer ids.
   */
  q: z.string().max(200).optional(),
  sort: z.enum(TRANSFER_SORTS).default('-at'),
};

export const transferFilterSchema = z
  .object({
    ...transferCriteria,
    groupBy: transferGroupingSchema.default('transfer'),
    offset: z.coerce.number().int().min(0).default(0),
    limit: z.coerce.number().int().min(1).max(MAX_TRANSFER_PAGE_SIZE).default(50),
  })
  .strict();
export type TransferFilter = z.infer<typeof transferFilterSchema>;

export const transferExportInputSchema = z.object(transferCriteria).strict();
export type TransferExportInput = z.infer<typeof transferExportInputSchema>;

export const transferSchema = z
  .object({
    /** The execution id. */
    id: idSchema,
    paymentId: idSchema,
    payerId: idSchema,
    recipientId: idSchema,
    /** The occurrence this transfer pays, in UTC. */
    occurrenceAt: instantSchema,
    /** When it happened, in UTC: the outcome's time, or the start while in flight. */
    at: instantSchema,
    /** When the payment service confirmed it, in UTC; null unless it succeeded. */
    paidAt: instantSchema.nullable(),
    amount: amountSchema,
    currency: currencySchema,
    status: transferStatusSchema,
    failure: executionFailureSchema.nullable(),
    /** Why it was skipped; null unless `skipped`. */
    skipReason: skipReasonSchema.nullable(),
    /** The payment service's transaction id; null until it answered. */
    transferId: z.string().max(128).nullable(),
    attempt: z.number().int().min(1),
    memo: z.string().max(140).nullable(),
  })
  .strict();
export type Transfer = z.infer<typeof transferSchema>;

/** A payment with how many of its transfers match the filters, and the latest of them. */
export const transferGroupSchema = z
  .object({
    payment: paymentSchema,
    transfers: z.number().int().min(0),
    lastAt: instantSchema.nullable(),
  })
  .strict();
export type TransferGroup = z.infer<typeof transferGroupSchema>;

const pageFields = {
  total: z.number().int().min(0),
  offset: z.number().int().min(0),
  limit: z.number().int().min(1),
};

export const transferPageSchema = z.discriminatedUnion('groupBy', [
  z
    .object({ groupBy: z.literal('transfer'), items: z.array(transferSchema), ...pageFields })
    .strict(),
  z
    .object({ groupBy: z.literal('payment'), items: z.array(transferGroupSchema), ...pageFields })
    .strict(),
]);
export type TransferPage = z.infer<typeof transferPageSchema>;

/** A streamed export: see streamOutputSchema. */
export const transferExportSchema = streamOutputSchema;
export type TransferExport = StreamOutput;

export const transfersSection = defineSection({
  /** The history of transfers: filtered, searched, sorted, paged, optionally grouped by payment. */
  'transfers:list': {
    description:
      'List transfers (each run of each payment) with filters (status, recipient, currency, from, to, q), sort, paging and groupBy=payment.',
    input: transferFilterSchema,
    output: transferPageSchema,
    rest: { method: 'GET', path: '/v1/transfers' },
  },
  /** Every matching transfer as CSV, streamed in chunks. */
  'transfers:export': {
    description: 'Export the matching transfers as CSV, streamed (text/csv over REST).',
    input: transferExportInputSchema,
    output: transferExportSchema,
    rest: { method: 'GET', path: '/v1/transfers/export', response: 'stream' },
  },
});
