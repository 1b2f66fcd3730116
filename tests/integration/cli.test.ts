import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { installedElectronBinary } from '../../electron/launcher/electronBinary';
import { cliPath, runCli } from '../support/cli';
import {
  sampleAssessment,
  samplePayment,
  seededDataFolder,
  temporaryFolder,
} from '../support/dataFolder';

const ledger = seededDataFolder({
  payments: [
    samplePayment('pay_rent', {
      recipientId: 'user3',
      amount: '1500',
      createdAt: '2026-11-02T14:00:00.000Z',
    }),
    samplePayment('pay_fail', { recipientId: 'user5', amount: '12.5', status: 'failed' }),
  ],
  assessments: [sampleAssessment('pay_rent'), sampleAssessment('pay_fail')],
});
const fresh = temporaryFolder();
afterAll(() => {
  ledger.remove();
  fresh.remove();
});

describe('arcflux CLI', () => {
  it('seeds a fresh data folder with the demo users on first use', async () => {
    const dataDir = join(fresh.path, 'new');
    const result = await runCli(['validate', '--data', dataDir]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('7 users');
    expect(result.stdout).toContain('The data folder is consistent.');
    expect(existsSync(join(dataDir, 'users.json'))).toBe(true);
  });

  it('takes the data folder from ARCFLUX_DATA_DIR', async () => {
    const result = await runCli(['ledger', '--json'], { ARCFLUX_DATA_DIR: ledger.path });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).total).toBe(2);
  });

  it('prints the ledger as a table in the user time zone', async () => {
    const result = await runCli(['ledger', '--data', ledger.path]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Created\s+Id\s+Recipient\s+Amount\s+Status/);
    expect(result.stdout).toMatch(
      /2026-11-02 09:00\s+pay_rent\s+Alice Chen\s+1,500\.00 USDC\s+executed/,
    );
    expect(result.stdout).toContain('1-2 of 2 (times in America/New_York)');
  });

  it('filters the ledger', async () => {
    const result = await runCli(['ledger', '--data', ledger.path, '--status', 'failed', '--json']);
    expect(JSON.parse(result.stdout).items.map((item: { id: string }) => item.id)).toEqual([
      'pay_fail',
    ]);
  });

  it('explains bad flags and values, and exits 2', async () => {
    const unknownFlag = await runCli(['ledger', '--data', ledger.path, '--colour', 'red']);
    expect(unknownFlag.code).toBe(2);
    expect(unknownFlag.stderr).toMatch(/arcflux ledger: .*--colour.*Run "arcflux ledger --help"/s);
    const badValue = await runCli(['ledger', '--data', ledger.path, '--currency', 'BTC']);
    expect(badValue.code).toBe(2);
    expect(badValue.stderr).toMatch(/"currency"/);
    const unknownCommand = await runCli(['fly']);
    expect(unknownCommand.code).toBe(2);
    expect(unknownCommand.stderr).toContain('unknown command "fly"');
  });

  it('validate reports broken references and exits 1', async () => {
    const broken = seededDataFolder({
      payments: [samplePayment('pay_orphan', { riskAssessmentId: null, recipientId: 'user42' })],
    });
    try {
      const result = await runCli(['validate', '--data', broken.path, '--json']);
      expect(result.code).toBe(1);
      const report = JSON.parse(result.stdout);
      expect(report.ok).toBe(false);
      expect(report.problems).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            recordId: 'pay_orphan',
            message: 'refers to unknown user "user42"',
          }),
          expect.objectContaining({
            recordId: 'pay_orphan',
            message: 'is executed but has no risk assessment',
          }),
        ]),
      );
    } finally {
      broken.remove();
    }
  });

  it('validate catches an edited byte in the ledger log and names the record', async () => {
    const edited = seededDataFolder({
      payments: [samplePayment('pay_rent', { amount: '1500' })],
      assessments: [sampleAssessment('pay_rent')],
    });
    try {
      // Three commands make three records; then one byte of the second changes.
      for (const text of ['Pay Bob 5 USDC', 'Pay Bob 6 USDC', 'Pay Bob 7 USDC']) {
        expect((await runCli(['command', text, '--data', edited.path])).code).toBe(0);
      }
      expect((await runCli(['validate', '--data', edited.path])).code).toBe(0);
      const path = join(edited.path, 'ledger.jsonl');
      const lines = readFileSync(path, 'utf8').split('\n');
      expect(lines[1]).toContain('"amount":"6"');
      lines[1] = (lines[1] ?? '').replace('"amount":"6"', '"amount":"9"');
      writeFileSync(path, lines.join('\n'));
      const result = await runCli(['validate', '--data', edited.path]);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toMatch(/line 2 \(record 2\) was changed after it was written/);
      expect(readFileSync(path, 'utf8')).toBe(lines.join('\n'));
    } finally {
      edited.remove();
    }
  });

  it('serve prints the token once and the browser-mode URL every time', async () => {
    const dataDir = join(fresh.path, 'served');
    const first = await serveOnce('serve', dataDir);
    expect(first).toMatch(/API token \(shown this once/);
    expect(first).toMatch(/ArcFlux browser mode: http:\/\/127\.0\.0\.1:\d+\/#launch=/);
    const token = readFileSync(join(dataDir, 'server_token'), 'utf8').trim();
    expect(first).toContain(token);
    const second = await serveOnce('serve', dataDir);
    expect(second).not.toContain('API token');
    expect(second).not.toContain(token);
    expect(second).toMatch(/ArcFlux browser mode:/);
  });

  it('web prints a fresh one-time link for the server already running on the folder', async () => {
    const dataDir = join(fresh.path, 'web');
    const exchange = async (link: string) => {
      const launchCode = new URLSearchParams(new URL(link).hash.slice(1)).get('launch');
      const response = await fetch(new URL('/v1/session', link), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ launchCode }),
      });
      return response.status;
    };
    const linkIn = (text: string) => /ArcFlux browser mode: (\S+#launch=\S+)/.exec(text)?.[1] ?? '';
    await serveOnce('serve', dataDir, {}, async (output) => {
      const printed = linkIn(output);
      expect(output).toMatch(/once, within 2 minutes/);
      expect(await exchange(printed)).toBe(200);
      expect(await exchange(printed)).toBe(401);
      expect(existsSync(join(dataDir, 'server_address.json'))).toBe(true);
      const web = await runCli(['web', '--data', dataDir]);
      expect(web.stderr).toBe('');
      expect(web.code).toBe(0);
      const renewed = linkIn(web.stdout);
      expect(new URL(renewed).origin).toBe(new URL(printed).origin);
      expect(renewed).not.toBe(printed);
      expect(await exchange(renewed)).toBe(200);
      expect(await exchange(renewed)).toBe(401);
    });
    // Stopped, the server takes its address along, so the next `web` starts a server.
    expect(existsSync(join(dataDir, 'server_address.json'))).toBe(false);
  });

  it('start falls back to browser mode, in one sentence, where Electron is missing', async (context) => {
    if (installedElectronBinary()) {
      console.log(
        'Electron binary is installed here, so start opens the desktop app; skipping the fallback test',
      );
      context.skip();
    }
    // The download itself, its progress and its failures are tested in electronLauncher.test.ts.
    const output = await serveOnce('start', join(fresh.path, 'started'), {
      ELECTRON_SKIP_BINARY_DOWNLOAD: '1',
    });
    expect(output.split('\n')[0]).toBe(
      "Electron's binary is not installed on this machine (ELECTRON_SKIP_BINARY_DOWNLOAD is set, so it is not downloaded), so ArcFlux is starting in browser mode instead.",
    );
    expect(output).toMatch(/ArcFlux browser mode: http:\/\/127\.0\.0\.1:\d+\/#launch=/);
  });
});

/**
 * Starts `arcflux serve` (or `start`), waits for its URL, runs `whileRunning` with what it
 * printed so far, then stops it with SIGTERM.
 */
async function serveOnce(
  command: 'serve' | 'start',
  dataDir: string,
  env: NodeJS.ProcessEnv = {},
  whileRunning?: (output: string) => Promise<void>,
): Promise<string> {
  const child = spawn(process.execPath, [cliPath, command, '--data', dataDir, '--port', '0'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      // The note under the link is the last start-up line; the link's line may come alone.
      if (output.includes('(The link signs in')) resolve();
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`serve exited early (${code}): ${output}`)));
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  try {
    await whileRunning?.(output);
  } finally {
    child.kill('SIGTERM');
  }
  await exited;
  return output;
}
