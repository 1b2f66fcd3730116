import type pg from 'pg';
import type { Execution } from '../../../../shared/schemas/execution';
import type { StartClaims } from '../../execution/executionEngine';
import { SerialQueue } from '../serialQueue';
import { databaseLost } from './databaseErrors';
import type { PostgresLedgerStore } from './postgresLedgerStore';

/** PostgreSQL's unique_violation: the unique `started` index refused a second start. */
const UNIQUE_VIOLATION = '23505';

/**
 * One executor's claims on occurrences, when several `serve` processes tick against one
 * database. A journal line for an occurrence is written only by the executor that holds
 * it, and the occurrence stays held from its `started` line to its result:
 *
 * - the payment rows are locked `FOR UPDATE SKIP LOCKED`: a row another executor is
 *   claiming right now is skipped, not waited for (its occurrences come back next tick);
 * - a session-level advisory lock per occurrence (execution id) is taken with
 *   `pg_try_advisory_lock` on this executor's own connection and kept past the commit,
 *   until the result is journaled: another executor's recovery pass skips an occurrence
 *   a live executor is paying. A killed executor's connection ends, its locks go, and the
 *   others resubmit its `started` occurrences under the same idempotency key;
 * - under those locks the journal as committed is read again: a line is written only if
 *   the occurrence stands exactly where this executor's view says (a view behind another
 *   executor's result must not start a second attempt);
 * - should all that still let two starts through, the unique `started` index fails the
 *   second transaction whole, which is "another executor has it", not an error;
 * - one claim takes at most CLAIM_BATCH payments' occurrences, so executors share a
 *   busy tick's work.
 */
export class ExecutorClaims implements StartClaims {
  #session: pg.PoolClient | undefined;
  /** Execution ids whose advisory lock this executor's session holds. */
  readonly #held = new Set<string>();
  readonly #queue = new SerialQueue();
  #leftOver = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly ledger: PostgresLedgerStore,
  ) {}

  /**
   * Whether the last claim stopped at CLAIM_BATCH with occurrences left that it could have
   * taken: the tick that made it should come again soon.
   */
  get leftOver(): boolean {
    return this.#leftOver;
  }

  claim(lines: readonly Execution[]): Promise<Execution[]> {
    if (lines.length === 0) return Promise.resolve([]);
    return this.#queue
      .run(() => this.#claim(lines))
      .catch((error: unknown) => {
        throw databaseLost(error) ?? error;
      });
  }

  release(executionId: string): Promise<void> {
    return this.#queue.run(async () => {
      if (!this.#held.delete(executionId) || !this.#session) return;
      await this.#unlock([executionId]);
    });
  }

  async close(): Promise<void> {
    await this.#queue.run(async () => {
      this.#held.clear();
      this.#session?.release(true);
      this.#session = undefined;
    });
  }

  async #claim(lines: readonly Execution[]): Promise<Execution[]> {
    const session = await this.#connect();
    const acquired: string[] = [];
    let kept: Execution[] = [];
    try {
      kept = await this.ledger.onSession(session, async (write) => {
        const paymentIds = [...new Set(lines.map((line) => line.paymentId))];
        const rows = await session.query<{ id: string }>(
          'SELECT id FROM payments WHERE id = ANY($1::text[]) FOR UPDATE SKIP LOCKED',
          [paymentIds],
        );
        const lockedPayments = new Set(rows.rows.map((row) => row.id));
        const candidates = lines.filter((line) => lockedPayments.has(line.paymentId));
        const wanted = [
          ...new Set(candidates.filter((line) => !this.#held.has(line.id)).map((line) => line.id)),
        ];
        // Counted as acquired before asking, so a failure part way gives every one back.
        acquired.push(...wanted);
        const granted = await tryLocks(session, wanted);
        acquired.splice(0, acquired.length, ...wanted.filter((id) => granted.has(id)));
        const owned = candidates.filter((line) => this.#held.has(line.id) || granted.has(line.id));
        const latest = await latestLines(
          session,
          owned.map((line) => line.id),
        );
        const next = owned.filter((line) => follows(line, latest.get(line.id)));
        const writable = batchOf(next);
        this.#leftOver = writable.length < next.length;
        if (writable.length > 0) {
          await write(writable.map((data) => ({ kind: 'execution', data })));
        }
        return writable;
      });
    } catch (error) {
      await this.#forget(session, acquired);
      if ((error as { code?: unknown }).code === UNIQUE_VIOLATION) return [];
      throw error;
    }
    // Held from here until the result is journaled; a refusal or a skip is final at once.
    const running = new Set(kept.filter((line) => line.status === 'started').map((l) => l.id));
    for (const id of acquired) if (running.has(id)) this.#held.add(id);
    await this.#unlock(acquired.filter((id) => !running.has(id)));
    return kept;
  }

  async #connect(): Promise<pg.PoolClient> {
    if (this.#session) return this.#session;
    const session = await this.pool.connect();
    session.on('error', () => {
      // The server ended the session (a restart): its locks are gone with it.
      if (this.#session === session) this.#drop();
    });
    this.#session = session;
    return session;
  }

  #drop(): void {
    this.#session?.release(true);
    this.#session = undefined;
    this.#held.clear();
  }

  /** After a failed claim: give back what it locked, or drop a session that broke. */
  async #forget(session: pg.PoolClient, acquired: readonly string[]): Promise<void> {
    try {
      await this.#unlock(acquired);
    } catch {
      if (this.#session === session) this.#drop();
    }
  }

  async #unlock(ids: readonly string[]): Promise<void> {
    if (ids.length === 0 || !this.#session) return;
    await this.#session.query(
      'SELECT pg_advisory_unlock(hashtextextended(k, 0)) FROM unnest($1::text[]) AS k',
      [ids.map(lockKey)],
    );
  }
}

