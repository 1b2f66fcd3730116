import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Payment } from '../../shared/schemas/payment';
import type { RiskAssessment } from '../../shared/schemas/risk';

export const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));
export const seedDir = join(repositoryRoot, 'data');

/** A fresh temporary folder; call `remove` when done. */
export function temporaryFolder(prefix = 'arcflux-test-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/**
 * A data folder holding the demo seed plus the given ledger, as the app would have left
 * it: every payment that passed the Guardian has its risk record.
 */
export function seededDataFolder(
  ledger: { payments?: Payment[]; assessments?: RiskAssessment[] } = {},
) {
  const folder = temporaryFolder('arcflux-data-');
  cpSync(seedDir, folder.path, { recursive: true });
  writeFileSync(
    join(folder.path, 'payment_schedule.json'),
    `${JSON.stringify({ schemaVersion: 1, data: ledger.payments ?? [] }, null, 2)}\n`,
  );
  const lines = (ledger.assessments ?? []).map((data) => `${JSON.stringify({ v: 1, data })}\n`);
  writeFileSync(join(folder.path, 'risk_assessments.jsonl'), lines.join(''));
  return folder;
}

/** A payment row with sensible defaults, for building ledgers in tests. */
export function samplePayment(id: string, overrides: Partial<Payment> = {}): Payment {
  return {
    id,
    userId: 'user1',
    recipientId: 'user2',
    amount: '10',
    currency: 'USDC',
    schedule: { kind: 'once', runAt: null },
    status: 'executed',
    nextRunAt: null,
    timezone: 'America/New_York',
    missedRunPolicy: 'ask',
    paused: false,
    sourceText: `Pay User Two 10 USDC (${id})`,
    riskAssessmentId: `risk_${id}`,
    createdAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-01T00:00:00.000Z',
    ...overrides,
  };
}

/** The risk record that `samplePayment(id)` points at. */
export function sampleAssessment(paymentId: string): RiskAssessment {
  return {
    id: `risk_${paymentId}`,
    createdAt: '2026-11-01T00:00:00.000Z',
    userId: 'user1',
    paymentId,
    request: 'Pay User Two 10 USDC',
    intent: { kind: 'confirm' },
    features: { amount: '10', whitelisted: true },
    rules: [
      { name: 'whitelisted_recipient', level: 'safe', explanation: 'User Two is whitelisted.' },
    ],
    score: 0.05,
    outcome: 'approved',
    engine: 'rules',
    verification: 'verified',
  };
}
