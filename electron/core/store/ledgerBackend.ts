import type { Execution } from '../../../shared/schemas/execution';
import type { Notification } from '../../../shared/schemas/notification';
import type { Payment } from '../../../shared/schemas/payment';
import type { Proposal } from '../../../shared/schemas/proposal';
import type { RiskAssessment } from '../../../shared/schemas/risk';
import type { ChainHead } from './chainedLog';
import type { LedgerChange } from './ledgerRecords';

/**
 * What the repositories (payments, proposals, journals) need from a ledger store, and so
 * what a second store must provide to plug in beside the file ledger (LedgerStore):
 *
 * - reads of committed state, kept in memory and current (a change shows once durable);
 * - `commit`: changes as one durable, hash-chained record, all or nothing;
 * - `together`: a command's commits as one record, its reads not seeing its own changes;
 * - `afterCommit`: announcements that wait for the command's record;
 * - `subscribe`: every change once, in commit order, after it is durable.
 */
export interface LedgerBackend {
  readonly payments: ReadonlyMap<string, Payment>;
  readonly proposals: ReadonlyMap<string, Proposal>;
  readonly riskAssessments: readonly RiskAssessment[];
  readonly riskById: ReadonlyMap<string, RiskAssessment>;
  /** Journal entries in commit order. */
  readonly executions: readonly Execution[];
  readonly notifications: readonly Notification[];
  /** The last committed record of the hash chain. */
  readonly head: ChainHead;
  subscribe(listener: (change: LedgerChange) => void): () => void;
  commit(changes: readonly LedgerChange[]): Promise<void>;
  together<T>(work: () => Promise<T>): Promise<T>;
  afterCommit(announce: () => void): void;
  close(): Promise<void>;
}
