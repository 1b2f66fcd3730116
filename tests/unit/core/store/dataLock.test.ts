import { spawn } from 'node:child_process';
import { open, readdir, readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CoreError } from '../../../../electron/core/errors';
import { acquireDataLock, DATA_LOCK_FILE } from '../../../../electron/core/store';
import { ManualClock } from '../../../support/manualClock';
import { exitedProcessId } from '../../../support/processes';
import { useScratchFolders } from '../../../support/storeFolder';

const folders = useScratchFolders();
const clock = new ManualClock('2026-11-01T09:30:00.000Z');
const repositoryRoot = fileURLToPath(new URL('../../../../', import.meta.url));

describe('acquireDataLock', () => {
  it('writes who holds the folder, and release removes the lock file', async () => {
    const dir = await folders.make();
    const lock = await acquireDataLock(dir, 'the desktop app', { clock });
    expect(lock.path).toBe(join(dir, DATA_LOCK_FILE));
    expect(JSON.parse(await readFile(lock.path, 'utf8'))).toMatchObject({
      pid: process.pid,
      hostname: hostname(),
      owner: 'the desktop app',
      startedAt: '2026-11-01T09:30:00.000Z',
    });
    expect(() => lock.assertHeld()).not.toThrow();

    await lock.release();
    await lock.release();
    expect(await readdir(dir)).toEqual([]);
    expect(() => lock.assertHeld()).toThrow(CoreError);
  });

  it('refuses a second holder in the same process with a message saying what to do', async () => {
    const dir = await folders.make();
    const first = await acquireDataLock(dir, 'the desktop app');
    const error = await acquireDataLock(dir, 'the CLI').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CoreError);
    expect((error as CoreError).code).toBe('locked');
    expect((error as CoreError).message).toContain(
      `The data folder ${dir} is in use by the desktop app (process ${process.pid}). Close it first, or point this command at another folder with --data DIR.`,
    );
    expect(() => first.assertHeld()).not.toThrow();
    await first.release();
  });

  it('refuses a folder held by another live process', async () => {
    const dir = await folders.make();
    await writeLock(dir, { pid: process.ppid, owner: 'the server' });
    const error = await acquireDataLock(dir, 'the CLI').catch((caught: unknown) => caught);
    expect((error as CoreError).code).toBe('locked');
    expect((error as CoreError).message).toContain(`the server (process ${process.ppid})`);
  });

  it('takes over the lock of a process that exited', async () => {
    const dir = await folders.make();
    const deadPid = await exitedProcessId();
    await writeLock(dir, { pid: deadPid, owner: 'the server' });
    const lock = await acquireDataLock(dir, 'the CLI');
    expect(JSON.parse(await readFile(lock.path, 'utf8'))).toMatchObject({ pid: process.pid });
    expect(await readdir(dir)).toEqual([DATA_LOCK_FILE]);
    await lock.release();
    expect(await readdir(dir)).toEqual([]);
  });

  it('takes over a lock file its maker left empty', async () => {
    const dir = await folders.make();
    await writeFile(join(dir, DATA_LOCK_FILE), '');
    const lock = await acquireDataLock(dir, 'the CLI');
    expect(() => lock.assertHeld()).not.toThrow();
    await lock.release();
  });

  it('notices when another process replaced the lock, and then leaves its file alone', async () => {
    const dir = await folders.make();
    const lock = await acquireDataLock(dir, 'the desktop app');
    await writeLock(dir, { pid: process.ppid, owner: 'the server' });
    const error = (() => {
      try {
        lock.assertHeld();
        return undefined;
      } catch (caught) {
        return caught;
      }
    })();
    expect((error as CoreError).code).toBe('locked');
    expect((error as CoreError).message).toContain('stopped writing');
    await lock.release();
    expect(await readdir(dir)).toEqual([DATA_LOCK_FILE]);
  });

  it('notices a lock rewritten in place after a check that found it ours', async () => {
    const dir = await folders.make();
    const lock = await acquireDataLock(dir, 'the desktop app');
    lock.assertHeld();
    lock.assertHeld();
    // Same inode, same size, one character of the token changed: only the content (and
    // the change time the write leaves) tells.
    const path = join(dir, DATA_LOCK_FILE);
    const content = await readFile(path, 'utf8');
    const at = content.indexOf('"token"') + '"token": "'.length;
    const changed = content[at] === 'a' ? 'b' : 'a';
    const handle = await open(path, 'r+');
    await handle.write(changed, at);
    await handle.close();
    expect((await readFile(path, 'utf8')).length).toBe(content.length);
    expect(() => lock.assertHeld()).toThrow(expect.objectContaining({ code: 'locked' }));
    await lock.release();
  });

  it('is released when its process exits without releasing it', async () => {
    const dir = await folders.make();
    const store = pathToFileURL(join(repositoryRoot, 'electron/core/store/index.ts')).href;
    const script = [
      `import { acquireDataLock } from ${JSON.stringify(store)};`,
      `await acquireDataLock(${JSON.stringify(dir)}, 'the CLI');`,
      `console.log('locked');`,
      'process.exit(0);',
    ].join('\n');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        cwd: repositoryRoot,
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise((resolve) => child.once('close', resolve));
    expect({ code, output: output.trim() }).toEqual({ code: 0, output: 'locked' });
    expect(await readdir(dir)).toEqual([]);
  });

  it('says so when the folder cannot be written', async () => {
    const dir = await folders.make();
    const error = await acquireDataLock(join(dir, 'missing'), 'the CLI').catch(
      (caught: unknown) => caught,
    );
    expect((error as CoreError).code).toBe('unavailable');
    expect((error as CoreError).message).toContain(join(dir, 'missing'));
  });
});

async function writeLock(dir: string, holder: { pid: number; owner: string }): Promise<void> {
  const record = { ...holder, hostname: hostname(), startedAt: '2026-11-01T09:00:00.000Z' };
  await writeFile(join(dir, DATA_LOCK_FILE), JSON.stringify(record));
}
