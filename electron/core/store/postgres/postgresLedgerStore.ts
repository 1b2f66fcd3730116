import pg from 'pg';
import type { Execution } from '../../../../shared/schemas/execution';
import type { Notification } from '../../../../shared/schemas/notification';
import { paymentSchema, type Payment } from '../../../../shared/schemas/payment';
import type { Proposal } from '../../../../shared/schemas/proposal';
import type { RiskAssessment } from '../../../../shared/schemas/risk';
import { toInstant, type Clock } from '../../clock';
import { CoreError } from '../../errors';
import { GENESIS_HASH, type ChainHead } from '../chainedLog';
import { CommandUnits } from '../commandUnits';
import { describeIssue } from '../corruption';
import type { LedgerBackend } from '../ledgerBackend';
import {
  checkedChange,
  ledgerBodySchema,
  ledgerCollectionsSchema,
  type LedgerBody,
  type LedgerChange,
} from '../ledgerRecords';
import { applyChange, loadCollections } from '../ledgerState';
import { GroupCommit } from '../groupCommit';
import { SerialQueue } from '../serialQueue';
import { auditHash } from './auditChain';
import { databaseLost } from './databaseErrors';
import { migrateDatabase } from './migrate';
import { changeStatements, jsonLiteral } from './writeChanges';

type Listener = (change: LedgerChange) => void;

/**
 * The channel every commit is announced on, with its audit sequence number (by
 * `arcflux_append_audit`, migration 004, which names it too).
 */
export const LEDGER_CHANNEL = 'arcflux_ledger';

export interface PostgresLedgerOptions {
  /** Where the migration message goes; stderr in `serve`. */
  log: (line: string) => void;
  /** Connections this process keeps; a tick's claim and a command each take one. */
  poolSize?: number;
}

/** One occurrence a claim took: the payment row as locked, and the run that fell due. */
export interface ClaimedOccurrence {
  payment: Payment;
  occurrenceAt: string;
}

/**
 * The ledger on PostgreSQL: the same records as the file ledger (LedgerStore), in tables
 * with real columns for what queries and constraints need, and the same hash chain in
 * `audit_log`. Several processes may share one database.
 *
 * - A commit is one transaction: the rows, then one audit record chained to the head,
 *   whose row lock makes commits from every process chain one after another. A command's
 *   commit is one batch of statements, sent in one round trip: its audit record is built
 *   ahead on the head this process last read, and the database refuses it whole when
 *   another commit came first (`arcflux_append_audit`), so it reads on and tries again.
 * - `together` collects a command's commits into one transaction (CommandUnits, shared
 *   with LedgerStore).
 * - Reads are the same in-memory collections LedgerStore keeps, loaded at open from the
 *   tables and kept current by reading the audit records past the last one applied, in
 *   chain order: this process's commits and every other process's alike. A change shows
 *   once it is committed and read back.
 */
export class PostgresLedgerStore implements LedgerBackend {
  readonly payments = new Map<string, Payment>();
  readonly proposals = new Map<string, Proposal>();
  readonly riskAssessments: RiskAssessment[] = [];
  readonly riskById = new Map<string, RiskAssessment>();
  readonly executions: Execution[] = [];
  readonly notifications: Notification[] = [];

  readonly #listeners = new Set<Listener>();
  readonly #remoteListeners = new Set<Listener>();
  /**
   * Hashes of the audit records this process is writing, marked before their COMMIT: the
   * announcement of a commit can reach the listening connection before the COMMIT's answer
   * reaches the writing one, and such a record must still count as this process's own.
   * By hash, not sequence number: a record another process chained first at the same
   * number is someone else's.
   */
  readonly #ownHashes = new Set<string>();
  /**
   * Sequence numbers of the records this process is committing now: their announcement
   * needs no read, the commit applies them here when it returns.
   */
  readonly #inFlight = new Set<number>();
  readonly #units = new CommandUnits();
  readonly #reading = new SerialQueue();
  /**
   * This process's commits outside claims, one batch at a time (built on the same head, a
   * second batch would only be refused and sent again), grouped while one is in flight.
   */
  readonly #commits = new GroupCommit<LedgerChange[]>((group) => this.#appendGroup(group));
  #head: ChainHead = { seq: 0, hash: GENESIS_HASH };

  private constructor(
    private readonly pool: pg.Pool,
    private readonly clock: Clock,
    /** Whether close() ends the pool: not when the caller shares it with other tables. */
    private readonly ownsPool: boolean,
  ) {}

