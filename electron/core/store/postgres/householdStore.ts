import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { z } from 'zod';
import type { Balance } from '../../../../shared/schemas/balance';
import { paymentSchema } from '../../../../shared/schemas/payment';
import type { Settings } from '../../../../shared/schemas/settings';
import type { User } from '../../../../shared/schemas/user';
import type { StoredToken } from '../../household/storedToken';
import type { Clock } from '../../clock';
import type { Redact } from '../../config/redaction';
import { DATA_FILES, LEGACY_LEDGER_FILES } from '../../dataFolder';
import { databaseUnavailable } from './databaseErrors';
import {
  balancesTable,
  isEmptyHousehold,
  settingsTable,
  tokensTable,
  usersTable,
} from './householdTables';
import { ExecutorClaims } from './executorClaims';
import { migrateDatabase } from './migrate';
import { DOCUMENT_CHANNEL, PostgresDocument, type DocumentTable } from './postgresDocument';
import { LEDGER_CHANNEL, PostgresLedgerStore } from './postgresLedgerStore';

export interface HouseholdStoreOptions {
  url: string;
  clock: Clock;
  /** Where the schema message and listener trouble go (stderr in `serve`), redacted. */
  log: (line: string) => void;
  redact: Redact;
  /** The demo seed a fresh desktop folder gets; an empty database gets the same. */
  seedDir: string;
  /** The settings an empty database starts with (system_config.json's values). */
  settings: Settings;
}

/** A document another process changed, as this process now holds it. */
export type DocumentChange =
  | { name: 'users'; value: readonly User[] }
  | { name: 'balances'; value: readonly Balance[] }
  | { name: 'settings'; value: Settings }
  | { name: 'personal tokens'; value: readonly StoredToken[] };

/**
 * Everything a core keeps of a household, in PostgreSQL: the ledger (PostgresLedgerStore)
 * and the users, balances and settings documents, over one pool, kept current with what
 * other processes commit by LISTEN/NOTIFY.
 */
export interface HouseholdStore {
  readonly ledger: PostgresLedgerStore;
  readonly users: PostgresDocument<User[]>;
  readonly balances: PostgresDocument<Balance[]>;
  readonly settings: PostgresDocument<Settings>;
  /**
   * Personal tokens' hashes, shared by every process on the database: one issued or
   * revoked through any of them holds in this one as soon as the NOTIFY arrives.
   */
  readonly tokens: PostgresDocument<StoredToken[]>;
  /** This process's claims on occurrences, as one of several executors. */
  readonly claims: ExecutorClaims;
  /** Called after another process's document write is read back here. */
  onDocumentChange(listener: (change: DocumentChange) => void): () => void;
  close(): Promise<void>;
}

/**
 * Brings the schema up to date (saying so), loads everything, and starts listening. An
 * empty database starts like a fresh desktop folder, from the demo seed; a database that
 * cannot be reached is a clear error that changed nothing.
 */
