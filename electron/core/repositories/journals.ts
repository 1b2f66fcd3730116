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

  /**
   * Current state of each notification. Lines are written by two independent writers
   * (the user marking it read, the delivery pass sending it), each from the state it
   * last saw, so the fold makes both facts sticky instead of trusting the last line:
   * once read it stays read, and a finished delivery is never undone by a stale line.
   */
  list(): Notification[] {
    const folded = new Map<string, Notification>();
    for (const entry of this.log.records) {
      const previous = folded.get(entry.id);
      folded.set(entry.id, previous ? foldNotification(previous, entry) : entry);
    }
    return [...folded.values()];
  }

  /** Appends one notification or a batch (one write, one fsync). */
  record(notifications: Notification | readonly Notification[]): Promise<void> {
    return this.log.append(notifications);
  }
}

function foldNotification(previous: Notification, next: Notification): Notification {
  const deliveries = new Map((previous.deliveries ?? []).map((each) => [each.channel, each]));
  for (const delivery of next.deliveries ?? []) {
    const known = deliveries.get(delivery.channel);
    if (!known || known.status === 'pending' || delivery.status !== 'pending') {
      deliveries.set(delivery.channel, delivery);
    }
  }
  return {
    ...next,
    readAt: previous.readAt ?? next.readAt,
    ...(deliveries.size > 0 ? { deliveries: [...deliveries.values()] } : {}),
  };
}
