import { z } from 'zod';
import { executionSchema, type Execution } from '../../../shared/schemas/execution';
import { notificationSchema, type Notification } from '../../../shared/schemas/notification';
import { paymentSchema, type Payment } from '../../../shared/schemas/payment';
import { proposalSchema, type Proposal } from '../../../shared/schemas/proposal';
import { riskAssessmentSchema, type RiskAssessment } from '../../../shared/schemas/risk';
import { CoreError } from '../errors';
import { describeIssue } from './corruption';

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

/**
 * The change as its schema parses it, or an error that writes nothing: every ledger
 * backend checks each change before any of a commit is written.
 */
export function checkedChange(change: LedgerChange): LedgerChange {
  const result = ledgerChangeSchema.safeParse(change);
  if (result.success) return result.data;
  throw new CoreError(
    'internal',
    `ArcFlux did not save ${change.kind} ${describeId(change)} because it is invalid (${describeIssue(result.error, '')}). Nothing was written; this is a bug, please report it with the log.`,
  );
}

function describeId(change: LedgerChange): string {
  const id = (change.data as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' ? id.slice(0, 64) : '(without an id)';
}

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
