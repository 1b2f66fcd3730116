import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Balance } from '../../../../shared/schemas/balance';
import { executionSchema, type Execution } from '../../../../shared/schemas/execution';
import { notificationSchema } from '../../../../shared/schemas/notification';
import { paymentSchema, type Payment } from '../../../../shared/schemas/payment';
import { proposalSchema } from '../../../../shared/schemas/proposal';
import { riskAssessmentSchema } from '../../../../shared/schemas/risk';
import type { User } from '../../../../shared/schemas/user';
import { generateLedger, type LedgerChunk } from '../../../../electron/core/demo/generateLedger';
import { occurrencesBetween } from '../../../../electron/core/schedule/occurrences';
import { settlePayment } from '../../../../electron/core/scheduler/settle';
import { JournalView } from '../../../../electron/core/execution/journalView';
import { seedDir } from '../../../support/dataFolder';

const users = seed<User>('users.json');
const balances = seed<Balance>('balances.json');
// Whole minutes, so the instants read as a clock would show them; relative to today.
const NOW = new Date(Math.floor(Date.now() / 60_000) * 60_000);

function generate(payments: number, transfers: number, seed = 1, now = NOW) {
  return [
    ...generateLedger({
      payments,
      transfers,
      seed,
      now,
      users,
      balances,
      actingUserId: 'user1',
      policy: {
        confirmAbove: '500',
        proposalTtlSeconds: 600,
        limits: { perPayment: '10000', daily: '15000', monthly: '50000' },
      },
      undoSeconds: 10,
      chunkSize: 50,
    }),
  ];
}

function merged(chunks: readonly LedgerChunk[]) {
  return {
    payments: chunks.flatMap((chunk) => chunk.payments),
    riskAssessments: chunks.flatMap((chunk) => chunk.riskAssessments),
    proposals: chunks.flatMap((chunk) => chunk.proposals),
    executions: chunks.flatMap((chunk) => chunk.executions),
    notifications: chunks.flatMap((chunk) => chunk.notifications),
    transfers: chunks.reduce((sum, chunk) => sum + chunk.transfers, 0),
  };
}

/** The latest journal line per execution id: the transfers. */
function transfersOf(executions: readonly Execution[]): Execution[] {
  return [...new Map(executions.map((line) => [line.id, line])).values()];
}

