import { describe, expect, it } from 'vitest';
import type { Execution } from '../../../../shared/schemas/execution';
import { executionSchema } from '../../../../shared/schemas/execution';
import type {
  PaymentConnector,
  TransferRequest,
} from '../../../../electron/core/connectors/connector';
import { ExecutionEngine } from '../../../../electron/core/execution/executionEngine';
import { executionIdFor, occurrenceKey } from '../../../../electron/core/execution/idempotency';
import { JournalView } from '../../../../electron/core/execution/journalView';
import { skippedLines } from '../../../../electron/core/execution/skippedRuns';
import type { UsersRepository } from '../../../../electron/core/repositories/users';
import { ManualClock } from '../../../support/manualClock';
import { samplePayment } from '../../../support/samples';

const NOW = '2026-11-02T14:00:00.000Z';
const RUNS = ['2026-10-30T14:00:00.000Z', '2026-10-31T14:00:00.000Z', '2026-11-01T14:00:00.000Z'];

function journal(initial: Execution[] = []) {
  const entries = [...initial];
  const view = new JournalView({ entries: () => entries });
  return {
    entries,
    view,
    async record(lines: Execution | readonly Execution[]) {
      entries.push(...(Array.isArray(lines) ? lines : [lines as Execution]));
    },
  };
}

describe('skippedLines', () => {
  it('keys each run as a real execution would, once, and leaves runs the journal knows alone', () => {
    const payment = samplePayment('pay_weekly', { amount: '12.5' });
    const [first] = skippedLines(payment, [RUNS[0] as string], 'user', {
      view: journal().view,
      at: NOW,
    });
    const { skipReason: _reason, ...rest } = first!;
    const paid: Execution = { ...rest, status: 'succeeded', transferId: 'tx_1' };
    const { view } = journal([paid]);
    const lines = skippedLines(payment, [...RUNS, RUNS[1] as string], 'not_chosen', {
      view,
      at: NOW,
    });
    expect(lines.map((line) => line.occurrenceAt)).toEqual([RUNS[1], RUNS[2]]);
    const key = occurrenceKey(payment.id, RUNS[1] as string);
    expect(lines[0]).toEqual({
      id: executionIdFor(key),
      paymentId: payment.id,
      occurrenceAt: RUNS[1],
      idempotencyKey: key,
      attempt: 1,
      status: 'skipped',
      amount: '12.5',
      currency: payment.currency,
      startedAt: NOW,
      finishedAt: NOW,
      transferId: null,
      error: null,
      skipReason: 'not_chosen',
    });
    for (const line of lines) expect(executionSchema.safeParse(line).success).toBe(true);
  });

  it('is refused by the schema without a reason, and a reason on any other status', () => {
    const [line] = skippedLines(samplePayment('pay_1'), [RUNS[0] as string], 'policy', {
      view: journal().view,
      at: NOW,
    });
    const { skipReason: _reason, ...withoutReason } = line!;
    expect(executionSchema.safeParse(withoutReason).success).toBe(false);
    expect(executionSchema.safeParse({ ...line, status: 'failed' }).success).toBe(false);
  });
});

describe('ExecutionEngine and skipped runs', () => {
  it('never submits a skipped run: neither one in the journal nor one skipped in the same batch', async () => {
    const payment = samplePayment('pay_weekly', { recipientId: 'user2' });
    const requests: TransferRequest[] = [];
    const connector = {
      kind: 'simulated',
      async transfer(request: TransferRequest) {
        requests.push(request);
        return { status: 'succeeded', transferId: `tx_${requests.length}` };
      },
    } as unknown as PaymentConnector;
    const users = {
      find: (id: string) => ({ id, walletId: `w_${id}`, walletAddress: null }),
    } as unknown as UsersRepository;
    const earlier = skippedLines(payment, [RUNS[0] as string], 'paused', {
      view: journal().view,
      at: NOW,
    });
    const store = journal(earlier);
    const engine = new ExecutionEngine({
      journal: store,
      view: store.view,
      connector,
      users,
      clock: new ManualClock(NOW),
      sleep: async () => undefined,
      retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
      concurrency: 4,
    });
    const now = skippedLines(payment, [RUNS[1] as string], 'policy', { view: store.view, at: NOW });
    const finished = await engine.run(
      RUNS.map((occurrenceAt) => ({ payment, occurrenceAt })),
      [{ payment, occurrenceAt: RUNS[1] as string, failure: 'limit_exceeded', message: 'no' }],
      now,
    );
    expect(requests.map((request) => request.idempotencyKey)).toEqual([
      occurrenceKey(payment.id, RUNS[2] as string),
    ]);
    expect(finished.map((line) => [line.occurrenceAt, line.status])).toEqual([
      [RUNS[2], 'succeeded'],
    ]);
    const latest = new Map(store.entries.map((line) => [line.occurrenceAt, line.status]));
    expect([...latest]).toEqual([
      [RUNS[0], 'skipped'],
      [RUNS[2], 'succeeded'],
      [RUNS[1], 'skipped'],
    ]);
  });
});
