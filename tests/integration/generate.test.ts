import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCore } from '../../electron/core/createCore';
import { generateDemoFolder } from '../../electron/core/demo/generateDemoFolder';
import { verifyLedgerFiles } from '../../electron/core/store/ledgerStore';
import { runCli } from '../support/cli';
import { readLedgerFiles } from '../support/ledgerFiles';
import { temporaryFolder } from '../support/dataFolder';
import { ManualClock } from '../support/manualClock';

const root = temporaryFolder('arcflux-generate-');
afterAll(() => root.remove());

// The clock of the run, relative to today and on a whole second as a clock shows it.
const NOW = new Date(Math.floor(Date.now() / 1000) * 1000);
const SIZE = { payments: 200, transfers: 2_000 };

const LEDGER_FILES = ['users.json', 'balances.json', 'ledger.json', 'ledger.jsonl'];

function generate(name: string, seed = 1) {
  const dataDir = join(root.path, name);
  return {
    dataDir,
    written: generateDemoFolder({ dataDir, ...SIZE, seed, clock: new ManualClock(NOW) }),
  };
}

function contents(dataDir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dataDir).map((name) => [name, readFileSync(join(dataDir, name), 'utf8')]),
  );
}

describe('arcflux generate', () => {
  it('fills a new folder that the core opens and validate reports clean, with nothing due', async () => {
    const { dataDir, written } = generate('opened');
    expect(await written).toMatchObject({ payments: 200, transfers: 2_000 });
    expect(readdirSync(dataDir).sort()).toEqual([...LEDGER_FILES].sort());
    const core = await openCore({
      dataDir,
      owner: 'the generate test',
      clock: new ManualClock(NOW),
      log: () => undefined,
    });
    try {
      const report = await core.invoke('system:validate', {});
      if (!report.ok) throw new Error(report.error.message);
      expect(report.data.problems).toEqual([]);
      expect(report.data.ok).toBe(true);
      expect(report.data.checked).toMatchObject({ users: 7, payments: 200, executions: 2_000 });
      // The generated ledger is up to date: a tick at the same moment pays and holds nothing.
      const tick = await core.invoke('scheduler:tick', {});
      if (!tick.ok) throw new Error(tick.error.message);
      expect(tick.data).toMatchObject({ executed: [], failed: [], missed: [] });
    } finally {
      await core.close();
    }
  });

  it('writes the ledger through the store, folded into a snapshot that verifies', async () => {
    const { dataDir, written } = generate('formats');
    const counts = await written;
    expect(await verifyLedgerFiles(dataDir)).toEqual([]);
    // Folded: everything is in the snapshot, and the log after it is empty.
    expect(readFileSync(join(dataDir, 'ledger.jsonl'), 'utf8')).toBe('');
    const ledger = readLedgerFiles(dataDir);
    expect(ledger.payments).toHaveLength(counts.payments);
    expect(ledger.riskAssessments).toHaveLength(counts.riskAssessments);
    // The snapshot keeps each attempt's outcome, not the `started` line before it.
    expect(new Set(ledger.executions.map((entry) => entry.id)).size).toBe(counts.transfers);
    const users = readFileSync(join(dataDir, 'users.json'), 'utf8');
    expect(users).toBe(`${JSON.stringify(JSON.parse(users), null, 2)}\n`);
  });

  it('writes identical files for the same seed and clock, and different ones for another seed', async () => {
    const first = generate('same-1', 5);
    const second = generate('same-2', 5);
    const other = generate('other', 6);
    await Promise.all([first.written, second.written, other.written]);
    expect(contents(second.dataDir)).toEqual(contents(first.dataDir));
    expect(contents(other.dataDir)['ledger.json']).not.toBe(contents(first.dataDir)['ledger.json']);
  });

  it('refuses a folder that holds ArcFlux data or anything else, and changes nothing', async () => {
    const { dataDir, written } = generate('used');
    await written;
    const before = contents(dataDir);
    const stamps = readdirSync(dataDir).map((name) => statSync(join(dataDir, name)).mtimeMs);
    await expect(generate('used', 9).written).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('already holds ArcFlux data (balances.json'),
    });
    expect(contents(dataDir)).toEqual(before);
    expect(readdirSync(dataDir).map((name) => statSync(join(dataDir, name)).mtimeMs)).toEqual(
      stamps,
    );

    const other = join(root.path, 'holiday-photos');
    mkdirSync(other);
    writeFileSync(join(other, 'beach.jpg'), 'not a ledger');
    await expect(
      generateDemoFolder({ dataDir: other, ...SIZE, seed: 1, clock: new ManualClock(NOW) }),
    ).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('not empty') });
    expect(readdirSync(other)).toEqual(['beach.jpg']);
  });

  it('runs from the command line, then validate reports the folder consistent', async () => {
    const dataDir = join(root.path, 'cli');
    const args = ['generate', '--payments', '150', '--transfers', '900', '--data', dataDir];
    const made = await runCli([...args, '--seed', '3', '--now', NOW.toISOString()]);
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    expect(made.stdout).toMatch(/^Generated 150 payments, 900 transfers \(\d+ journal lines\)/);
    const validate = await runCli(['validate', '--data', dataDir]);
    expect(validate.stdout).toContain('The data folder is consistent.');
    expect(validate.code).toBe(0);
    const again = await runCli(args);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already holds ArcFlux data');
    const bad = await runCli(['generate', '--payments', 'many', '--data', join(root.path, 'x')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--payments');
    expect(bad.stderr).toContain('--transfers');
  });
});
