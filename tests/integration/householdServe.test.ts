import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventName, EventPayload } from '../../shared/contract';
import { openCore, type Core } from '../../electron/core/createCore';
import { CLAIM_BATCH } from '../../electron/core/store/postgres/executorClaims';
import { PostgresLedgerStore } from '../../electron/core/store/postgres/postgresLedgerStore';
import { cliPath, runCli } from '../support/cli';
import { repositoryRoot, seedDir } from '../support/dataFolder';
import { eventually } from '../support/eventually';
import { payment } from '../support/ledgerContract';
import { ManualClock } from '../support/manualClock';
import { configWith } from '../support/moneyCore';
import { allMigrationsApplied } from '../support/postgres';
import { usePostgresCluster } from '../support/usePostgres';

const { unavailable, cluster, freshDatabase } = usePostgresCluster('household');

describe.skipIf(unavailable !== undefined)('serve --store postgres (the household store)', () => {
  const folders: string[] = [];
  const cores: Core[] = [];
  afterEach(async () => {
    for (const core of cores.splice(0)) await core.close();
    for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
  });

  const folder = () => {
    const path = mkdtempSync(join(tmpdir(), 'arcflux-household-'));
    folders.push(path);
    return path;
  };
  /** A config naming the database by `env:ARCFLUX_DATABASE_URL`, as a household's would. */
  const postgresConfig = () =>
    configWith(folder(), (config) => {
      config.store = { kind: 'postgres', url: 'env:ARCFLUX_DATABASE_URL' };
    });

  async function open(
    url: string,
    options: {
      clock?: ManualClock;
      log?: (line: string) => void;
      configPath?: string;
      pause?: (point: 'after_started' | 'before_settle') => Promise<void>;
      runScheduler?: boolean;
    } = {},
  ) {
    const core = await openCore({
      dataDir: folder(),
      owner: 'a household test',
      configPath: options.configPath ?? postgresConfig(),
      seedDir,
      clock: options.clock ?? new ManualClock(),
      env: { ARCFLUX_DATABASE_URL: url },
      log: options.log ?? (() => undefined),
      ...(options.runScheduler ? { runScheduler: true } : {}),
      money: {
        sleep: async () => undefined,
        ...(options.pause ? { pause: options.pause } : {}),
      },
    });
    cores.push(core);
    return core;
  }

  /**
   * `count` one-off payments due a minute ago, written straight into the database, as
   * another process would have left them.
   */
  async function seedDue(url: string, clock: ManualClock, count: number): Promise<void> {
    const due = new Date(clock.now().getTime() - 60_000).toISOString();
    const writer = await PostgresLedgerStore.open(url, clock, { log: () => undefined });
    try {
      await writer.commit(
        Array.from({ length: count }, (_, index) =>
          payment(`pay_due_${index}`, {
            schedule: { kind: 'once', runAt: due },
            nextRunAt: due,
            amount: '1',
          }),
        ),
      );
    } finally {
      await writer.close();
    }
  }

  const call = async (core: Core, name: string, input: unknown) => {
    const result = await core.dispatch(name as never, input);
    if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
    return result.data as any;
  };

  it('arcflux serve --store postgres starts on the database, saying what it did to the schema', async () => {
    const url = await freshDatabase();
    const dataDir = folder();
    const child = spawn(
      process.execPath,
      [
        cliPath,
        'serve',
        '--store',
        'postgres',
        '--port',
        '0',
        '--data',
        dataDir,
        '--config',
        postgresConfig(),
      ],
      {
        cwd: repositoryRoot,
        env: { ...process.env, ARCFLUX_DATABASE_URL: url },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      await eventually(
        // The token is printed before the browser-mode link.
        () => stdout.includes('ArcFlux browser mode:') || child.exitCode !== null,
        'serve to start',
      );
      expect(stdout).toMatch(/ArcFlux API: http:\/\/\S+\/v1\/ \(household store: PostgreSQL/);
      expect(stderr).toContain(allMigrationsApplied());
      // The default connector's network is this server's own folder's: it says so, once.
      expect(stderr.split('uses the simulated connector')).toHaveLength(2);
      // The API answers from the database (and, answering, the server is past its start-up).
      const api = /ArcFlux API: (\S+)/.exec(stdout)?.[1] ?? '';
      const token = /API token \(shown this once[^)]*\): (\S+)/.exec(stdout)?.[1] ?? '';
      const response = await fetch(`${api}users`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { ok: boolean; data: { id: string }[] };
      const users = body.data;
      expect(users.map((user) => user.id)).toContain('user2');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });

  it('a database it cannot reach is a clear error, with no trace and no password, that changes nothing', async () => {
    const password = 'Sup3r-s3cret-pw';
    const dataDir = folder();
    const result = await runCli(
      [
        'serve',
        '--store',
        'postgres',
        '--port',
        '0',
        '--data',
        dataDir,
        '--config',
        postgresConfig(),
      ],
      {
        ARCFLUX_DATABASE_URL: `postgresql://arcflux:${password}@localhost/home?host=${encodeURIComponent(join(dataDir, 'no-server-here'))}`,
      },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /arcflux serve: ArcFlux could not open the household database: there is no PostgreSQL socket in that folder: is PostgreSQL running\?.*Check store\.url in system_config\.json.*nothing was changed\./s,
    );
    expect(result.stderr + result.stdout).not.toContain(password);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('a missing database is named as such, and ARCFLUX_DATABASE_URL unset is named too', async () => {
    const missing = cluster().url.replace('/arcflux_test?', '/no_such_household?');
    const error = await openCore({
      dataDir: folder(),
      owner: 'a household test',
      configPath: postgresConfig(),
      seedDir,
      env: { ARCFLUX_DATABASE_URL: missing },
      log: () => undefined,
    }).then(
      () => undefined,
      (caught: unknown) => caught as Error,
    );
    expect(error?.message).toMatch(/that database does not exist \(create it first/);
    const unset = await openCore({
      dataDir: folder(),
      owner: 'a household test',
      configPath: postgresConfig(),
      seedDir,
      env: {},
      log: () => undefined,
    }).then(
      () => undefined,
      (caught: unknown) => caught as Error,
    );
    expect(unset?.message).toMatch(
      /store\.url reads the environment variable ARCFLUX_DATABASE_URL, which is not set/,
    );
    // --store postgres with a config that names no database: said, not guessed.
    const unnamed = await openCore({
      dataDir: folder(),
      owner: 'a household test',
      configPath: configWith(folder(), () => undefined),
      seedDir,
      store: 'postgres',
      env: { ARCFLUX_DATABASE_URL: missing },
      log: () => undefined,
    }).then(
      () => undefined,
      (caught: unknown) => caught as Error,
    );
    expect(unnamed?.message).toMatch(
      /system_config\.json has no store\.url\. Add "store": \{ "kind": "postgres"/,
    );
  });

  it('migrates and seeds an empty database at start, saying so, and finds it up to date next time', async () => {
    const url = await freshDatabase();
    const first: string[] = [];
    const core = await open(url, { log: (line) => first.push(line) });
    expect(core.store).toBe('postgres');
    expect(first).toContain(allMigrationsApplied());
    const users = await call(core, 'users:list', {});
    expect(users.map((user: { id: string }) => user.id)).toContain('user2');
    // The data folder holds none of the household's state: it is all in the database.
    expect(existsSync(join(core.dataDir, 'users.json'))).toBe(false);
    expect(existsSync(join(core.dataDir, 'ledger.jsonl'))).toBe(false);
    const seededUsers = users.length;
    await core.close();
    cores.splice(0);

    const second: string[] = [];
    const again = await open(url, { log: (line) => second.push(line) });
    expect(second.join('\n')).toMatch(/schema is up to date/);
    // Not seeded twice.
    expect(await call(again, 'users:list', {})).toHaveLength(seededUsers);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const balances = await client.query<{ amount: string; type: string }>(
        "SELECT amount::text AS amount, pg_typeof(amount)::text AS type FROM balances WHERE user_id = 'user1' AND currency = 'USDC'",
      );
      expect(balances.rows[0]).toEqual({ amount: '5000', type: 'numeric' });
    } finally {
      await client.end();
    }
  });

  it('shows one process what another committed, with the same events a local change sends', async () => {
    const url = await freshDatabase();
    const a = await open(url);
    const b = await open(url);
    const seen: { name: EventName; payload: unknown }[] = [];
    const listen = <Name extends EventName>(name: Name) =>
      b.on(name, (payload: EventPayload<Name>) => seen.push({ name, payload }));
    listen('payment:changed');
    listen('settings:changed');
    listen('notification:created');

    await call(a, 'settings:update', { timezone: 'Europe/Paris' });
    await eventually(
      () => seen.some((event) => event.name === 'settings:changed'),
      'the settings event in the other process',
    );
    expect((await call(b, 'settings:get', {})).timezone).toBe('Europe/Paris');

    const result = await call(a, 'commands:run', { text: 'Pay User Two 12 USDC tomorrow' });
    const paymentId: string = result.payment?.id ?? result.proposal?.paymentId;
    expect(paymentId).toBeTruthy();
    await eventually(
      () =>
        seen.some(
          (event) =>
            event.name === 'payment:changed' &&
            (event.payload as { payment: { id: string } }).payment.id === paymentId,
        ),
      'the payment event in the other process',
    );
    const inB = await call(b, 'payments:get', { id: paymentId });
    expect(inB.payment?.id ?? inB.id).toBe(paymentId);
  });

  it('pays each of many due occurrences once while two executors tick at the same time', async () => {
    const url = await freshDatabase();
    const clock = new ManualClock();
    const count = 40;
    const a = await open(url, { clock });
    const b = await open(url, { clock });
    // The due rows go straight into the database, as another process would have left them.
    await seedDue(url, clock, count);
    for (let round = 0; round < 4; round += 1) {
      await Promise.all([call(a, 'scheduler:tick', {}), call(b, 'scheduler:tick', {})]);
    }
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const lines = await client.query<{ payment_id: string; status: string; n: string }>(
        `SELECT payment_id, status, count(*) AS n FROM executions
          WHERE payment_id LIKE 'pay_due_%' GROUP BY payment_id, status`,
      );
      const started = lines.rows.filter((row) => row.status === 'started');
      const succeeded = lines.rows.filter((row) => row.status === 'succeeded');
      expect(started).toHaveLength(count);
      expect(started.every((row) => row.n === '1')).toBe(true);
      expect(succeeded).toHaveLength(count);
      expect(succeeded.every((row) => row.n === '1')).toBe(true);
    } finally {
      await client.end();
    }
    // Each executor's own network saw its transfers; together, one per occurrence.
    const transfers = [a, b]
      .map((core) => networkTransfers(core.dataDir))
      .flat()
      .filter((key) => key.startsWith('pay_due_'));
    expect(transfers).toHaveLength(count);
    expect(new Set(transfers).size).toBe(count);
    // Both processes show the same ledger.
    const statuses = async (core: Core): Promise<string[]> =>
      (await call(core, 'payments:list', { limit: 200 })).items
        .filter((row: { id: string }) => row.id.startsWith('pay_due_'))
        .map((row: { status: string }) => row.status);
    await eventually(
      async () =>
        (await statuses(a)).filter((status) => status === 'executed').length === count &&
        (await statuses(b)).filter((status) => status === 'executed').length === count,
      'both processes to show every due payment executed',
    );
  });

  it('shares a busy tick between executors: one claim takes at most CLAIM_BATCH payments', async () => {
    const url = await freshDatabase();
    const clock = new ManualClock();
    const count = CLAIM_BATCH + 30;
    const a = await open(url, { clock });
    const b = await open(url, { clock });
    await seedDue(url, clock, count);
    const paid = async (core: Core) =>
      ((await call(core, 'scheduler:tick', {})).executed as { paymentId: string }[]).map(
        (line) => line.paymentId,
      );
    const first = await paid(a);
    expect(first).toHaveLength(CLAIM_BATCH);
    // What the first claim left is there for the other executor's tick, and only that.
    const second = await paid(b);
    expect(second).toHaveLength(count - CLAIM_BATCH);
    expect(new Set([...first, ...second]).size).toBe(count);
    expect(await paid(a)).toEqual([]);
    expect(await paid(b)).toEqual([]);
  });

  it('ticks again at once when its claim stopped at the batch, not an interval later', async () => {
    const url = await freshDatabase();
    const clock = new ManualClock();
    const count = CLAIM_BATCH + 30;
    // A first core seeds the household (its users), as the first `serve` would.
    const seeding = await open(url, { clock });
    cores.splice(cores.indexOf(seeding), 1);
    await seeding.close();
    await seedDue(url, clock, count);
    // An hour between regular ticks: only the immediate second tick can pay the rest.
    const configPath = configWith(folder(), (config) => {
      config.store = { kind: 'postgres', url: 'env:ARCFLUX_DATABASE_URL' };
      config.scheduler.tickSeconds = 3600;
    });
    await open(url, { clock, configPath, runScheduler: true });
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await eventually(async () => {
        const paid = await client.query<{ n: string }>(
          "SELECT count(*) AS n FROM executions WHERE status = 'succeeded'",
        );
        return Number(paid.rows[0]?.n) === count;
      }, 'every due occurrence to be paid by the background ticks');
    } finally {
      await client.end();
    }
  });

  it('answers a command the database cut off with "unavailable, look before you retry", never "nothing changed"', async () => {
    const url = await freshDatabase();
    const core = await open(url);
    await call(core, 'commands:run', { text: 'Pay User Two 5 USDC' });
    const holder = new pg.Client({ connectionString: url });
    const admin = new pg.Client({ connectionString: url });
    await holder.connect();
    await admin.connect();
    try {
      // The chain's head is held, so the command's commit waits inside the database...
      const holderPid = (await holder.query<{ pid: number }>('SELECT pg_backend_pid() AS pid'))
        .rows[0]?.pid;
      await holder.query('BEGIN');
      await holder.query('SELECT seq FROM audit_head FOR UPDATE');
      const answer = core.dispatch('commands:run', { text: 'Pay User Two 7 USDC' });
      let waiting: number | undefined;
      await eventually(async () => {
        const rows = await admin.query<{ pid: number }>(
          "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND pid <> $1",
          [holderPid],
        );
        waiting = rows.rows[0]?.pid;
        return waiting !== undefined;
      }, 'the command to wait for the head');
      // ...when its session is killed, as a server restart or a network cut would.
      await admin.query('SELECT pg_terminate_backend($1)', [waiting]);
      const result = await answer;
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.code).toBe('unavailable');
      expect(result.error.message).toMatch(/may or may not have been saved/);
      expect(result.error.message).not.toMatch(/nothing (was|has been)? ?changed/i);
    } finally {
      await holder.query('ROLLBACK').catch(() => undefined);
      await holder.end();
      await admin.end();
    }
    // The database is back for the next request.
    await call(core, 'commands:run', { text: 'Pay User Two 9 USDC' });
  });

  it('leaves a row as it was when another executor holds it mid-claim, so the occurrence is paid once it lets go', async () => {
    const url = await freshDatabase();
    const clock = new ManualClock();
    const due = new Date(clock.now().getTime() - 60_000).toISOString();
    const a = await open(url, { clock });
    const writer = await PostgresLedgerStore.open(url, clock, { log: () => undefined });
    await writer.commit([
      payment('pay_contested', { schedule: { kind: 'once', runAt: due }, nextRunAt: due }),
    ]);
    await writer.close();
    // Another executor's claim in progress: its transaction holds the row, and it has not
    // journaled the occurrence yet. Then it dies (its transaction rolls back).
    const other = new pg.Client({ connectionString: url });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query(`SELECT id FROM payments WHERE id = 'pay_contested' FOR UPDATE`);
      const skipped = await call(a, 'scheduler:tick', {});
      expect(skipped.executed).toEqual([]);
      // The row still names its run: nothing here moved it past an occurrence no one paid.
      expect((await call(a, 'payments:get', { id: 'pay_contested' })).payment.nextRunAt).toBe(due);
      await other.query('ROLLBACK');
    } finally {
      await other.end();
    }
    const paid = await call(a, 'scheduler:tick', {});
    expect(paid.executed.map((run: { paymentId: string }) => run.paymentId)).toEqual([
      'pay_contested',
    ]);
    expect(
      networkTransfers(a.dataDir).filter((key) => key.startsWith('pay_contested')),
    ).toHaveLength(1);
  });

  it('never resubmits an occurrence a live executor is paying, and it is paid once', async () => {
    const url = await freshDatabase();
    const clock = new ManualClock();
    const due = new Date(clock.now().getTime() - 60_000).toISOString();
    let reachStarted!: () => void;
    const started = new Promise<void>((resolve) => (reachStarted = resolve));
    let letGo!: () => void;
    const held = new Promise<void>((resolve) => (letGo = resolve));
    const a = await open(url, {
      clock,
      pause: async (point) => {
        if (point !== 'after_started') return;
        reachStarted();
        await held;
      },
    });
    const b = await open(url, { clock });
    const writer = await PostgresLedgerStore.open(url, clock, { log: () => undefined });
    await writer.commit([
      payment('pay_held', { schedule: { kind: 'once', runAt: due }, nextRunAt: due, amount: '2' }),
    ]);
    await writer.close();
    const ticking = call(a, 'scheduler:tick', {});
    await started;
    // B sees A's `started` line (in flight) and would resubmit it, were A not alive.
    const report = await call(b, 'scheduler:tick', {});
    expect(report.executed).toEqual([]);
    expect(networkTransfers(b.dataDir)).toEqual([]);
    letGo();
    const done = await ticking;
    expect(done.executed.map((run: { paymentId: string }) => run.paymentId)).toEqual(['pay_held']);
    expect(networkTransfers(a.dataDir).filter((key) => key.startsWith('pay_held'))).toHaveLength(1);
  });
  it("takes over a killed executor's occurrence once its connection ends, paying it once", async () => {
    const url = await freshDatabase();
    const clock = new ManualClock();
    const due = new Date(clock.now().getTime() - 60_000).toISOString();
    const b = await open(url, { clock });
    const writer = await PostgresLedgerStore.open(url, clock, { log: () => undefined });
    await writer.commit([
      payment('pay_orphan', {
        schedule: { kind: 'once', runAt: due },
        nextRunAt: due,
        amount: '3',
      }),
    ]);
    await writer.close();
    const childDir = folder();
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(repositoryRoot, 'tests/support/householdExecutorChild.ts'),
        postgresConfig(),
        childDir,
        clock.now().toISOString(),
      ],
      {
        cwd: repositoryRoot,
        env: { ...process.env, ARCFLUX_DATABASE_URL: url },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    await new Promise<void>((resolve, reject) => {
      createInterface({ input: child.stdout }).on('line', (line) => {
        if (line === 'started') resolve();
        if (line.startsWith('error') || line === 'ticked') reject(new Error(line));
      });
      child.once('exit', (code) =>
        reject(new Error(`the child exited (${code}) early: ${stderr}`)),
      );
    });
    // Alive and holding its claim: the other executor leaves the occurrence alone.
    expect((await call(b, 'scheduler:tick', {})).executed).toEqual([]);
    child.kill('SIGKILL');
    await exited;
    // Its connection ends with it, and so do its locks: the next ticks take the occurrence over.
    let executed: { paymentId: string }[] = [];
    await eventually(async () => {
      executed = (await call(b, 'scheduler:tick', {})).executed;
      return executed.length > 0;
    }, "the killed executor's occurrence to be taken over");
    expect(executed.map((run) => run.paymentId)).toEqual(['pay_orphan']);
    const lines = await (async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        return (
          await client.query<{ status: string; attempt: number }>(
            "SELECT status, attempt FROM executions WHERE payment_id = 'pay_orphan' ORDER BY position",
          )
        ).rows;
      } finally {
        await client.end();
      }
    })();
    expect(lines).toEqual([
      { status: 'started', attempt: 1 },
      { status: 'started', attempt: 2 },
      { status: 'succeeded', attempt: 2 },
    ]);
    expect(networkTransfers(childDir)).toEqual([]);
    expect(networkTransfers(b.dataDir)).toHaveLength(1);
  });
});

/** The idempotency keys of the transfers one executor's simulated network recorded. */
function networkTransfers(dataDir: string): string[] {
  const path = join(dataDir, 'simulated_network.jsonl');
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .flatMap((line) => {
      const { data } = JSON.parse(line) as { data: { kind: string; key?: string } };
      return data.kind === 'transfer' && data.key ? [data.key] : [];
    });
}
