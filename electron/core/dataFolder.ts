import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './store';
import { exists } from './store/files';

/** Every file the core keeps in a data folder. */
export const DATA_FILES = {
  users: 'users.json',
  balances: 'balances.json',
  settings: 'settings.json',
  /** The ledger store: snapshot and the log after it (store/ledgerStore.ts). */
  ledgerSnapshot: 'ledger.json',
  ledgerLog: 'ledger.jsonl',
  simulatedNetwork: 'simulated_network.jsonl',
  /** The last good EUR/USD rate with its date (market/rateCache.ts). */
  marketRate: 'market_rate.json',
  /** Hashes of household members' personal tokens (household/personalTokens.ts). */
  householdTokens: 'household_tokens.json',
} as const;

/**
 * Where an earlier ArcFlux kept the ledger, one file per collection. A folder holding
 * them is migrated into the ledger store on first start (repositories/ledger.ts).
 */
export const LEGACY_LEDGER_FILES = {
  payments: 'payment_schedule.json',
  proposals: 'proposals.json',
  riskAssessments: 'risk_assessments.jsonl',
  executions: 'execution_journal.jsonl',
  notifications: 'notifications.jsonl',
} as const;

/**
 * When the (existing, locked) data folder holds none of our files yet, copies the demo seed
 * in. A folder that already has some files is never re-seeded: a missing ledger there is
 * an error to report, not something to replace with demo data.
 */
export async function prepareDataFolder(
  dataDir: string,
  seedDir: string,
): Promise<{ seeded: boolean }> {
  if (!(await isFresh(dataDir))) return { seeded: false };
  const seedFiles = (await readdir(seedDir)).filter((name) => name.endsWith('.json'));
  for (const name of seedFiles) {
    await writeFileAtomic(join(dataDir, name), await readFile(join(seedDir, name)));
  }
  return { seeded: true };
}

async function isFresh(dataDir: string): Promise<boolean> {
  for (const name of [...Object.values(DATA_FILES), ...Object.values(LEGACY_LEDGER_FILES)]) {
    if (await exists(join(dataDir, name))) return false;
  }
  return true;
}
