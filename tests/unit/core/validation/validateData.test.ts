import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore } from '../../../../electron/core/createCore';
import { executionIdFor, occurrenceKey } from '../../../../electron/core/execution/idempotency';
import { GUARDIAN_ENGINE } from '../../../../electron/core/guardian/guardianAgent';
import type { Execution } from '../../../../shared/schemas/execution';
import { sampleAssessment, samplePayment, seededDataFolder } from '../../../support/dataFolder';
import { ManualClock } from '../../../support/manualClock';

const folders: { remove(): void }[] = [];
afterEach(() => folders.splice(0).forEach((folder) => folder.remove()));

const at = '2026-11-06T14:00:00.000Z';

function execution(paymentId: string, status: Execution['status']): Execution {
  const key = occurrenceKey(paymentId, at);
  return {
    id: executionIdFor(key),
    paymentId,
    occurrenceAt: at,
    idempotencyKey: key,
    attempt: 1,
    status,
    amount: '10',
    currency: 'USDC',
    startedAt: at,
    finishedAt: status === 'started' ? null : at,
    transferId: status === 'succeeded' ? 'sim_1' : null,
    error: null,
    ...(status === 'skipped' ? { skipReason: 'user' as const } : {}),
  };
}

async function validate(setup: (dataDir: string) => void) {
  const ours = (id: string) => ({ ...sampleAssessment(id), engine: GUARDIAN_ENGINE });
  const folder = seededDataFolder({
    payments: [
      samplePayment('pay_twice'),
      samplePayment('pay_unjournaled'),
      samplePayment('pay_denied', { status: 'cancelled' }),
      samplePayment('pay_unconfirmed', { status: 'scheduled', nextRunAt: at }),
    ],
    assessments: [
      ours('pay_twice'),
      ours('pay_unjournaled'),
      { ...ours('pay_denied'), outcome: 'denied' },
      { ...ours('pay_unconfirmed'), outcome: 'needs_confirmation' },
    ],
  });
  folders.push(folder);
  setup(folder.path);
  const core = await openCore({
    dataDir: folder.path,
    owner: 'the validator test',
    clock: new ManualClock(),
    log: () => undefined,
  });
  try {
    const result = await core.invoke('system:validate', {});
    if (!result.ok) throw new Error(result.error.message);
    return result.data;
  } finally {
    await core.close();
  }
}

describe('SyncValidator (system:validate)', () => {
  it('reports every money-path invariant the data breaks', async () => {
    const report = await validate((dataDir) => {
      const lines = [
        execution('pay_twice', 'started'),
        execution('pay_twice', 'succeeded'),
        execution('pay_twice', 'succeeded'),
        execution('pay_denied', 'succeeded'),
      ].map((data) => `${JSON.stringify({ v: 1, data })}\n`);
      appendFileSync(join(dataDir, 'execution_journal.jsonl'), lines.join(''));
    });
    expect(report.ok).toBe(false);
    const messages = report.problems.map((problem) => `${problem.recordId}: ${problem.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        `pay_twice@${at}: executed 2 times`,
        'pay_denied: was executed without an approving risk assessment',
        'pay_unjournaled: is executed but the execution journal has no entry for it',
        'pay_unconfirmed: is scheduled on risk assessment risk_pay_unconfirmed, which did not approve it (needs_confirmation)',
      ]),
    );
    expect(report.problems).toHaveLength(4);
  });

  it('names a run both skipped and submitted; a skipped run alone needs no approval', async () => {
    const report = await validate((dataDir) => {
      const lines = [
        execution('pay_twice', 'skipped'),
        execution('pay_twice', 'started'),
        execution('pay_twice', 'succeeded'),
        execution('pay_denied', 'skipped'),
      ].map((data) => `${JSON.stringify({ v: 1, data })}\n`);
      appendFileSync(join(dataDir, 'execution_journal.jsonl'), lines.join(''));
    });
    const messages = report.problems.map((problem) => `${problem.recordId}: ${problem.message}`);
    expect(messages).toContain(`pay_twice@${at}: was both skipped and submitted for payment`);
    expect(messages.filter((message) => message.startsWith('pay_denied'))).toEqual([]);
  });
});
