import { mkdirSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll } from 'vitest';
import { executionSchema, type Execution } from '../../shared/schemas/execution';
import { migrateDatabase } from '../../electron/core/store/postgres/migrate';
import { riskAssessmentSchema, type RiskAssessment } from '../../shared/schemas/risk';
import { temporaryFolder } from './dataFolder';
import { eventually } from './eventually';
import { readLedgerFiles } from './ledgerFiles';
import { configWith, crash, moneyFolder, openMoneyCore, type MoneyCore } from './moneyCore';
import { usePostgresCluster } from './usePostgres';

/** What a core is opened with, besides where it keeps its state. */
export type MoneyCoreOptions = Omit<
  Parameters<typeof openMoneyCore>[0],
  'dataDir' | 'configPath' | 'env'
>;

/** The records the money-path invariants are checked against, as the store holds them. */
export interface StoredLedger {
  /** Every journal line, in the order it was written. */
  executions: Execution[];
  riskAssessments: RiskAssessment[];
}

/**
 * One isolated household for one test run: a data folder (the simulated network, tokens,
 * the lock) and, on PostgreSQL, a database of its own. Cores opened on it share it.
 */
export interface MoneyPlace {
  readonly dataDir: string;
  open(options: MoneyCoreOptions): Promise<MoneyCore>;
  /**
   * The process running `money` dies where it stands: what it held is released as the
   * operating system would release a dead process's (the folder lock, its database
   * sessions), and it can reach nothing again. The core object is abandoned, not closed.
   */
  crash(money: MoneyCore): Promise<void>;
  /** What the store holds, read from it directly (files, or tables), not through a core. */
  stored(): Promise<StoredLedger>;
  remove(): Promise<void>;
}

/** A store the money path can run on, for a parametrised suite. */
export interface MoneyStore {
  /** Why this store cannot be tested here (no PostgreSQL), or undefined. */
  readonly unavailable: string | undefined;
  place(): Promise<MoneyPlace>;
}

/** The desktop's store: a data folder of files. */
export function jsonMoneyStore(): MoneyStore {
  return {
    unavailable: undefined,
    async place() {
      const folder = moneyFolder();
      return {
        dataDir: folder.path,
        open: (options) => openMoneyCore({ ...options, dataDir: folder.path }),
        crash: async (money) => crash(money),
        stored: async () => readLedgerFiles(folder.path),
        remove: async () => folder.remove(),
      };
    },
  };
}

/**
 * The household store, chosen the way `serve --store postgres` chooses it: a system config
 * with `store: { kind: 'postgres', url: 'env:ARCFLUX_DATABASE_URL' }`. Registers a
 * throwaway cluster for the calling file (skipped, with the reason, without PostgreSQL);
 * each place gets a fresh database, dropped by `remove`.
 *
 * Each core connects as its own "process": through a socket folder of its own (a symlink
 * to the cluster's socket) under an application_name of its own. A crash points that
 * symlink at a black hole, so nothing of the dead core ever reaches the database again,
 * and terminates its sessions, waiting until they are gone: their transactions roll back
 * and their session advisory locks are released, as when a process dies. A frozen core
 * that kept its sessions would make the next one skip its occurrences forever: a test
 * artefact, not the product.
 */
export function postgresMoneyStore(prefix: string): MoneyStore {
  const postgres = usePostgresCluster(prefix);
  let admin: pg.Pool | undefined;
  let databases: FreshDatabases | undefined;
  let blackHole: BlackHole | undefined;
  let sockets: { path: string; remove(): void } | undefined;
  let cores = 0;
  afterAll(async () => {
    await databases?.close();
    await admin?.end();
    blackHole?.close();
    sockets?.remove();
  });
  const adminPool = (): pg.Pool => {
    admin ??= new pg.Pool({ connectionString: postgres.cluster().url, max: 3 });
    return admin;
  };
  return {
    unavailable: postgres.unavailable,
    async place() {
      databases ??= new FreshDatabases(adminPool(), postgres.cluster().url, prefix);
      const folder = moneyFolder();
      // Outside the data folder, which holds only what a core writes there, and kept to the
      // end of the file: a dead core's link must lead to the black hole as long as it lives.
      const socketFolders = (sockets ??= temporaryFolder('arcflux-sockets-')).path;
      const { url, database } = await databases.next();
      const configPath = configWith(folder.path, (config) => {
        config.store = { kind: 'postgres', url: 'env:ARCFLUX_DATABASE_URL' };
      });
      const socket = clusterSocket(postgres.cluster().socketDir);
      const sessions = new Map<MoneyCore, { name: string; link: string }>();
      return {
        dataDir: folder.path,
        async open(options) {
          cores += 1;
          const name = `arcflux-model-core-${cores}`;
          const socketDir = join(socketFolders, String(cores));
          mkdirSync(socketDir);
          const link = join(socketDir, socket.name);
          symlinkSync(socket.path, link);
          const coreUrl = new URL(url);
          coreUrl.searchParams.set('host', socketDir);
          coreUrl.searchParams.set('application_name', name);
          const money = await openMoneyCore({
            ...options,
            dataDir: folder.path,
            configPath,
            env: { ...process.env, ARCFLUX_DATABASE_URL: coreUrl.toString() },
          });
          sessions.set(money, { name, link });
          return money;
        },
        async crash(money) {
          crash(money);
          const session = sessions.get(money);
          if (!session) throw new Error('crash: this core was not opened on this database');
          blackHole ??= await BlackHole.open();
          rmSync(session.link, { force: true });
          symlinkSync(blackHole.path, session.link);
          await terminateSessions(adminPool(), session.name);
        },
        async stored() {
          const client = new pg.Client({ connectionString: url });
          await client.connect();
          try {
            const rows = async (table: 'executions' | 'risk_assessments') =>
              (await client.query<{ data: unknown }>(`SELECT data FROM ${table} ORDER BY position`))
                .rows;
            return {
              executions: (await rows('executions')).map((row) => executionSchema.parse(row.data)),
              riskAssessments: (await rows('risk_assessments')).map((row) =>
                riskAssessmentSchema.parse(row.data),
              ),
            };
          } finally {
            await client.end();
          }
        },
        async remove() {
          // FORCE: a core the run left open (a failing run) must not keep the database.
          await adminPool().query(
            `DROP DATABASE IF EXISTS ${pg.escapeIdentifier(database)} WITH (FORCE)`,
          );
          folder.remove();
        },
      };
    },
  };
}

