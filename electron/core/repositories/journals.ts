import { executionSchema, type Execution } from '../../../shared/schemas/execution';
import { notificationSchema, type Notification } from '../../../shared/schemas/notification';
import { riskAssessmentSchema, type RiskAssessment } from '../../../shared/schemas/risk';
import type { Clock } from '../clock';
import { DATA_FILES } from '../dataFolder';
import { JsonLinesLog } from '../store';

/**
 * The append-only logs. Each line is one fact, fsync'd before the call returns, so the
 * audit trail survives any crash. Reads fold the facts into current state.
 */
export async function openJournals(dataDir: string, clock: Clock) {
  const [riskAssessments, executions, notifications] = await Promise.all([
    JsonLinesLog.open(
      dataDir,
      { file: DATA_FILES.riskAssessments, version: 1, schema: riskAssessmentSchema },
      clock,
    ),
    JsonLinesLog.open(
      dataDir,
      { file: DATA_FILES.executions, version: 1, schema: executionSchema },
      clock,
    ),
    JsonLinesLog.open(
      dataDir,
      { file: DATA_FILES.notifications, version: 1, schema: notificationSchema },
      clock,
    ),
  ]);
  return {
    riskAssessments: new RiskAssessmentsRepository(riskAssessments),
    executions: new ExecutionsRepository(executions),
    notifications: new NotificationsRepository(notifications),
  };
}
export type Journals = Awaited<ReturnType<typeof openJournals>>;

export class RiskAssessmentsRepository {
  constructor(private readonly log: JsonLinesLog<RiskAssessment>) {}

  list(): readonly RiskAssessment[] {
    return this.log.records;
  }

  find(id: string): RiskAssessment | undefined {
    return this.log.records.find((assessment) => assessment.id === id);
  }

  append(assessment: RiskAssessment): Promise<void> {
    return this.log.append(assessment);
  }
}

/**
 * The execution journal holds one line per state change of an attempt: `started` before
 * the connector is called, then the result. The latest line for an id is its state.
 */
export class ExecutionsRepository {
  constructor(private readonly log: JsonLinesLog<Execution>) {}

  /** Every attempt in its latest state, in the order attempts were started. */
  list(): Execution[] {
    const latest = new Map<string, Execution>();
    for (const entry of this.log.records) latest.set(entry.id, entry);
    return [...latest.values()];
  }

  forPayment(paymentId: string): Execution[] {
    return this.list().filter((execution) => execution.paymentId === paymentId);
  }

  /** Every journal line, for audits that need the history rather than the state. */
  entries(): readonly Execution[] {
    return this.log.records;
  }

  record(entries: Execution | readonly Execution[]): Promise<void> {
    return this.log.append(entries);
  }
}

export class NotificationsRepository {
  constructor(private readonly log: JsonLinesLog<Notification>) {}

  /** Latest state of each notification (a later line may mark it read). */
  list(): Notification[] {
    const latest = new Map<string, Notification>();
    for (const entry of this.log.records) latest.set(entry.id, entry);
    return [...latest.values()];
  }

  record(notification: Notification): Promise<void> {
    return this.log.append(notification);
  }
}
