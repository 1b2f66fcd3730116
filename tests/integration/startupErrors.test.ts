import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore } from '../../electron/core/createCore';
import { CoreError } from '../../electron/core/errors';
import { runCli } from '../support/cli';
import {
  repositoryRoot,
  sampleAssessment,
  samplePayment,
  seededDataFolder,
  temporaryFolder,
} from '../support/dataFolder';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

function ledgerFolder() {
  const folder = seededDataFolder({
    payments: [samplePayment('pay_1')],
    assessments: [sampleAssessment('pay_1')],
  });
  cleanups.push(folder.remove);
  return folder.path;
}

async function openError(options: Parameters<typeof openCore>[0]): Promise<CoreError> {
  try {
    const core = await openCore(options);
    await core.close();
  } catch (error) {
    if (error instanceof CoreError) return error;
    throw error;
  }
  throw new Error('expected the core to refuse to start');
}

describe('start-up errors', () => {
  it('a corrupt ledger is kept aside, reported by name, and never reset', async () => {
    const dataDir = ledgerFolder();
    const ledgerPath = join(dataDir, 'payment_schedule.json');
    const damaged = readFileSync(ledgerPath, 'utf8').slice(0, 200);
    writeFileSync(ledgerPath, damaged);

    const error = await openError({ dataDir, owner: 'the test' });
    expect(error.code).toBe('corrupt_data');
    expect(error.message).toContain('payment_schedule.json');

    expect(readFileSync(ledgerPath, 'utf8')).toBe(damaged);
    const copies = readdirSync(dataDir).filter((name) =>
      name.startsWith('payment_schedule.json.corrupt-'),
    );
    expect(copies).toHaveLength(1);
    expect(readFileSync(join(dataDir, copies[0]!), 'utf8')).toBe(damaged);

    // The refusal released the folder: once the file is repaired the app starts with its data.
    writeFileSync(ledgerPath, JSON.stringify({ schemaVersion: 1, data: [samplePayment('pay_1')] }));
    const core = await openCore({ dataDir, owner: 'the test' });
    const page = await core.invoke('payments:list', {});
    await core.close();
    expect(page.ok && page.data.total).toBe(1);
  });

  it('a ledger row that breaks the schema names the field', async () => {
    const dataDir = ledgerFolder();
    writeFileSync(
      join(dataDir, 'payment_schedule.json'),
      JSON.stringify({ schemaVersion: 1, data: [{ ...samplePayment('pay_1'), amount: 10.5 }] }),
    );
    const error = await openError({ dataDir, owner: 'the test' });
    expect(error.code).toBe('corrupt_data');
    expect(error.message).toMatch(/payment_schedule\.json/);
    expect(error.message).toMatch(/amount/);
  });

  it('an invalid system_config.json names the key and the file, and touches no data', async () => {
    const dataDir = ledgerFolder();
    const before = readdirSync(dataDir).sort();
    const configFolder = temporaryFolder();
    cleanups.push(configFolder.remove);
    const configPath = join(configFolder.path, 'system_config.json');
    const config = JSON.parse(readFileSync(join(repositoryRoot, 'system_config.json'), 'utf8'));
    config.scheduler.tickSeconds = -1;
    writeFileSync(configPath, JSON.stringify(config));

    const error = await openError({ dataDir, owner: 'the test', configPath });
    expect(error.code).toBe('invalid_config');
    expect(error.message).toContain(configPath);
    expect(error.message).toContain('scheduler.tickSeconds');
    expect(readdirSync(dataDir).sort()).toEqual(before);
  });

  it('a data folder held by another process gives a clear error to the second writer', async () => {
    const dataDir = ledgerFolder();
    const core = await openCore({ dataDir, owner: 'the desktop app' });
    try {
      const second = await runCli(['ledger', '--data', dataDir]);
      expect(second.code).toBe(1);
      expect(second.stderr).toContain('in use by the desktop app');
      expect(second.stderr).toContain('--data');
      const inProcess = await openError({ dataDir, owner: 'the CLI' });
      expect(inProcess.code).toBe('locked');
    } finally {
      await core.close();
    }
    const after = await runCli(['ledger', '--data', dataDir, '--json']);
    expect(after.code).toBe(0);
    expect(JSON.parse(after.stdout).total).toBe(1);
  });
});
