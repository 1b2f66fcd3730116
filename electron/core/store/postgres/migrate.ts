import { fileURLToPath } from 'node:url';
import { runner } from 'node-pg-migrate';

/** The schema's migrations, applied in file-name order by node-pg-migrate. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations', import.meta.url));

/** node-pg-migrate's record of what ran, in the store's database. */
const MIGRATIONS_TABLE = 'arcflux_migrations';

/**
 * Brings the database's schema up to date before anything reads it, saying what it did in
 * one line. Several `serve` processes may start at once: node-pg-migrate's advisory lock
 * makes the others wait, and they then find nothing left to apply. All pending
 * migrations run in one transaction, so a failure leaves the schema as it was.
 */
export async function migrateDatabase(url: string, log: (line: string) => void): Promise<string[]> {
  const applied = await runner({
    databaseUrl: url,
    dir: MIGRATIONS_DIR,
    direction: 'up',
    migrationsTable: MIGRATIONS_TABLE,
    checkOrder: true,
    singleTransaction: true,
    advisoryLockMode: 'wait',
    // Its own per-statement chatter would bury the one line that matters, and its errors
    // (with a stack trace) are thrown too, for the caller to explain once.
    logger: { debug: () => undefined, info: () => undefined, warn: log, error: () => undefined },
  });
  const names = applied.map((migration) => migration.name);
  log(
    names.length === 0
      ? 'ArcFlux: the PostgreSQL schema is up to date.'
      : `ArcFlux: applied ${names.length} PostgreSQL schema migration${names.length === 1 ? '' : 's'}: ${names.join(', ')}.`,
  );
  return names;
}