/**
 * Tries the advisory lock of each occurrence in one round trip, not one per occurrence (a
 * tick can claim thousands); returns the ids whose lock this session now holds.
 */
async function tryLocks(session: pg.PoolClient, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const result = await session.query<{ id: string; ok: boolean }>(
    `SELECT id, pg_try_advisory_lock(hashtextextended(key, 0)) AS ok
       FROM unnest($1::text[], $2::text[]) AS claim(id, key)`,
    [ids, ids.map(lockKey)],
  );
  return new Set(result.rows.filter((row) => row.ok).map((row) => row.id));
}

/**
 * How many payments' occurrences one claim takes at most. A claim that took every due
 * occurrence would leave nothing for the other executors of a busy tick: the first to
 * claim would pay them all while the others wait. What is left stays unclaimed, for the
 * next claim of whichever executor comes first; with one executor, its next tick.
 */
export const CLAIM_BATCH = 200;

/** The lines of the first CLAIM_BATCH payments they name, in the order given. */
function batchOf(lines: readonly Execution[]): Execution[] {
  const payments = new Set<string>();
  return lines.filter((line) => {
    if (payments.has(line.paymentId)) return true;
    if (payments.size >= CLAIM_BATCH) return false;
    payments.add(line.paymentId);
    return true;
  });
}

function lockKey(executionId: string): string {
  return `arcflux occurrence ${executionId}`;
}

interface LatestLine {
  attempt: number;
  status: string;
}

/** The committed journal's last line of each id, read under the claim's locks. */
async function latestLines(
  session: pg.PoolClient,
  ids: readonly string[],
): Promise<Map<string, LatestLine>> {
  if (ids.length === 0) return new Map();
  const result = await session.query<{ id: string; attempt: number; status: string }>(
    `SELECT DISTINCT ON (id) id, attempt, status FROM executions
      WHERE id = ANY($1::text[]) ORDER BY id, position DESC`,
    [ids],
  );
  return new Map(result.rows.map((row) => [row.id, { attempt: row.attempt, status: row.status }]));
}

/**
 * Whether `line` is the next line of its occurrence as committed: a first start or a
 * refusal or skip of an occurrence nobody journaled, or the resubmission of an attempt
 * still `started` at the attempt before it.
 */
function follows(line: Execution, latest: LatestLine | undefined): boolean {
  if (latest === undefined) return line.status !== 'started' || line.attempt === 1;
  return (
    line.status === 'started' && latest.status === 'started' && latest.attempt === line.attempt - 1
  );
}
