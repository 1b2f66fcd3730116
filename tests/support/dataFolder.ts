import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Payment } from '../../shared/schemas/payment';
import type { RiskAssessment } from '../../shared/schemas/risk';

export { sampleAssessment, samplePayment } from './samples';

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