/** The cluster's listening socket file (its name carries the port). */
function clusterSocket(socketDir: string): { name: string; path: string } {
  const name = readdirSync(socketDir).find((file) => /^\.s\.PGSQL\.\d+$/.test(file));
  if (!name) throw new Error(`no PostgreSQL socket in ${socketDir}`);
  return { name, path: join(socketDir, name) };
}

/**
 * A socket that accepts connections and never answers. A dead core's listener retries its
 * connection every second; sent here, each retry waits forever, as nothing of a dead
 * process would run at all, instead of hundreds of dead cores failing fast and retrying
 * for the rest of a long run. Nothing of it keeps the process alive.
 */
class BlackHole {
  private constructor(
    private readonly server: Server,
    private readonly folder: { path: string; remove(): void },
  ) {
    server.unref();
    server.on('connection', (socket) => {
      socket.unref();
      socket.on('error', () => undefined);
    });
  }

  static async open(): Promise<BlackHole> {
    const folder = temporaryFolder('arcflux-black-hole-');
    const server = createServer();
    const hole = new BlackHole(server, folder);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(hole.path, resolve);
    });
    return hole;
  }

  get path(): string {
    return join(this.folder.path, 'socket');
  }

  /**
   * Removes its folder but keeps the dead cores waiting: closing their connections would
   * start every one's reconnection loop at once as the file ends.
   */
  close(): void {
    this.folder.remove();
  }
}

/**
 * Empty databases with the schema already applied, one per run: copies of a template
 * migrated once, and the next one is copied while a run uses the last (a CREATE DATABASE
 * takes about 0.2 s here; a run, about a second). The cores still run the migration check
 * at every start, as `serve` does; a fresh database's migration has tests of its own.
 */
class FreshDatabases {
  #template: Promise<string> | undefined;
  #next: Promise<{ url: string; database: string }> | undefined;
  #count = 0;

  constructor(
    private readonly admin: pg.Pool,
    private readonly clusterUrl: string,
    private readonly prefix: string,
  ) {}

  next(): Promise<{ url: string; database: string }> {
    const taken = this.#next ?? this.#copy();
    this.#next = this.#copy();
    // A copy nobody takes (the last) must not fail the run as an unhandled rejection.
    this.#next.catch(() => undefined);
    return taken;
  }

  async close(): Promise<void> {
    await this.#next?.catch(() => undefined);
  }

  async #copy(): Promise<{ url: string; database: string }> {
    const template = await (this.#template ??= this.#migratedTemplate());
    this.#count += 1;
    const database = `${this.prefix}_${this.#count}`;
    await this.admin.query(
      `CREATE DATABASE ${pg.escapeIdentifier(database)} TEMPLATE ${pg.escapeIdentifier(template)}`,
    );
    return { url: this.#urlOf(database), database };
  }

  async #migratedTemplate(): Promise<string> {
    const template = `${this.prefix}_template`;
    await this.admin.query(`CREATE DATABASE ${pg.escapeIdentifier(template)}`);
    await migrateDatabase(this.#urlOf(template), () => undefined);
    return template;
  }

  #urlOf(database: string): string {
    const url = new URL(this.clusterUrl);
    url.pathname = `/${database}`;
    return url.toString();
  }
}

/**
 * Ends every session of `applicationName` and returns once the server has none left: a
 * backend exits, rolling back and releasing its locks, a moment after it is told to.
 */
async function terminateSessions(admin: pg.Pool, applicationName: string): Promise<void> {
  const sessions = `FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()`;
  await admin.query(`SELECT pg_terminate_backend(pid) ${sessions}`, [applicationName]);
  await eventually(async () => {
    const left = await admin.query<{ count: string }>(`SELECT count(*) AS count ${sessions}`, [
      applicationName,
    ]);
    return left.rows[0]?.count === '0';
  }, `the sessions of ${applicationName} to end after its crash`);
}
