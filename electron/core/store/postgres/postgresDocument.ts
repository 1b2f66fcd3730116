import type pg from 'pg';
import type { z } from 'zod';
import { CoreError } from '../../errors';
import { describeIssue } from '../corruption';
import { databaseLost } from './databaseErrors';
import type { StoredDocument } from '../storedDocument';

/** The channel every document write is announced on, with the document's name. */
export const DOCUMENT_CHANNEL = 'arcflux_documents';

/** How one document sits in its table(s): read it whole, write it whole. */
export interface DocumentTable<T> {
  /** Names the document in messages and notifications: "users". */
  readonly name: string;
  readonly schema: z.ZodType<T>;
  /** The rows as stored, shaped for `schema`; undefined when there are none yet. */
  read(client: pg.ClientBase | pg.Pool): Promise<unknown>;
  write(client: pg.ClientBase, value: T): Promise<void>;
}

/**
 * A value kept whole (users, settings, balances) in the household database. Every read
 * passes the contract's schema, so a row another version wrote is checked like a file.
 * An update is one transaction under an advisory lock named for the document, so two
 * processes' read-modify-writes never interleave, and it starts from the value as
 * committed, not this process's copy. Other processes learn of it through NOTIFY and
 * `reload`.
 */
export class PostgresDocument<T> implements StoredDocument<T> {
  #value: T;
  /**
   * Reads and writes of this process, one at a time: two reads at once could finish out
   * of order and leave the older value (a revoked token accepted again until the next
   * change), and a read begun before this process's own write could land after it.
   */
  #turn: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly pool: pg.Pool,
    private readonly table: DocumentTable<T>,
    value: T,
  ) {
    this.#value = value;
  }

  /** Loads the document; `initial` fills an empty one (in the same transaction). */
  static async open<T>(
    pool: pg.Pool,
    table: DocumentTable<T>,
    initial?: () => T,
  ): Promise<PostgresDocument<T>> {
    const value = await inTransaction(pool, table, async (client) => {
      const stored = await table.read(client);
      if (stored !== undefined) return parse(table, stored);
      if (!initial) throw missing(table);
      const first = parse(table, initial());
      await table.write(client, first);
      return first;
    });
    return new PostgresDocument(pool, table, value);
  }

  get value(): T {
    return this.#value;
  }

  update(change: (current: T) => T): Promise<T> {
    return this.inTurn(() => this.write(change));
  }

  /** Reads the committed value again (another process changed it); returns it. */
  reload(): Promise<T> {
    return this.inTurn(async () => {
      const stored = await this.table.read(this.pool);
      if (stored !== undefined) this.#value = parse(this.table, stored);
      return this.#value;
    });
  }

  private inTurn<R>(work: () => Promise<R>): Promise<R> {
    const done = this.#turn.then(work);
    this.#turn = done.catch(() => undefined);
    return done;
  }

  private async write(change: (current: T) => T): Promise<T> {
    const next = await inTransaction(this.pool, this.table, async (client) => {
      const stored = await this.table.read(client);
      const current = stored === undefined ? this.#value : parse(this.table, stored);
      const valid = this.table.schema.safeParse(change(current));
      if (!valid.success) {
        throw new CoreError(
          'internal',
          `ArcFlux did not save the ${this.table.name} because the new value is invalid (${describeIssue(valid.error, 'data')}). Nothing was written; this is a bug, please report it with the log.`,
        );
      }
      await this.table.write(client, valid.data);
      await client.query('SELECT pg_notify($1, $2)', [DOCUMENT_CHANNEL, this.table.name]);
      return valid.data;
    });
    this.#value = next;
    return next;
  }
}

async function inTransaction<T, V>(
  pool: pg.Pool,
  table: DocumentTable<V>,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  const lost = () => undefined;
  client.on('error', lost);
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
      `arcflux document ${table.name}`,
    ]);
    const result = await work(client);
    await client.query('COMMIT');
    client.off('error', lost);
    client.release();
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    client.off('error', lost);
    client.release(true);
    throw databaseLost(error) ?? error;
  }
}

function parse<T>(table: DocumentTable<T>, stored: unknown): T {
  const result = table.schema.safeParse(stored);
  if (result.success) return result.data;
  throw new CoreError(
    'corrupt_data',
    `The ${table.name} in the PostgreSQL store are not valid (${describeIssue(result.error, table.name)}). ArcFlux did not start and changed nothing. Restore the database from a backup.`,
  );
}

function missing<T>(table: DocumentTable<T>): CoreError {
  return new CoreError(
    'corrupt_data',
    `The PostgreSQL store holds no ${table.name}. Move a data folder in with "arcflux migrate --from DIR --to postgres", or restore the database from a backup.`,
  );
}