  /** Connects, brings the schema up to date (saying so), and loads the ledger. */
  static async open(
    url: string,
    clock: Clock,
    options: PostgresLedgerOptions,
  ): Promise<PostgresLedgerStore> {
    await migrateDatabase(url, options.log);
    const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 4 });
    // An idle connection the server dropped (a restart) must not crash the process; the
    // next query takes a new one.
    pool.on('error', () => undefined);
    try {
      return await PostgresLedgerStore.load(pool, clock, true);
    } catch (error) {
      await pool.end();
      throw error;
    }
  }

  /**
   * Loads the ledger over a pool the caller opened on a migrated database (the household
   * store shares one pool between the ledger and its other tables). `ownsPool` says
   * whether close() ends it.
   */
  static async load(pool: pg.Pool, clock: Clock, ownsPool = false): Promise<PostgresLedgerStore> {
    const store = new PostgresLedgerStore(pool, clock, ownsPool);
    await store.#load();
    return store;
  }

  get head(): ChainHead {
    return { ...this.#head };
  }

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Changes another process committed, once applied here (after the `subscribe`
   * listeners): what this process's own services did not announce, so the doors can.
   */
  subscribeRemote(listener: Listener): () => void {
    this.#remoteListeners.add(listener);
    return () => this.#remoteListeners.delete(listener);
  }

  /**
   * Commits `changes` as one transaction with one audit record. Outside `together` it
   * resolves once committed and applied to the reads; inside, it joins the unit.
   */
  commit(input: readonly LedgerChange[]): Promise<void> {
    let changes: LedgerChange[];
    try {
      changes = input.map(checkedChange);
    } catch (error) {
      return Promise.reject(error);
    }
    if (changes.length === 0 || this.#units.join(changes)) return Promise.resolve();
    return this.#append(changes);
  }

  together<T>(work: () => Promise<T>): Promise<T> {
    return this.#units.run(work, (changes) => this.#append(changes));
  }

  afterCommit(announce: () => void): void {
    this.#units.afterCommit(announce);
  }

  /**
   * Claims up to `limit` occurrences that are due now, for this executor alone, and
   * commits what `start` makes of them (the journal's `started` lines, the rows advanced)
   * in the same transaction as the claim. Rows another executor holds are skipped, not
   * waited for (`FOR UPDATE SKIP LOCKED`); an occurrence the journal already knows is
   * never returned. Should two executors still reach one occurrence, the unique `started`
   * index fails the second transaction whole. Resolves with the occurrences claimed.
   */
  async claimDue(
    limit: number,
    start: (due: ClaimedOccurrence[]) => readonly LedgerChange[] | Promise<readonly LedgerChange[]>,
  ): Promise<ClaimedOccurrence[]> {
    const now = toInstant(this.clock.now());
    return this.#transaction(async (client) => {
      const locked = await client.query<{ data: unknown; due: Date }>(
        `SELECT p.data, p.next_run_at AS due
           FROM payments p
          WHERE p.next_run_at IS NOT NULL AND NOT p.paused AND p.status = 'scheduled'
            AND p.next_run_at <= $1
            AND NOT EXISTS (SELECT 1 FROM executions e
                             WHERE e.payment_id = p.id AND e.occurrence_at = p.next_run_at)
          ORDER BY p.next_run_at, p.id
          LIMIT $2
          FOR UPDATE OF p SKIP LOCKED`,
        [now, limit],
      );
      if (locked.rows.length === 0) return [];
      const claimed = locked.rows.map((row) => ({
        payment: paymentSchema.parse(row.data),
        occurrenceAt: row.due.toISOString(),
      }));
      // The row locks are held now, so this statement's fresh snapshot sees every journal
      // line committed by whoever held them before: an occurrence started in between is
      // dropped here even though the first statement's older snapshot missed it.
      const started = await client.query<{ payment_id: string }>(
        `SELECT DISTINCT e.payment_id
           FROM executions e
           JOIN unnest($1::text[], $2::timestamptz[]) AS d(payment_id, at)
             ON e.payment_id = d.payment_id AND e.occurrence_at = d.at`,
        [claimed.map(({ payment }) => payment.id), locked.rows.map((row) => row.due)],
      );
      const taken = new Set(started.rows.map((row) => row.payment_id));
      const due = claimed.filter(({ payment }) => !taken.has(payment.id));
      if (due.length === 0) return [];
      const changes = (await start(due)).map(checkedChange);
      if (changes.length > 0) await this.#write(client, changes);
      return due;
    });
  }

  /**
   * Checks the whole audit log as `validate` checks ledger.jsonl: every record follows the
   * one before it, its hash matches its body, and the body is a valid ledger record.
   * Returns the problems found (the first broken record), none when the chain holds.
   */
  async verifyChain(): Promise<{ file: string; message: string }[]> {
    let head: ChainHead = { seq: 0, hash: GENESIS_HASH };
    for (;;) {
      const page = await this.pool.query<{
        seq: string;
        prev: string;
        hash: string;
        body: unknown;
      }>('SELECT seq, prev, hash, body FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT 1000', [
        head.seq,
      ]);
      if (page.rows.length === 0) break;
      for (const row of page.rows) {
        const seq = Number(row.seq);
        const problem =
          seq !== head.seq + 1 || row.prev !== head.hash
            ? `does not follow record ${head.seq}`
            : auditHash(row.body) !== row.hash
              ? 'was changed after it was written: its hash does not match'
              : ledgerBodySchema.safeParse(row.body).success
                ? undefined
                : 'is not a valid ledger record';
        if (problem) return [{ file: 'audit_log', message: `record ${seq} ${problem}` }];
        head = { seq, hash: row.hash };
      }
    }
    const stored = await this.pool.query<{ seq: string; hash: string }>(
      'SELECT seq, hash FROM audit_head',
    );
    const last = stored.rows[0];
    if (!last || Number(last.seq) !== head.seq || last.hash !== head.hash) {
      return [{ file: 'audit_head', message: `does not name the last record (${head.seq})` }];
    }
    return [];
  }

  /**
   * Applies what other processes committed since the last read. `upTo`, the sequence
   * number a commit announced, skips the read when that record is applied already (this
   * process's own commits, announced to it too).
   */
  refresh(upTo?: number): Promise<void> {
    if (upTo !== undefined && this.#inFlight.has(upTo)) return Promise.resolve();
    return this.#reading
      .run(() => (upTo !== undefined && this.#head.seq >= upTo ? undefined : this.#readNew()))
      .catch((error: unknown) => {
        throw databaseLost(error) ?? error;
      });
  }

  async close(): Promise<void> {
    await this.#reading.run(() => undefined);
    if (this.ownsPool) await this.pool.end();
  }

  /**
   * Runs `work` in one transaction on `session`, a connection the caller holds for its
   * session-level locks (an executor's claims), then reads back what it and others
   * committed. `write` commits changes with their audit record, as `commit` does. On
   * failure the session is rolled back and left to the caller, who should drop it.
   */
  onSession<T>(
    session: pg.PoolClient,
    work: (write: (changes: readonly LedgerChange[]) => Promise<void>) => Promise<T>,
  ): Promise<T> {
    return this.#transaction(
      (client) => work((changes) => this.#write(client, changes.map(checkedChange))),
      session,
    );
  }

  /** Runs `work` in one transaction, then reads back every audit record it and others made. */
  async #transaction<T>(
    work: (client: pg.PoolClient) => Promise<T>,
    session?: pg.PoolClient,
  ): Promise<T> {
    const client = session ?? (await this.pool.connect());
    // A connection lost mid-transaction (a server restart, a killed backend) is reported
    // as an event, which unheard would end the process; the transaction's next query
    // fails instead, and the server has already rolled it back.
    const lost = () => undefined;
    client.on('error', lost);
    let result: T;
    const written: string[] = [];
    try {
      await client.query('BEGIN');
      result = await work(client);
      const hash = this.#pendingHash;
      this.#pendingHash = undefined;
      if (hash !== undefined) {
        written.push(hash);
        this.#ownHashes.add(hash);
      }
      await client.query('COMMIT');
    } catch (error) {
      this.#pendingHash = undefined;
      for (const hash of written) this.#ownHashes.delete(hash);
      await client.query('ROLLBACK').catch(() => undefined);
      client.off('error', lost);
      // The connection may be the reason: drop it rather than hand it to the next transaction.
      if (!session) client.release(true);
      throw databaseLost(error) ?? error;
    }
    client.off('error', lost);
    if (!session) client.release();
    await this.refresh();
    return result;
  }

  /**
   * Commits outside a claim, in one round trip. Commits that arrive while one is being
   * written go together in the next batch (group commit): each commit's rows and its own
   * audit record, chained one after another on the head this process last read, in one
   * implicit transaction, and the database chains them only if that head is still the last
   * record. If another process committed first, nothing was written: read what it
   * committed and build again on it. On success the changes are applied here from memory,
   * in chain order with what `refresh` reads, before the calls resolve.
   */
  #append(changes: LedgerChange[]): Promise<void> {
    return this.#commits.add(changes);
  }

  /**
   * One group. If the database refuses a group of several for what one commit holds (a
   * constraint, bad data: nothing was written), each is sent alone, so only that one
   * fails. Any other failure (a lost connection, where the outcome is not known) fails
   * them all, as it would fail one: none is sent twice.
   */
  async #appendGroup(group: LedgerChange[][]): Promise<unknown[] | void> {
    try {
      return await this.#appendBatch(group);
    } catch (error) {
      if (group.length === 1 || !refusedData(error)) throw databaseLost(error) ?? error;
    }
    const errors: unknown[] = [];
    for (const changes of group) {
      errors.push(
        await this.#appendBatch([changes]).then(
          () => undefined,
          (error: unknown) => databaseLost(error) ?? error,
        ),
      );
    }
    return errors;
  }

  async #appendBatch(group: LedgerChange[][]): Promise<void> {
    const rows = group.map((changes) => changeStatements(changes));
    for (let attempt = 1; ; attempt += 1) {
      const records: AuditRecord[] = [];
      let head = this.#head;
      for (const changes of group) {
        const record = this.#record(changes, head);
        records.push(record);
        head = { seq: record.body.seq, hash: record.hash };
      }
      for (const record of records) {
        this.#ownHashes.add(record.hash);
        this.#inFlight.add(record.body.seq);
      }
      try {
        await this.pool.query(
          records.map((record, index) => `${rows[index]};\n${appendAudit(record)}`).join(';\n'),
        );
      } catch (error) {
        for (const record of records) {
          this.#ownHashes.delete(record.hash);
          this.#inFlight.delete(record.body.seq);
        }
        if (!headMoved(error) || attempt >= APPEND_ATTEMPTS) {
          // The outcome may be unknown (a connection lost at COMMIT) and its announcement
          // was not read: read the chain as it stands, so this process shows what is there.
          this.refresh().catch(() => undefined);
          throw error;
        }
        await this.refresh();
        continue;
      }
      try {
        await this.#reading.run(async () => {
          for (const record of records) await this.#applyOwn(record);
        });
      } finally {
        for (const record of records) this.#inFlight.delete(record.body.seq);
      }
      return;
    }
  }

  /**
   * Writes the rows, then chains one audit record to the head, inside a claim's
   * transaction: the head's row lock is taken first here (so the record is built on the
   * head as committed, and the claim never has to start over), then the rows and the
   * record go as one batch. No deadlock with `#append`, which takes the head last: the
   * rows a claim writes are journal lines, which nothing else locks, and the payment rows
   * it locked before were taken with SKIP LOCKED.
   */
  async #write(client: pg.PoolClient, changes: LedgerChange[]): Promise<void> {
    const head = await client.query<{ seq: string; hash: string }>(
      'SELECT seq, hash FROM audit_head FOR UPDATE',
    );
    const previous = head.rows[0];
    if (!previous) throw missingHead();
    const record = this.#record(changes, { seq: Number(previous.seq), hash: previous.hash });
    await client.query(`${changeStatements(changes)};\n${appendAudit(record)}`);
    this.#pendingHash = record.hash;
  }

  /** The audit record that chains `changes` to `head`. */
  #record(changes: LedgerChange[], head: ChainHead): AuditRecord {
    const body: LedgerBody = {
      seq: head.seq + 1,
      prev: head.hash,
      v: 1,
      at: toInstant(this.clock.now()),
      changes,
    };
    return { body, hash: auditHash(body) };
  }

  /**
   * This process's own record, committed: applied from memory unless a `refresh` already
   * read it from the database (the announcement can arrive first).
   */
  async #applyOwn(record: AuditRecord): Promise<void> {
    if (this.#head.seq >= record.body.seq) return;
    if (this.#head.seq !== record.body.seq - 1 || this.#head.hash !== record.body.prev) {
      // Not reachable while the head only moves forward; read the chain as stored instead.
      return this.#readNew();
    }
    this.#ownHashes.delete(record.hash);
    for (const change of record.body.changes) this.#apply(change, false);
    this.#head = { seq: record.body.seq, hash: record.hash };
  }

  /**
   * The hash of the record #write built for the transaction being committed. Transactions
   * of one store run one at a time up to their head lock, and #transaction takes it right
   * after `work`, before anything else can write.
   */
  #pendingHash: string | undefined;

  /**
   * Loads the tables and the head they stand at from one snapshot, so the collections are
   * exactly the state after the head's record.
   */
  async #load(): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const head = await client.query<{ seq: string; hash: string }>(
        'SELECT seq, hash FROM audit_head',
      );
      const rows = async (table: string) =>
        (
          await client.query<{ data: unknown }>(`SELECT data FROM ${table} ORDER BY position`)
        ).rows.map((row) => row.data);
      const collections = {
        payments: await rows('payments'),
        proposals: await rows('proposals'),
        riskAssessments: await rows('risk_assessments'),
        executions: await rows('executions'),
        notifications: await rows('notifications'),
      };
      await client.query('COMMIT');
      const first = head.rows[0];
      if (!first) throw missingHead();
      // The database is a boundary like any file: every row passes its schema first.
      const parsed = ledgerCollectionsSchema.safeParse(collections);
      if (!parsed.success) {
        throw new CoreError(
          'corrupt_data',
          `A row of the PostgreSQL store is not a valid ledger record (${describeIssue(parsed.error, '')}). ArcFlux did not start and changed nothing. Restore the database from a backup.`,
        );
      }
      this.#head = { seq: Number(first.seq), hash: first.hash };
      loadCollections(this, parsed.data);
    } finally {
      client.release();
    }
  }

  /** Reads the audit records past the head, checks each one's chain link, and applies them. */
  async #readNew(): Promise<void> {
    const result = await this.pool.query<{
      seq: string;
      prev: string;
      hash: string;
      body: unknown;
    }>('SELECT seq, prev, hash, body FROM audit_log WHERE seq > $1 ORDER BY seq', [this.#head.seq]);
    for (const row of result.rows) {
      const seq = Number(row.seq);
      if (seq !== this.#head.seq + 1 || row.prev !== this.#head.hash) {
        throw brokenChain(seq, `does not follow record ${this.#head.seq}`);
      }
      if (auditHash(row.body) !== row.hash) {
        throw brokenChain(seq, 'was changed after it was written: its hash does not match');
      }
      const body = ledgerBodySchema.safeParse(row.body);
      if (!body.success) {
        throw brokenChain(
          seq,
          `is not a valid ledger record (${describeIssue(body.error, 'body')})`,
        );
      }
      const remote = !this.#ownHashes.delete(row.hash);
      for (const change of body.data.changes) this.#apply(change, remote);
      this.#head = { seq, hash: row.hash };
    }
  }

  #apply(change: LedgerChange, remote: boolean): void {
    applyChange(this, change);
    for (const listener of this.#listeners) listener(change);
    if (!remote) return;
    for (const listener of this.#remoteListeners) {
      try {
        listener(change);
      } catch {
        // A door's listener failing must not stop the ledger from reading on.
      }
    }
  }
}

