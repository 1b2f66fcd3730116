import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import pg from 'pg';
import { z } from 'zod';
import { toMinorUnits, fromMinorUnits } from '../../../../shared/money';
import type { Balance } from '../../../../shared/schemas/balance';
import type { Settings } from '../../../../shared/schemas/settings';
import type { User } from '../../../../shared/schemas/user';
import type { StoredToken } from '../../household/storedToken';
import type { Clock } from '../../clock';
import type { Redact } from '../../config/redaction';
import { DATA_FILES, LEGACY_LEDGER_FILES } from '../../dataFolder';
import { CoreError } from '../../errors';
import { decodeLog } from '../chainedLog';
import { describeIssue } from '../corruption';
import { exists } from '../files';
import { ledgerBodySchema, type LedgerBody, type LedgerChange } from '../ledgerRecords';
import { applyChange, loadCollections, type LedgerState } from '../ledgerState';
import { LEDGER_FILES, verifyLedgerFiles } from '../ledgerStore';
import { readSnapshot } from '../ledgerSnapshot';
import { databaseUnavailable } from './databaseErrors';
import {
  balancesTable,
  isEmptyHousehold,
  settingsTable,
  tokensTable,
  usersTable,
} from './householdTables';
import { migrateDatabase } from './migrate';
import type { DocumentTable } from './postgresDocument';
import { PostgresLedgerStore } from './postgresLedgerStore';

export interface MoveInOptions {
  /** The desktop data folder; only ever read. */
  from: string;
  /** The household database; it must hold no household yet. */
  url: string;
  clock: Clock;
  redact: Redact;
  /** Progress and the summary, one line at a time. */
  print: (line: string) => void;
  /** Ledger records per audit record and progress line; BATCH unless a test asks. */
  batchSize?: number;
}

/** What was moved and checked, for the summary and for tests. */
export interface MoveInReport {
  counts: Record<string, number>;
  /** Per currency, in the source and (equal) in the database. */
  sums: Record<string, Record<string, string>>;
  /** The last record of the source's hash chain, verified. */
  chainHead: { seq: number; hash: string };
}

/** How many records go in one audit record (and one progress line). */
const BATCH = 5000;

/**
 * `arcflux migrate`: copies a desktop data folder into an empty household database.
 *
 * The folder is only read: its ledger's hash chain and every record's schema are checked
 * first (as `validate` does), and a folder in an older format is refused rather than
 * upgraded in place. Everything is written in ONE transaction, then counted and summed
 * per currency inside that transaction against the folder's own figures: any difference
 * rolls it all back, so the database ends either holding the whole household or as it
 * was. The ledger arrives as chained audit records of at most BATCH changes each.
 */
export async function moveIn(options: MoveInOptions): Promise<MoveInReport> {
  const { print } = options;
  const source = await readSource(options.from);
  print(
    `Read ${options.from}: the ledger's hash chain is intact up to record ${source.chainHead.seq}.`,
  );
  try {
    await migrateDatabase(options.url, print);
  } catch (error) {
    throw databaseUnavailable(error, options.redact);
  }
  const pool = new pg.Pool({ connectionString: options.url, max: 2 });
  pool.on('error', () => undefined);
  try {
    const session = await pool.connect();
    try {
      const ledger = await PostgresLedgerStore.load(pool, options.clock);
      const report = await ledger.onSession(session, async (write) => {
        await refuseUnlessEmpty(session);
        for (const [table, value] of [
          [usersTable, source.users],
          [balancesTable, source.balances],
          [settingsTable, source.settings],
          [tokensTable, source.tokens],
        ] as [DocumentTable<unknown>, unknown][]) {
          if (value !== undefined) await table.write(session, value);
        }
        const changes = ledgerChanges(source.ledger);
        const batch = options.batchSize ?? BATCH;
        for (let start = 0; start < changes.length; start += batch) {
          await write(changes.slice(start, start + batch));
          if (changes.length > batch) {
            print(
              `  moved ${Math.min(start + batch, changes.length)} of ${changes.length} ledger records`,
            );
          }
        }
        return verify(session, source);
      });
      await ledger.close();
      return report;
    } finally {
      session.release(true);
    }
  } catch (error) {
    if (error instanceof CoreError) throw error;
    throw databaseUnavailable(error, options.redact);
  } finally {
    await pool.end();
  }
}

interface Source {
  users: User[];
  balances: Balance[];
  settings: Settings | undefined;
  /** Personal tokens' hashes (household_tokens.json); none when the folder has no file. */
  tokens: StoredToken[];
  ledger: LedgerState;
  chainHead: { seq: number; hash: string };
}

