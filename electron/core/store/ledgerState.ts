import type { Execution } from '../../../shared/schemas/execution';
import type { Notification } from '../../../shared/schemas/notification';
import type { Payment } from '../../../shared/schemas/payment';
import type { Proposal } from '../../../shared/schemas/proposal';
import type { RiskAssessment } from '../../../shared/schemas/risk';
import type { LedgerChange, LedgerCollections } from './ledgerRecords';

/** The in-memory collections every ledger backend reads from (see LedgerBackend). */
export interface LedgerState {
  readonly payments: Map<string, Payment>;
  readonly proposals: Map<string, Proposal>;
  readonly riskAssessments: RiskAssessment[];
  readonly riskById: Map<string, RiskAssessment>;
  readonly executions: Execution[];
  readonly notifications: Notification[];
}

/** Fills empty collections with a snapshot's (or a database's) contents. */
export function loadCollections(state: LedgerState, data: LedgerCollections): void {
  for (const payment of data.payments) state.payments.set(payment.id, payment);
  for (const proposal of data.proposals) state.proposals.set(proposal.id, proposal);
  for (const assessment of data.riskAssessments) {
    state.riskAssessments.push(assessment);
    state.riskById.set(assessment.id, assessment);
  }
  for (const execution of data.executions) state.executions.push(execution);
  for (const notification of data.notifications) state.notifications.push(notification);
}

/**
 * Applies one committed change: payments and proposals are replaced by id, the other
 * kinds are facts added in order.
 */
export function applyChange(state: LedgerState, change: LedgerChange): void {
  switch (change.kind) {
    case 'payment':
      state.payments.set(change.data.id, change.data);
      break;
    case 'proposal':
      state.proposals.set(change.data.id, change.data);
      break;
    case 'risk':
      state.riskAssessments.push(change.data);
      state.riskById.set(change.data.id, change.data);
      break;
    case 'execution':
      state.executions.push(change.data);
      break;
    case 'notification':
      state.notifications.push(change.data);
      break;
  }
}
