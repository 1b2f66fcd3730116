import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore } from '../../electron/core/createCore';
import { folderFingerprint, moveIn } from '../../electron/core/store/postgres/moveIn';
import { runCli } from '../support/cli';
import { seedDir } from '../support/dataFolder';
import { ManualClock } from '../support/manualClock';
import {
  configWith,
  moneyFolder,
  openMoneyCore,
  proposeAndConfirm,
  withoutUndoWindow,
} from '../support/moneyCore';
import { usePostgresCluster } from '../support/usePostgres';

const { unavailable, freshDatabase } = usePostgresCluster('moving');

async function query<Row extends pg.QueryResultRow>(url: string, text: string): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Row>(text)).rows;
  } finally {
    await client.end();
  }
}

describe.skipIf(unavailable !== undefined)('arcflux migrate --from DIR --to postgres', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

  /** A desktop folder with a history: payments confirmed and paid, notifications, settings. */
  async function desktopFolder() {
    const folder = moneyFolder();
    cleanups.push(folder.remove);
    const clock = new ManualClock();
    const money = await withoutUndoWindow(await openMoneyCore({ dataDir: folder.path, clock }));
    await proposeAndConfirm(money, 'Pay User Two 600 USDC');
    await money.call('commands:run', { text: 'Pay User Two 12.5 USDC' });
    await money.call('commands:run', { text: 'Pay User Two 20 USDC every Friday' });
    await money.call('scheduler:tick', {});
    const payments = (await money.call('payments:list', { limit: 200 })).items;
    // A person's personal token, kept (as a hash) in household_tokens.json.
    const personal = await money.core.household.issueToken('user2');
    await money.core.close();
    const config = configWith(folder.path, (config) => {
      config.store = { kind: 'postgres', url: 'env:ARCFLUX_DATABASE_URL' };
    });
    return { path: folder.path, config, payments, personal };
  }

  it('copies a desktop folder into an empty database, verified, and changes nothing in the folder', async () => {
    const desktop = await desktopFolder();
    const url = await freshDatabase();
    const before = await folderFingerprint(desktop.path);
    const moved = await runCli(
      ['migrate', '--from', desktop.path, '--to', 'postgres', '--config', desktop.config],
      { ARCFLUX_DATABASE_URL: url },
    );
    expect(moved.stderr).toBe('');
    expect(moved.code).toBe(0);
    expect(moved.stdout).toMatch(/the ledger's hash chain is intact up to record \d+/);
    expect(moved.stdout).toMatch(
      /Moved into the household database: \d+ users, \d+ balances, 3 payments/,
    );
    expect(moved.stdout).toMatch(/payments: 632\.5 USDC \(equal in both\)/);
    expect(moved.stdout).toMatch(/, 1 household tokens\.\n/);
    expect(moved.stdout).toMatch(
      /was not changed \(\d+ files, the same SHA-256 before and after\)/,
    );
    // Byte for byte, every file of the folder is as it was.
    expect(await folderFingerprint(desktop.path)).toEqual(before);

    // Money went in as numeric, and a core on the database sees the same ledger.
    const sums = await query<{ currency: string; total: string }>(
      url,
      'SELECT currency, sum(amount)::text AS total FROM payments GROUP BY currency',
    );
    expect(sums).toEqual([{ currency: 'USDC', total: '632.5' }]);
    const dataDir = join(desktop.path, 'server-own');
    const core = await openCore({
      dataDir,
      owner: 'a migrate test',
      configPath: desktop.config,
      seedDir,
      clock: new ManualClock(),
      env: { ARCFLUX_DATABASE_URL: url },
      log: () => undefined,
    });
    try {
      // The person's token signs in on the server as it did on the desktop.
      expect(core.household.identify(desktop.personal.token)).toEqual({
        kind: 'personal',
        userId: 'user2',
        tokenId: desktop.personal.tokenId,
      });
      const result = await core.invoke('payments:list', { limit: 200 });
      if (!result.ok) throw new Error(result.error.message);
      expect(result.data.items.map((row) => [row.id, row.status, row.amount])).toEqual(
        desktop.payments.map((row) => [row.id, row.status, row.amount]),
      );
      const validation = await core.invoke('system:validate', {});
      if (!validation.ok) throw new Error(validation.error.message);
      expect(validation.data.problems).toEqual([]);
      expect(validation.data.ok).toBe(true);
      // validate checks the database's chain: a record changed behind ArcFlux's back shows.
      await query(
        url,
        `UPDATE audit_log SET body = jsonb_set(body, '{at}', '"2000-01-01T00:00:00.000Z"') WHERE seq = 1`,
      );
      const tampered = await core.invoke('system:validate', {});
      if (!tampered.ok) throw new Error(tampered.error.message);
      expect(tampered.data.problems.map((problem) => [problem.file, problem.message])).toEqual([
        ['audit_log', 'record 1 was changed after it was written: its hash does not match'],
      ]);
    } finally {
      await core.close();
    }
  });

  it('refuses a database that already holds a household, and changes nothing in it', async () => {
    const desktop = await desktopFolder();
    const url = await freshDatabase();
    const env = { ARCFLUX_DATABASE_URL: url };
    const args = [
      'migrate',
      '--from',
      desktop.path,
      '--to',
      'postgres',
      '--config',
      desktop.config,
    ];
    expect((await runCli(args, env)).code).toBe(0);
    const head = await query(url, 'SELECT seq, hash FROM audit_head');
    const again = await runCli(args, env);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(
      /The household database is not empty \(\d+ ledger records, \d+ users\): arcflux migrate only moves a folder into an empty one.*Nothing was changed\./,
    );
    expect(await query(url, 'SELECT seq, hash FROM audit_head')).toEqual(head);
  });

  it('refuses a folder whose hash chain is broken, before it writes anything', async () => {
    const desktop = await desktopFolder();
    const url = await freshDatabase();
    const log = join(desktop.path, 'ledger.jsonl');
    const text = readFileSync(log, 'utf8');
    expect(text).toContain('"amount":"12.5"');
    writeFileSync(log, text.replace('"amount":"12.5"', '"amount":"1250"'));
    const before = await folderFingerprint(desktop.path);
    const result = await runCli(
      ['migrate', '--from', desktop.path, '--to', 'postgres', '--config', desktop.config],
      { ARCFLUX_DATABASE_URL: url },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /does not pass validation: ledger\.jsonl .*Nothing was changed\./,
    );
    expect(await folderFingerprint(desktop.path)).toEqual(before);
    // Not even the schema: the folder was checked first.
    expect(await query(url, "SELECT to_regclass('public.audit_log') AS t")).toEqual([{ t: null }]);
  });

  it('moves a large ledger in chained batches, one progress line per batch, in one transaction', async () => {
    const desktop = await desktopFolder();
    const url = await freshDatabase();
    const lines: string[] = [];
    const report = await moveIn({
      from: desktop.path,
      url,
      clock: new ManualClock(),
      redact: (text) => text,
      print: (line) => lines.push(line),
      batchSize: 2,
    });
    const total = ['payments', 'proposals', 'risk_assessments', 'executions', 'notifications']
      .map((name) => report.counts[name] ?? 0)
      .reduce((sum, count) => sum + count, 0);
    const progress = lines.filter((line) => line.startsWith('  moved '));
    expect(progress).toHaveLength(Math.ceil(total / 2));
    expect(progress.at(-1)).toBe(`  moved ${total} of ${total} ledger records`);
    const [head] = await query<{ seq: string }>(url, 'SELECT seq::text AS seq FROM audit_head');
    expect(Number(head?.seq)).toBe(Math.ceil(total / 2));
  });
});
