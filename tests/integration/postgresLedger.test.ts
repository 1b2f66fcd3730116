import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { Payment } from '../../shared/schemas/payment';
import { toInstant } from '../../electron/core/clock';
import { executionIdFor, occurrenceKey } from '../../electron/core/execution/idempotency';
import type { LedgerChange } from '../../electron/core/store/ledgerRecords';
import {
  PostgresLedgerStore,
  type ClaimedOccurrence,
} from '../../electron/core/store/postgres/postgresLedgerStore';
import { eventually } from '../support/eventually';
import { describeLedgerContract, execution, payment } from '../support/ledgerContract';
import { ManualClock } from '../support/manualClock';
import { usePostgresCluster } from '../support/usePostgres';

const { unavailable, freshDatabase } = usePostgresCluster('ledger');

const quiet = { log: () => undefined };

describeLedgerContract(
  'the PostgreSQL ledger (PostgresLedgerStore)',
  async () => {
    const url = await freshDatabase();
    const clock = new ManualClock();
    return { open: () => PostgresLedgerStore.open(url, clock, quiet) };
  },
  unavailable,
);

describe.skipIf(unavailable !== undefined)('the PostgreSQL ledger', () => {
  const stores: PostgresLedgerStore[] = [];
  const clients: pg.Client[] = [];
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    for (const client of clients.splice(0)) await client.end();
  });
  const clock = new ManualClock();
  const open = async (url: string, log: (line: string) => void = () => undefined) => {
    const store = await PostgresLedgerStore.open(url, clock, { log });
    stores.push(store);
    return store;
  };
  const sql = async (url: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    clients.push(client);
    return client;
  };

  it('migrates the schema at start, saying so, and finds it up to date the next time', async () => {
    const url = await freshDatabase();
    const lines: string[] = [];
    await open(url, (line) => lines.push(line));
    await open(url, (line) => lines.push(line));
    expect(lines).toEqual([
      'ArcFlux: applied 3 PostgreSQL schema migrations: 001_household-store, 002_household-balances, 003_household-tokens.',
      'ArcFlux: the PostgreSQL schema is up to date.',
    ]);
    const client = await sql(url);
    const columns = await client.query<{
      table_name: string;
      column_name: string;
      data_type: string;
    }>(
      `SELECT table_name, column_name, data_type FROM information_schema.columns
        WHERE column_name IN ('amount', 'next_run_at', 'occurrence_at', 'created_at')
          AND table_schema = 'public' ORDER BY table_name, column_name`,
    );
    const types = new Set(columns.rows.map((row) => `${row.column_name}:${row.data_type}`));
    // Money is never a float, instants keep their zone.
    expect([...types].sort()).toEqual([
      'amount:numeric',
      'created_at:timestamp with time zone',
      'next_run_at:timestamp with time zone',
      'occurrence_at:timestamp with time zone',
    ]);
  });

  it('stores money as exact numerics: sums in SQL come out to the cent', async () => {
    const url = await freshDatabase();
    const store = await open(url);
    await store.commit([
      payment('pay_a', { amount: '0.1' }),
      payment('pay_b', { amount: '0.2' }),
      payment('pay_c', { amount: '1234567890123.000001' }),
    ]);
    const client = await sql(url);
    const sum = await client.query<{ total: string }>(
      'SELECT sum(amount)::text AS total FROM payments',
    );
    expect(sum.rows[0]?.total).toBe('1234567890123.300001');
  });

  it('chains every commit in audit_log, verifiable from the stored jsonb', async () => {
    const url = await freshDatabase();
    const store = await open(url);
    await store.commit([payment('pay_a')]);
    await store.together(async () => {
      await store.commit([payment('pay_b')]);
      await store.commit([execution('exe_b', 'started', { paymentId: 'pay_b' })]);
    });
    const client = await sql(url);
    const rows = await client.query<{ seq: string; prev: string; hash: string; body: unknown }>(
      'SELECT seq, prev, hash, body FROM audit_log ORDER BY seq',
    );
    const { auditHash } = await import('../../electron/core/store/postgres/auditChain');
    let previous = '0'.repeat(64);
    for (const row of rows.rows) {
      expect(row.prev).toBe(previous);
      expect(auditHash(row.body)).toBe(row.hash);
      previous = row.hash;
    }
    expect(rows.rows.map((row) => Number(row.seq))).toEqual([1, 2]);
    expect(store.head).toEqual({ seq: 2, hash: previous });
  });

  it('lets a second process read what the first committed, and refuses a tampered record', async () => {
    const url = await freshDatabase();
    const first = await open(url);
    const second = await open(url);
    const heard: string[] = [];
    second.subscribe((change) => heard.push(`${change.kind}:${change.data.id}`));
    await first.commit([payment('pay_a')]);
    await second.refresh();
    expect(second.payments.get('pay_a')?.status).toBe('scheduled');
    expect(second.head).toEqual(first.head);
    expect(heard).toEqual(['payment:pay_a']);

    await first.commit([payment('pay_a', { status: 'cancelled' })]);
    const client = await sql(url);
    // Someone edits the money in the audit record the second process has not read yet.
    await client.query(
      `UPDATE audit_log SET body = jsonb_set(body, '{changes,0,data,amount}', '"9999"')
        WHERE seq = (SELECT max(seq) FROM audit_log)`,
    );
    await expect(second.refresh()).rejects.toMatchObject({ code: 'corrupt_data' });
    expect(second.payments.get('pay_a')?.status).toBe('scheduled');
  });

  describe('claims', () => {
    const due = (id: string): LedgerChange =>
      payment(id, {
        schedule: { kind: 'once', runAt: null },
        status: 'scheduled',
        nextRunAt: toInstant(new Date(clock.now().getTime() - 60_000)),
      });

    /** What a tick commits with its claim: the `started` line, and the row taken off the schedule. */
    const startAll = (claimed: ClaimedOccurrence[]): LedgerChange[] =>
      claimed.flatMap(({ payment: row, occurrenceAt }) => [
        startedLine(row, occurrenceAt),
        { kind: 'payment', data: { ...row, status: 'executing', nextRunAt: null } } as const,
      ]);

    it('gives each due occurrence to exactly one of two executors claiming at once', async () => {
      const url = await freshDatabase();
      const seeding = await open(url);
      const ids = Array.from({ length: 60 }, (_, index) => `pay_${index}`);
      await seeding.commit(ids.map(due));
      const executors = [await open(url), await open(url)];
      const claimedBy = await Promise.all(
        executors.map(async (executor) => {
          const mine: string[] = [];
          for (;;) {
            const claimed = await executor.claimDue(4, startAll);
            if (claimed.length === 0) return mine;
            mine.push(...claimed.map((occurrence) => occurrence.payment.id));
          }
        }),
      );
      const [one = [], two = []] = claimedBy;
      expect(one.filter((id) => two.includes(id))).toEqual([]);
      expect([...one, ...two].sort()).toEqual([...ids].sort());
      const client = await sql(url);
      const starts = await client.query<{ id: string; lines: string }>(
        `SELECT id, count(*) AS lines FROM executions WHERE status = 'started' GROUP BY id`,
      );
      expect(starts.rows).toHaveLength(ids.length);
      expect(starts.rows.every((row) => row.lines === '1')).toBe(true);
    });

    it('skips the rows another executor holds instead of waiting for them', async () => {
      const url = await freshDatabase();
      const seeding = await open(url);
      await seeding.commit(['pay_a', 'pay_b', 'pay_c', 'pay_d'].map(due));
      const [holder, other] = [await open(url), await open(url)];
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let holding: (ids: string[]) => void = () => undefined;
      const holds = new Promise<string[]>((resolve) => {
        holding = resolve;
      });
      // The holder's transaction stays open, its rows locked, until the other has claimed.
      const holderClaim = holder.claimDue(2, async (claimed) => {
        holding(claimed.map((occurrence) => occurrence.payment.id));
        await held;
        return startAll(claimed);
      });
      const heldIds = await holds;
      const otherIds = (await other.claimDue(10, startAll)).map(
        (occurrence) => occurrence.payment.id,
      );
      release();
      await holderClaim;
      expect(heldIds).toEqual(['pay_a', 'pay_b']);
      expect(otherIds).toEqual(['pay_c', 'pay_d']);
      // Once the holder commits, nothing is left for anyone.
      expect(await other.claimDue(10, startAll)).toEqual([]);
    });

    it("gives a dead executor's claim to the others: its rows unlock and nothing it started stays", async () => {
      const url = await freshDatabase();
      const seeding = await open(url);
      await seeding.commit(['pay_a', 'pay_b'].map(due));
      const [doomed, survivor] = [await open(url), await open(url)];
      let claimed: () => void = () => undefined;
      const holding = new Promise<void>((resolve) => {
        claimed = resolve;
      });
      let resume: () => void = () => undefined;
      const resumed = new Promise<void>((resolve) => {
        resume = resolve;
      });
      const doomedClaim = doomed.claimDue(5, async (occurrences) => {
        claimed();
        await resumed;
        return startAll(occurrences);
      });
      await holding;
      expect(await survivor.claimDue(5, startAll)).toEqual([]);
      const client = await sql(url);
      // What the server sees when an executor's process is killed mid-claim: its backend
      // goes, and with it the open transaction and its row locks.
      const ended = await client.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = current_database() AND state = 'idle in transaction'`,
      );
      expect(ended.rowCount).toBe(1);
      await eventually(async () => {
        const remaining = await client.query(
          `SELECT 1 FROM pg_stat_activity
            WHERE datname = current_database() AND state = 'idle in transaction'`,
        );
        return remaining.rowCount === 0;
      }, "the killed executor's backend to end");
      const taken = await survivor.claimDue(5, startAll);
      // The executor itself learns at its next statement; nothing it meant to write lands.
      resume();
      await expect(doomedClaim).rejects.toThrow();
      expect(taken.map((occurrence) => occurrence.payment.id)).toEqual(['pay_a', 'pay_b']);
      const starts = await client.query<{ count: string }>(
        `SELECT count(*) FROM executions WHERE status = 'started'`,
      );
      expect(starts.rows[0]?.count).toBe('2');
    });

    it('never hands out an occurrence the journal already started, even on a row still due', async () => {
      const url = await freshDatabase();
      const store = await open(url);
      await store.commit([due('pay_a')]);
      // This tick writes the `started` line only: the row still says the run is due.
      const startOnly = (claimed: ClaimedOccurrence[]) =>
        claimed.map(({ payment: row, occurrenceAt }) => startedLine(row, occurrenceAt));
      expect((await store.claimDue(5, startOnly)).map((claim) => claim.payment.id)).toEqual([
        'pay_a',
      ]);
      const other = await open(url);
      expect(await other.claimDue(5, startOnly)).toEqual([]);
      expect(store.payments.get('pay_a')?.status).toBe('scheduled');
    });

    it('refuses a second `started` line for the same attempt, and writes nothing of its commit', async () => {
      const url = await freshDatabase();
      const store = await open(url);
      const line = execution('exe_a', 'started');
      await store.commit([line]);
      const before = store.head;
      await expect(store.commit([payment('pay_z'), line])).rejects.toMatchObject({
        code: '23505',
        constraint: 'executions_one_start',
      });
      expect(store.head).toEqual(before);
      expect(store.payments.has('pay_z')).toBe(false);
      const client = await sql(url);
      const rows = await client.query<{ count: string }>('SELECT count(*) FROM payments');
      expect(rows.rows[0]?.count).toBe('0');
      // A resubmission is a new attempt and is allowed.
      await store.commit([execution('exe_a', 'started', { attempt: 2 })]);
      expect(store.executions.map((entry) => entry.attempt)).toEqual([1, 2]);
    });
  });
});

function startedLine(row: Payment, occurrenceAt: string): LedgerChange {
  const key = occurrenceKey(row.id, occurrenceAt);
  return {
    kind: 'execution',
    data: {
      id: executionIdFor(key),
      paymentId: row.id,
      occurrenceAt,
      idempotencyKey: key,
      attempt: 1,
      status: 'started',
      amount: row.amount,
      currency: row.currency,
      startedAt: occurrenceAt,
      finishedAt: null,
      transferId: null,
      error: null,
      uuidVersion: 4,
    },
  };
}