/** Reads the folder without writing to it: no lock, no upgrade, no repair. */
async function readSource(dir: string): Promise<Source> {
  for (const name of Object.values(LEGACY_LEDGER_FILES)) {
    if (await exists(join(dir, name))) {
      throw new CoreError(
        'invalid_input',
        `${dir} holds ${name}, the ledger format of an earlier ArcFlux. Open it once with this version (for example "arcflux validate --data ${dir}"), which converts it, then run arcflux migrate again. Nothing was changed.`,
      );
    }
  }
  const problems = await verifyLedgerFiles(dir);
  if (problems.length > 0) {
    throw new CoreError(
      'corrupt_data',
      `${dir} does not pass validation: ${problems.map((problem) => `${problem.file} ${problem.message}`).join('; ')}. Fix the folder (arcflux validate --data ${dir} says more) before moving it in. Nothing was changed.`,
    );
  }
  const snapshot = await readSnapshot(await readFile(join(dir, LEDGER_FILES.snapshot)));
  const logPath = join(dir, LEDGER_FILES.log);
  const logBytes = (await exists(logPath)) ? await readFile(logPath) : Buffer.alloc(0);
  const { records } = decodeLog<LedgerBody>(logBytes, snapshot.covers);
  const ledger: LedgerState = {
    payments: new Map(),
    proposals: new Map(),
    riskAssessments: [],
    riskById: new Map(),
    executions: [],
    notifications: [],
  };
  loadCollections(ledger, snapshot.data);
  let chainHead = snapshot.covers;
  for (const record of records) {
    // A fold that stopped before it cut the log leaves records the snapshot covers.
    if (record.seq <= snapshot.covers.seq) continue;
    for (const change of ledgerBodySchema.parse(record.body).changes) applyChange(ledger, change);
    chainHead = { seq: record.seq, hash: record.hash };
  }
  return {
    users: await readDocument(dir, DATA_FILES.users, 1, usersTable),
    balances: await readDocument(dir, DATA_FILES.balances, 1, balancesTable),
    settings: (await exists(join(dir, DATA_FILES.settings)))
      ? await readDocument(dir, DATA_FILES.settings, 3, settingsTable)
      : undefined,
    tokens: (await exists(join(dir, DATA_FILES.householdTokens)))
      ? await readDocument(dir, DATA_FILES.householdTokens, 1, tokensTable)
      : [],
    ledger,
    chainHead,
  };
}

