import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeLog } from '../../electron/core/store/chainedLog';
import type { LedgerBody, LedgerCollections } from '../../electron/core/store/ledgerRecords';
import { decodeSnapshot, EMPTY_SNAPSHOT } from '../../electron/core/store/ledgerSnapshot';
import { openLedger } from '../../electron/core/repositories/ledger';
import type { Clock } from '../../electron/core/clock';

/**
 * What a data folder's ledger holds on disk, read straight from its files (snapshot plus
 * log), without opening a core: for tests that check what reached the disk. Journal
 * entries come in the order they were written, as the store replays them.
 */
export function readLedgerFiles(dataDir: string): LedgerCollections & { records: number } {
  // A folder no core has opened yet has no ledger: it is empty, not broken.
  if (!existsSync(join(dataDir, 'ledger.json'))) {
    return { ...EMPTY_SNAPSHOT.data, records: 0 };
  }
  const snapshot = decodeSnapshot(readFileSync(join(dataDir, 'ledger.json')), {
    checkRecords: true,
  });
  const logPath = join(dataDir, 'ledger.jsonl');
  const { records } = decodeLog<LedgerBody>(
    existsSync(logPath) ? readFileSync(logPath) : Buffer.alloc(0),
    snapshot.covers,
  );
  const data = snapshot.data;
  const payments = new Map(data.payments.map((row) => [row.id, row]));
  const proposals = new Map(data.proposals.map((row) => [row.id, row]));
  const result = {
    riskAssessments: [...data.riskAssessments],
    executions: [...data.executions],
    notifications: [...data.notifications],
  };
  let count = 0;
  for (const record of records) {
    if (record.seq <= snapshot.covers.seq) continue;
    count += 1;
    for (const change of record.body.changes) {
      if (change.kind === 'payment') payments.set(change.data.id, change.data);
      else if (change.kind === 'proposal') proposals.set(change.data.id, change.data);
      else if (change.kind === 'risk') result.riskAssessments.push(change.data);
      else if (change.kind === 'execution') result.executions.push(change.data);
      else result.notifications.push(change.data);
    }
  }
  return {
    payments: [...payments.values()],
    proposals: [...proposals.values()],
    ...result,
    records: count,
  };
}

/**
 * Changes the ledger of a closed data folder the way another writer would: through the
 * store, so the change is a properly chained record rather than an edit the hash rejects.
 */
export async function changeLedger(
  dataDir: string,
  clock: Clock,
  change: (ledger: Awaited<ReturnType<typeof openLedger>>) => Promise<void>,
): Promise<void> {
  const ledger = await openLedger(dataDir, clock);
  try {
    await change(ledger);
  } finally {
    await ledger.store.close();
  }
}