// Generating thousands of records takes seconds on a busy shared machine.
describe('generateLedger', { timeout: 60_000 }, () => {
  const chunks = generate(400, 4_000);
  const ledger = merged(chunks);

  it('makes exactly the payments and transfers asked for, in chunks of the given size', () => {
    expect(ledger.payments).toHaveLength(400);
    expect(ledger.transfers).toBe(4_000);
    expect(transfersOf(ledger.executions)).toHaveLength(4_000);
    expect(chunks).toHaveLength(8);
    expect(chunks[0]?.users).toEqual(users);
    expect(chunks[0]?.balances).toEqual(balances);
    expect(chunks[1]?.users).toBeUndefined();
  });

  it('writes only records the schemas accept', () => {
    for (const payment of ledger.payments) paymentSchema.parse(payment);
    for (const assessment of ledger.riskAssessments) riskAssessmentSchema.parse(assessment);
    for (const proposal of ledger.proposals) proposalSchema.parse(proposal);
    for (const line of ledger.executions) executionSchema.parse(line);
    for (const notification of ledger.notifications) notificationSchema.parse(notification);
  });

  it('has the mix of a ledger in use: one-offs, schedules of each cadence, paused, cancelled, missed, failed', () => {
    const statuses = new Set(
      ledger.payments.map((payment) => `${payment.status}${payment.paused ? '+paused' : ''}`),
    );
    for (const status of [
      'executed',
      'failed',
      'scheduled',
      'scheduled+paused',
      'cancelled',
      'missed',
      'denied',
      'pending_confirmation',
    ]) {
      expect(statuses).toContain(status);
    }
    const rules = new Set(
      ledger.payments.flatMap((payment) =>
        payment.schedule.kind === 'recurring' ? [payment.schedule.rrule.split(';')[0]] : [],
      ),
    );
    expect(rules).toEqual(new Set(['FREQ=DAILY', 'FREQ=WEEKLY', 'FREQ=MONTHLY']));
    expect(ledger.payments.some((payment) => payment.schedule.kind === 'once')).toBe(true);
    const transfers = transfersOf(ledger.executions);
    expect(new Set(transfers.map((transfer) => transfer.currency))).toEqual(
      new Set(['USDC', 'EURC']),
    );
    const failed = transfers.filter((transfer) => transfer.status === 'failed');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.length).toBeLessThan(transfers.length / 10);
    expect(transfers.every((transfer) => transfer.status !== 'started')).toBe(true);
  });

  it("puts every run at one of its schedule's occurrences, in the past, each once, with a transfer id when paid", () => {
    const byId = new Map(ledger.payments.map((payment) => [payment.id, payment]));
    const runsOf = new Map<string, Set<string>>();
    for (const payment of ledger.payments) {
      if (payment.schedule.kind !== 'recurring') continue;
      const before = new Date(Date.parse(payment.schedule.firstRun) - 1).toISOString();
      const runs = occurrencesBetween(payment.schedule, before, NOW.toISOString(), 5_000);
      runsOf.set(payment.id, new Set(runs));
    }
    const succeeded = new Set<string>();
    for (const transfer of transfersOf(ledger.executions)) {
      const payment = byId.get(transfer.paymentId) as Payment;
      expect(transfer.occurrenceAt <= NOW.toISOString()).toBe(true);
      expect(transfer.startedAt >= transfer.occurrenceAt).toBe(true);
      expect(transfer.amount).toBe(payment.amount);
      expect(transfer.currency).toBe(payment.currency);
      if (payment.schedule.kind === 'recurring') {
        expect(runsOf.get(payment.id)?.has(transfer.occurrenceAt)).toBe(true);
      }
      if (transfer.status === 'succeeded') {
        expect(transfer.transferId).toMatch(/^sim_/);
        expect(succeeded.has(transfer.id)).toBe(false);
        succeeded.add(transfer.id);
      }
    }
  });

  it('leaves each payment as the scheduler would: settled, next runs still to come, missed runs held', () => {
    const view = new JournalView({ entries: () => ledger.executions });
    const now = NOW.toISOString();
    for (const payment of ledger.payments) {
      // Bringing the row up to date with its journal changes nothing.
      expect(settlePayment(payment, view, now)).toBe(payment);
      if (payment.status === 'scheduled' && !payment.paused) {
        expect(payment.nextRunAt! > now).toBe(true);
      }
      if (payment.status === 'missed') {
        expect(payment.missedRuns?.length).toBeGreaterThan(0);
        expect(payment.missedRuns!.every((at) => at < now)).toBe(true);
        expect(payment.nextRunAt! > now).toBe(true);
      }
      expect(payment.createdAt <= payment.updatedAt).toBe(true);
      expect(payment.updatedAt <= now).toBe(true);
    }
  });

  it('gives every payment a risk record, and every payment that may run an approving one', () => {
    const assessments = new Map(ledger.riskAssessments.map((record) => [record.id, record]));
    for (const payment of ledger.payments) {
      const assessment = assessments.get(payment.riskAssessmentId ?? '');
      expect(assessment?.paymentId).toBe(payment.id);
      if (['scheduled', 'executed', 'failed', 'missed'].includes(payment.status)) {
        expect(assessment?.outcome).toBe('approved');
      }
    }
    for (const proposal of ledger.proposals) {
      expect(assessments.get(proposal.riskAssessmentId)?.outcome).toBe('needs_confirmation');
    }
    expect(ledger.proposals.filter((proposal) => proposal.status === 'pending')).toHaveLength(1);
  });

  it('is the same for the same seed and clock, and differs for another seed', () => {
    const once = merged(generate(200, 2_000));
    expect(merged(generate(200, 2_000))).toEqual(once);
    expect(merged(generate(200, 2_000, 2)).payments).not.toEqual(once.payments);
  });

  it('places everything relative to the clock it is given', () => {
    const later = new Date(NOW.getTime() + 40 * 86_400_000);
    const moved = merged(generate(200, 2_000, 1, later));
    const latest = (records: readonly { createdAt: string }[]) =>
      records.reduce((max, record) => (record.createdAt > max ? record.createdAt : max), '');
    expect(latest(moved.payments) > NOW.toISOString()).toBe(true);
    expect(latest(moved.payments) <= later.toISOString()).toBe(true);
  });

  it('makes no transfers when asked for none, and refuses more than the payments can hold', () => {
    const none = merged(generate(50, 0));
    expect(none.payments).toHaveLength(50);
    expect(none.executions).toHaveLength(0);
    expect(() => generate(2, 100_000)).toThrow(/can't have made 100000 transfers/);
  });
});

function seed<T>(file: string): T[] {
  return (JSON.parse(readFileSync(join(seedDir, file), 'utf8')) as { data: T[] }).data;
}