async function readDocument<T>(
  dir: string,
  file: string,
  version: number,
  table: DocumentTable<T>,
): Promise<T> {
  const path = join(dir, file);
  let parsed: unknown;
  try {
    parsed = JSON.parse((await readFile(path, 'utf8')).replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new CoreError(
      'corrupt_data',
      `${path} could not be read as JSON (${(error as Error).message}). Fix or restore it (arcflux validate --data ${dir}) before moving the folder in. Nothing was changed.`,
    );
  }
  const envelope = z.object({ schemaVersion: z.number(), data: z.unknown() }).safeParse(parsed);
  if (envelope.success && envelope.data.schemaVersion < version) {
    throw new CoreError(
      'invalid_input',
      `${path} is in an older format. Open the folder once with this version (for example "arcflux validate --data ${dir}"), then run arcflux migrate again. Nothing was changed.`,
    );
  }
  const value = envelope.success ? table.schema.safeParse(envelope.data.data) : undefined;
  if (!value?.success) {
    const why = value ? describeIssue(value.error, 'data') : 'it is not an ArcFlux data file';
    throw new CoreError(
      'corrupt_data',
      `${path} is not valid (${why}). Fix or restore it (arcflux validate --data ${dir}) before moving the folder in. Nothing was changed.`,
    );
  }
  return value.data;
}

/** The ledger as changes, kind by kind, each in the order the folder keeps it. */
function ledgerChanges(ledger: LedgerState): LedgerChange[] {
  return [
    ...[...ledger.payments.values()].map((data) => ({ kind: 'payment' as const, data })),
    ...[...ledger.proposals.values()].map((data) => ({ kind: 'proposal' as const, data })),
    ...ledger.riskAssessments.map((data) => ({ kind: 'risk' as const, data })),
    ...ledger.executions.map((data) => ({ kind: 'execution' as const, data })),
    ...ledger.notifications.map((data) => ({ kind: 'notification' as const, data })),
  ];
}

async function refuseUnlessEmpty(client: pg.ClientBase): Promise<void> {
  if (await isEmptyHousehold(client)) return;
  const counts = await client.query<{ records: string; users: string }>(
    'SELECT (SELECT seq FROM audit_head)::text AS records, (SELECT count(*) FROM users)::text AS users',
  );
  const row = counts.rows[0];
  throw new CoreError(
    'invalid_input',
    `The household database is not empty (${row?.records ?? '?'} ledger records, ${row?.users ?? '?'} users): arcflux migrate only moves a folder into an empty one, so nothing is merged or overwritten. Use a new database (createdb NAME) and point store.url at it. Nothing was changed.`,
  );
}

/** Counts and per-currency sums, in the database (same transaction) against the folder. */
async function verify(client: pg.ClientBase, source: Source): Promise<MoveInReport> {
  const { ledger } = source;
  const expectedCounts: Record<string, number> = {
    users: source.users.length,
    balances: source.balances.length,
    payments: ledger.payments.size,
    proposals: ledger.proposals.size,
    risk_assessments: ledger.riskAssessments.length,
    executions: ledger.executions.length,
    notifications: ledger.notifications.length,
    // Personal tokens' hashes: a person keeps signing in with the token they were given.
    household_tokens: source.tokens.length,
  };
  const mismatches: string[] = [];
  for (const [table, expected] of Object.entries(expectedCounts)) {
    const result = await client.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${table}`);
    const actual = Number(result.rows[0]?.n ?? -1);
    if (actual !== expected)
      mismatches.push(`${table}: ${actual} rows, the folder has ${expected}`);
  }
  const expectedSums: Record<string, Map<string, bigint>> = {
    payments: sumByCurrency([...ledger.payments.values()]),
    'succeeded executions': sumByCurrency(
      lastLines(ledger).filter((line) => line.status === 'succeeded'),
    ),
    balances: sumByCurrency(source.balances),
  };
  const queries: Record<string, string> = {
    payments: 'SELECT currency, amount FROM payments',
    // The latest line of each attempt is its state, as the journal folds it.
    'succeeded executions': `SELECT currency, amount FROM (
        SELECT DISTINCT ON (id) id, status, currency, amount FROM executions
         ORDER BY id, position DESC) latest WHERE status = 'succeeded'`,
    balances: 'SELECT currency, amount FROM balances',
  };
  const sums: MoveInReport['sums'] = {};
  for (const [name, query] of Object.entries(queries)) {
    const result = await client.query<{ currency: string; units: string }>(
      `SELECT currency, (sum(amount) * 1000000)::numeric(40, 0)::text AS units
         FROM (${query}) rows GROUP BY currency ORDER BY currency`,
    );
    const actual = new Map(result.rows.map((row) => [row.currency, BigInt(row.units)]));
    const expected = expectedSums[name] ?? new Map<string, bigint>();
    sums[name] = {};
    for (const currency of new Set([...actual.keys(), ...expected.keys()])) {
      const inDatabase = actual.get(currency) ?? 0n;
      const inFolder = expected.get(currency) ?? 0n;
      if (inDatabase !== inFolder) {
        mismatches.push(
          `${name} in ${currency}: ${fromMinorUnits(inDatabase)} in the database, ${fromMinorUnits(inFolder)} in the folder`,
        );
      }
      sums[name][currency] = fromMinorUnits(inFolder);
    }
  }
  if (mismatches.length > 0) {
    throw new CoreError(
      'internal',
      `The copy did not match the folder (${mismatches.join('; ')}), so it was rolled back: the database is as it was and the folder was not changed. This is a bug; please report it with this message.`,
    );
  }
  return { counts: expectedCounts, sums, chainHead: source.chainHead };
}

function lastLines(ledger: LedgerState) {
  const latest = new Map<string, LedgerState['executions'][number]>();
  for (const line of ledger.executions) latest.set(line.id, line);
  return [...latest.values()];
}

function sumByCurrency(rows: readonly { currency: string; amount: string }[]): Map<string, bigint> {
  const sums = new Map<string, bigint>();
  for (const row of rows) {
    sums.set(row.currency, (sums.get(row.currency) ?? 0n) + toMinorUnits(row.amount));
  }
  return sums;
}

/** SHA-256 of every file under `dir` by relative path: the proof the folder was not touched. */
export async function folderFingerprint(dir: string): Promise<Map<string, string>> {
  const fingerprint = new Map<string, string>();
  const visit = async (folder: string): Promise<void> => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) await visit(path);
      else if (entry.isFile()) {
        fingerprint.set(
          relative(dir, path),
          createHash('sha256')
            .update(await readFile(path))
            .digest('hex'),
        );
      }
    }
  };
  await visit(dir);
  return fingerprint;
}
