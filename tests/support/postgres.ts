import { execFile } from 'node:child_process';
import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { MIGRATIONS_DIR } from '../../electron/core/store/postgres/migrate';

const run = promisify(execFile);

/**
 * A throwaway PostgreSQL cluster for one test file: its own temporary folder, `initdb`,
 * then `pg_ctl` listening on a unix socket in that folder only (no TCP at all, so no port
 * can clash with another engineer's or CI's). Stopping it removes the folder.
 */
export interface ThrowawayPostgres {
  /** A node-postgres connection string for the test database, over the socket. */
  readonly url: string;
  readonly socketDir: string;
  /** A fresh empty database in the same cluster, for a test that needs a clean slate. */
  createDatabase(name: string): Promise<string>;
  /**
   * Restarts the server (`pg_ctl restart --mode fast`: every session is cut, as a crash or
   * an upgrade would), resolving once it accepts connections again.
   */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** Where the PostgreSQL server binaries are: on PATH, or in Debian's versioned folder. */
export function findPostgresBin(): string | undefined {
  for (const folder of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(folder, 'initdb');
    // PATH often holds symlinks (/usr/local/bin/initdb); pg_ctl must find `postgres`
    // beside the real binary, so the folder is the resolved one.
    if (folder && existsSync(candidate)) return dirname(realpathSync(candidate));
  }
  const debian = '/usr/lib/postgresql';
  if (!existsSync(debian)) return undefined;
  const versions = readdirSync(debian)
    .filter((name) => /^\d+$/.test(name))
    .sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const folder = join(debian, version, 'bin');
    if (existsSync(join(folder, 'initdb')) && existsSync(join(folder, 'pg_ctl'))) return folder;
  }
  return undefined;
}

/**
 * Why PostgreSQL tests cannot run here, or undefined when they can. Test files skip with
 * this reason printed rather than fail on a machine without PostgreSQL.
 */
export function postgresUnavailable(): string | undefined {
  if (findPostgresBin() !== undefined) return undefined;
  return 'PostgreSQL tests skipped: no initdb on PATH or in /usr/lib/postgresql/<version>/bin (install Debian\'s postgresql: "apt-get install postgresql")';
}

/**
 * The account the cluster runs as. initdb and postgres refuse to run as root (CI runs as
 * root), so there they run as `nobody` through runuser, in a folder handed to nobody.
 */
const NOBODY = { name: 'nobody', uid: 65534, gid: 65534 };

export async function startThrowawayPostgres(
  options: { durable?: boolean } = {},
): Promise<ThrowawayPostgres> {
  const bin = findPostgresBin();
  if (bin === undefined) throw new Error(postgresUnavailable());
  const asRoot = process.getuid?.() === 0;
  const folder = await mkdtemp(join(tmpdir(), 'arcflux-pg-'));
  const dataDir = join(folder, 'data');
  const socketDir = folder;
  const tool = async (name: string, args: string[]) => {
    const program = join(bin, name);
    const [file, argv] = asRoot
      ? ['runuser', ['-u', NOBODY.name, '--', program, ...args]]
      : [program, args];
    return run(file, argv, { cwd: folder, env: { ...process.env, LC_ALL: 'C' } });
  };
  try {
    if (asRoot) await chown(folder, NOBODY.uid, NOBODY.gid);
    await tool('initdb', [
      '--pgdata',
      dataDir,
      '--username',
      SUPERUSER,
      // Only this machine's processes reach the socket, in a folder only the cluster's
      // account and root can enter.
      '--auth',
      'trust',
      '--encoding',
      'UTF8',
      '--no-sync',
    ]);
    const settings = [
      `-c listen_addresses=''`,
      `-c unix_socket_directories='${socketDir}'`,
      // A test cluster never needs to survive a power cut; fsync off makes it fast. A
      // bench asks for a durable one, where each commit waits for its WAL flush as a
      // household's server does.
      ...(options.durable
        ? []
        : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']),
    ].join(' ');
    await tool('pg_ctl', [
      'start',
      '--wait',
      '--pgdata',
      dataDir,
      '--log',
      join(folder, 'server.log'),
      '-o',
      settings,
    ]);
  } catch (error) {
    await rm(folder, { recursive: true, force: true });
    throw error;
  }
  const urlFor = (database: string) =>
    `postgresql://${SUPERUSER}@localhost/${database}?host=${encodeURIComponent(socketDir)}`;
  const createDatabase = async (name: string) => {
    const client = new pg.Client({ connectionString: urlFor('postgres') });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
    } finally {
      await client.end();
    }
    return urlFor(name);
  };
  const restart = async () => {
    // pg_ctl restart starts the server again with the options it was started with
    // (postmaster.opts); --wait returns once it accepts connections.
    await tool('pg_ctl', [
      'restart',
      '--wait',
      '--pgdata',
      dataDir,
      '--mode',
      'fast',
      '--log',
      join(folder, 'server.log'),
    ]);
    const client = new pg.Client({ connectionString: urlFor('postgres') });
    await client.connect();
    await client.end();
  };
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    try {
      await tool('pg_ctl', ['stop', '--wait', '--pgdata', dataDir, '--mode', 'fast']);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  };
  try {
    const url = await createDatabase('arcflux_test');
    return { url, socketDir, createDatabase, restart, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

const SUPERUSER = 'arcflux';

/**
 * The line `migrateDatabase` prints when it applies every migration in the schema folder to
 * an empty database: the names come from the folder, so a new migration is expected too.
 */
export function allMigrationsApplied(): string {
  const names = readdirSync(MIGRATIONS_DIR)
    .filter((name) => /^\d+_.+\.ts$/.test(name))
    .map((name) => name.replace(/\.ts$/, ''))
    .sort();
  return `ArcFlux: applied ${names.length} PostgreSQL schema migrations: ${names.join(', ')}.`;
}
