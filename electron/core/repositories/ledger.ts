import { mkdir, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { executionSchema } from '../../../shared/schemas/execution';
import { notificationSchema } from '../../../shared/schemas/notification';
import { paymentSchema } from '../../../shared/schemas/payment';
import { proposalSchema } from '../../../shared/schemas/proposal';
import { riskAssessmentSchema } from '../../../shared/schemas/risk';
import type { Clock } from '../clock';
import { LEGACY_LEDGER_FILES } from '../dataFolder';
import { JsonDocument, JsonLinesLog } from '../store';
import { syncDirectory } from '../store/atomicFile';
import { compactStamp } from '../store/corruption';
import { errorCode, exists } from '../store/files';
import type { LedgerCollections } from '../store/ledgerRecords';
import { LEDGER_FILES, LedgerStore, type LedgerOptions } from '../store/ledgerStore';
import type { LedgerBackend } from '../store/ledgerBackend';
import { journalsOf } from './journals';
import { PaymentsRepository } from './payments';
import { ProposalsRepository } from './proposals';

export interface LedgerOpenOptions extends LedgerOptions {
  /** The folder was just filled from the demo seed: its old-format files need no backup. */
  seeded?: boolean;
}

/**
 * Opens the ledger store and the repositories over it. A data folder written by an
 * earlier ArcFlux (payment_schedule.json, proposals.json and three .jsonl logs) is
 * migrated on first start: loaded through the old formats' checks, written as the first
 * snapshot, and only then moved into `backup-<time>/`, so a crash at any point leaves
 * either the old files or a complete ledger (a restart finishes the move).
 */
export async function openLedger(dataDir: string, clock: Clock, options: LedgerOpenOptions = {}) {
  const store = await LedgerStore.open(
    dataDir,
    clock,
    () => readLegacyLedger(dataDir, clock),
    options,
  );
  await moveLegacyFiles(dataDir, clock, options.seeded === true);
  return ledgerOver(store);
}

/** The repositories over a ledger store, whichever kind it is. */
export function ledgerOver<Store extends LedgerBackend>(store: Store) {
  return {
    store,
    payments: new PaymentsRepository(store),
    proposals: new ProposalsRepository(store),
    journals: journalsOf(store),
  };
}
export type Ledger = ReturnType<typeof ledgerOver<LedgerBackend>>;

/**
 * The contents of the old-format files. payment_schedule.json must exist (a folder that
 * has lost its ledger is reported, never restarted empty); the others start empty.
 */
async function readLegacyLedger(dataDir: string, clock: Clock): Promise<LedgerCollections> {
  const files = LEGACY_LEDGER_FILES;
  const payments = await JsonDocument.open(
    dataDir,
    { file: files.payments, version: 1, schema: z.array(paymentSchema) },
    clock,
  );
  const hasProposals = await exists(join(dataDir, files.proposals));
  const [riskAssessments, executions, notifications] = await Promise.all([
    JsonLinesLog.open(
      dataDir,
      { file: files.riskAssessments, version: 1, schema: riskAssessmentSchema },
      clock,
    ),
    JsonLinesLog.open(
      dataDir,
      { file: files.executions, version: 1, schema: executionSchema },
      clock,
    ),
    JsonLinesLog.open(
      dataDir,
      { file: files.notifications, version: 1, schema: notificationSchema },
      clock,
    ),
  ]);
  return {
    payments: [...payments.value],
    proposals: !hasProposals
      ? []
      : [
          ...(
            await JsonDocument.open(
              dataDir,
              { file: files.proposals, version: 1, schema: z.array(proposalSchema) },
              clock,
            )
          ).value,
        ],
    riskAssessments: [...riskAssessments.records],
    executions: [...executions.records],
    notifications: [...notifications.records],
  };
}

async function moveLegacyFiles(dataDir: string, clock: Clock, seeded: boolean): Promise<void> {
  const present: string[] = [];
  for (const name of Object.values(LEGACY_LEDGER_FILES)) {
    // Checked, not read: at first start these may be gigabytes.
    if (await exists(join(dataDir, name))) present.push(name);
  }
  if (present.length === 0) return;
  if (seeded) {
    for (const name of present) await unlink(join(dataDir, name));
    await syncDirectory(dataDir);
    return;
  }
  const backup = join(dataDir, `backup-${compactStamp(clock.now())}-before-ledger`);
  await mkdir(backup, { recursive: true, mode: 0o700 });
  for (const name of present) {
    try {
      await rename(join(dataDir, name), join(backup, name));
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') throw error;
    }
  }
  await syncDirectory(backup);
  await syncDirectory(dataDir);
}

export { LEDGER_FILES };
