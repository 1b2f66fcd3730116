import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { balanceSchema } from '../../shared/schemas/balance';
import type { Execution } from '../../shared/schemas/execution';
import type { Payment } from '../../shared/schemas/payment';
import type { RiskAssessment } from '../../shared/schemas/risk';
import type { QuerySources } from '../../electron/core/agents/queryFacts';
import { seedDir } from './dataFolder';
import { demoUsers } from './intentCorpus';

/** QuerySources over the demo users and balances plus the given ledger, all in memory. */
export function memorySources(ledger: {
  payments?: Payment[];
  assessments?: RiskAssessment[];
  executions?: Execution[];
}): QuerySources {
  const users = demoUsers();
  const balances = z
    .object({ data: z.array(balanceSchema) })
    .parse(JSON.parse(readFileSync(join(seedDir, 'balances.json'), 'utf8'))).data;
  return {
    users: () => users,
    balancesFor: (userId) => balances.filter((balance) => balance.userId === userId),
    payments: () => ledger.payments ?? [],
    riskAssessment: (id) => ledger.assessments?.find((assessment) => assessment.id === id),
    executionsFor: (paymentId) =>
      (ledger.executions ?? []).filter((execution) => execution.paymentId === paymentId),
  };
}

/** A finished attempt of one occurrence. */
export function sampleExecution(paymentId: string, overrides: Partial<Execution> = {}): Execution {
  return {
    id: `exec_${paymentId}`,
    paymentId,
    occurrenceAt: '2026-11-02T14:00:00.000Z',
    idempotencyKey: `key_${paymentId}_1`,
    attempt: 1,
    status: 'succeeded',
    amount: '10',
    currency: 'USDC',
    startedAt: '2026-11-02T14:00:00.000Z',
    finishedAt: '2026-11-02T14:00:01.000Z',
    transferId: 'transfer_1',
    error: null,
    ...overrides,
  };
}