export async function openHouseholdStore(options: HouseholdStoreOptions): Promise<HouseholdStore> {
  const { url, clock, log, redact } = options;
  try {
    await migrateDatabase(url, log);
  } catch (error) {
    throw databaseUnavailable(error, redact);
  }
  const pool = new pg.Pool({ connectionString: url, max: 6 });
  pool.on('error', () => undefined);
  try {
    const seed = await seedIfEmpty(pool, options);
    const ledger = await PostgresLedgerStore.load(pool, clock);
    if (seed.payments.length > 0) {
      await ledger.commit(seed.payments.map((data) => ({ kind: 'payment', data })));
    }
    const users = await PostgresDocument.open(pool, usersTable, () => seed.users);
    const balances = await PostgresDocument.open(pool, balancesTable, () => seed.balances);
    const settings = await PostgresDocument.open(pool, settingsTable, () => options.settings);
    const tokens = await PostgresDocument.open(pool, tokensTable);
    // Keyed by each table's name, which is what a document write's NOTIFY carries.
    const documents = { users, balances, settings, 'personal tokens': tokens } as const;
    const listeners = new Set<(change: DocumentChange) => void>();
    const reload = async (name: string) => {
      if (!Object.hasOwn(documents, name)) return;
      const value = await documents[name as keyof typeof documents].reload();
      const change = { name, value } as DocumentChange;
      for (const listener of listeners) listener(change);
    };
    const listening = listen(url, {
      notified: (channel, payload) =>
        (channel === LEDGER_CHANNEL ? ledger.refresh(announced(payload)) : reload(payload)).catch(
          (error: unknown) =>
            log(`arcflux: could not read another executor's change: ${describe(error, redact)}`),
        ),
      // Announcements sent while the connection was down are lost: read everything again.
      reconnected: () =>
        Promise.all([ledger.refresh(), ...Object.keys(documents).map(reload)])
          .then(() => undefined)
          .catch(() => undefined),
      log,
    });
    await listening.ready;
    const claims = new ExecutorClaims(pool, ledger);
    return {
      ledger,
      users,
      balances,
      settings,
      tokens,
      claims,
      onDocumentChange(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      async close() {
        await listening.stop();
        await claims.close();
        await ledger.close();
        await pool.end();
      },
    };
  } catch (error) {
    await pool.end();
    throw databaseUnavailable(error, redact);
  }
}

interface Seed {
  users: User[];
  balances: Balance[];
  payments: z.infer<typeof paymentSchema>[];
}

/** The demo seed, read through the schemas, when the database holds nothing yet. */
async function seedIfEmpty(pool: pg.Pool, options: HouseholdStoreOptions): Promise<Seed> {
  const client = await pool.connect();
  try {
    if (!(await isEmptyHousehold(client))) return { users: [], balances: [], payments: [] };
  } finally {
    client.release();
  }
  const read = async <T>(file: string, table: Pick<DocumentTable<T>, 'schema'>): Promise<T> => {
    const text = await readFile(join(options.seedDir, file), 'utf8');
    const envelope = z.object({ data: z.unknown() }).parse(JSON.parse(text));
    return table.schema.parse(envelope.data);
  };
  return {
    users: await read(DATA_FILES.users, usersTable),
    balances: await read(DATA_FILES.balances, balancesTable),
    payments: await read(LEGACY_LEDGER_FILES.payments, { schema: z.array(paymentSchema) }),
  };
}

interface Listening {
  readonly ready: Promise<void>;
  stop(): Promise<void>;
}

/**
 * One connection that LISTENs for every commit and document write. If it drops (the
 * server restarted), it connects again a second later and says so through `reconnected`.
 */
function listen(
  url: string,
  handlers: {
    notified: (channel: string, payload: string) => Promise<void>;
    reconnected: () => Promise<void>;
    log: (line: string) => void;
  },
): Listening {
  let stopped = false;
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  const scheduleRetry = () => {
    if (stopped || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      connect()
        .then(handlers.reconnected)
        .catch(() => scheduleRetry());
    }, RECONNECT_MS);
  };
  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: url });
    next.on('notification', (message) => {
      void handlers.notified(message.channel, message.payload ?? '');
    });
    const lost = () => {
      if (client !== next) return;
      client = undefined;
      scheduleRetry();
    };
    next.on('error', lost);
    next.on('end', lost);
    client = next;
    try {
      await next.connect();
      await next.query(`LISTEN ${LEDGER_CHANNEL}`);
      await next.query(`LISTEN ${DOCUMENT_CHANNEL}`);
    } catch (error) {
      if (client === next) client = undefined;
      await next.end().catch(() => undefined);
      throw error;
    }
  };
  return {
    ready: connect(),
    async stop() {
      stopped = true;
      if (retry) clearTimeout(retry);
      const current = client;
      client = undefined;
      await current?.end().catch(() => undefined);
    },
  };
}

const RECONNECT_MS = 1000;

/** The record number a ledger announcement names; undefined (read everything) if it names none. */
function announced(payload: string): number | undefined {
  const seq = Number(payload);
  return Number.isSafeInteger(seq) && seq > 0 ? seq : undefined;
}

function describe(error: unknown, redact: Redact): string {
  return redact(error instanceof Error ? error.message : String(error));
}