interface AuditRecord {
  body: LedgerBody;
  hash: string;
}

/**
 * How many times a commit is built again when other processes keep committing first. Each
 * attempt reads what came first, so this is reached only under a storm of commits.
 */
const APPEND_ATTEMPTS = 50;

/** The statement that chains `record` (see migration 004), with its values as literals. */
function appendAudit({ body, hash }: AuditRecord): string {
  const text = (value: string) => pg.escapeLiteral(value);
  return `SELECT arcflux_append_audit(${body.seq}, ${text(body.prev)}, ${text(hash)}, ${text(body.at)}, ${jsonLiteral(body)}::jsonb)`;
}

/**
 * Whether the database refused what a commit holds, rolling it back whole: SQLSTATE class
 * 22 (data exception) or 23 (integrity constraint violation).
 */
function refusedData(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
}

/** Whether a commit failed because another commit took the head it was built on. */
function headMoved(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error as { code?: unknown }).code === '40001' &&
    error.message.startsWith('arcflux_head_moved')
  );
}

function missingHead(): CoreError {
  return new CoreError(
    'corrupt_data',
    'The PostgreSQL store has no audit_head row, which its first migration writes. ArcFlux did not start and changed nothing. Restore the database from a backup.',
  );
}

function brokenChain(seq: number, what: string): CoreError {
  return new CoreError(
    'corrupt_data',
    `The PostgreSQL audit log's record ${seq} ${what}, so ArcFlux cannot trust the ledger. Nothing more was applied. Restore the database from a backup, or find who changed audit_log.`,
  );
}
