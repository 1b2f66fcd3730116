import { z } from 'zod';
import { executionSchema, type Execution } from '../../../shared/schemas/execution';
import { notificationSchema, type Notification } from '../../../shared/schemas/notification';
import { paymentSchema, type Payment } from '../../../shared/schemas/payment';
import { proposalSchema, type Proposal } from '../../../shared/schemas/proposal';
import { riskAssessmentSchema, type RiskAssessment } from '../../../shared/schemas/risk';

/**
 * What one ledger record can change. Payments and proposals are rows replaced by id; risk
 * assessments, execution journal entries and outbox entries are facts added in order.
 */
export const ledgerChangeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('payment'), data: paymentSchema }).strict(),
  z.object({ kind: z.literal('proposal'), data: proposalSchema }).strict(),
  z.object({ kind: z.literal('risk'), data: riskAssessmentSchema }).strict(),
  z.object({ kind: z.literal('execution'), data: executionSchema }).strict(),
  z.object({ kind: z.literal('notification'), data: notificationSchema }).strict(),
]);
export type LedgerChange = z.infer<typeof ledgerChangeSchema>;

/** The body of one log line, after `seq` and `prev`. Format 1. */
export const ledgerBodySchema = z
  .object({
    seq: z.number().int().min(1),
    prev: z.string().regex(/^[0-9a-f]{64}$/),
    v: z.literal(1),
    at: z.string(),
    changes: z.array(ledgerChangeSchema).min(1),
  })
  .strict();
export type LedgerBody = z.infer<typeof ledgerBodySchema>;

/** Everything the ledger holds, as a snapshot stores it. */
export interface LedgerCollections {
  payments: Payment[];
  proposals: Proposal[];
  riskAssessments: RiskAssessment[];
  executions: Execution[];
  notifications: Notification[];
}

export const ledgerCollectionsSchema = z
  .object({
    payments: z.array(paymentSchema),
    proposals: z.array(proposalSchema),
    riskAssessments: z.array(riskAssessmentSchema),
    executions: z.array(executionSchema),
    notifications: z.array(notificationSchema),
  })
  .strict();

export const COLLECTION_NAMES = [
  'payments',
  'proposals',
  'riskAssessments',
  'executions',
  'notifications',
] as const satisfies readonly (keyof LedgerCollections)[];
