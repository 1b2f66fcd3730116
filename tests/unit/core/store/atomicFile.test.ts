import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeStaleTempFiles, writeFileAtomic } from '../../../../electron/core/store/atomicFile';
import { exitedProcessId } from '../../../support/processes';
import { useScratchFolders } from '../../../support/storeFolder';

const folders = useScratchFolders();

describe('writeFileAtomic', () => {
  it('creates, then replaces the content, leaving no temp files', async () => {
    const dir = await folders.make();
    const path = join(dir, 'users.json');
    await writeFileAtomic(path, 'first\n');
    await writeFileAtomic(path, new TextEncoder().encode('second\n'));
    expect(await readFile(path, 'utf8')).toBe('second\n');
    expect(await readdir(dir)).toEqual(['users.json']);
  });

  it('keeps many concurrent writers apart and ends with one of their contents', async () => {
    const dir = await folders.make();
    const path = join(dir, 'ledger.json');
    const contents = Array.from({ length: 20 }, (_, index) => `content ${index}\n`.repeat(500));
    await Promise.all(contents.map((content) => writeFileAtomic(path, content)));
    expect(contents).toContain(await readFile(path, 'utf8'));
    expect(await readdir(dir)).toEqual(['ledger.json']);
  });

  it.skipIf(process.platform === 'win32')('writes files readable by their owner only', async () => {
    const dir = await folders.make();
    const path = join(dir, 'server_token');
    await writeFileAtomic(path, 'secret\n');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('leaves the old content and no temp file when the write fails', async () => {
    const dir = await folders.make();
    const path = join(dir, 'settings.json');
    await writeFileAtomic(path, 'kept\n');
    // A file cannot be renamed over a folder: the last step fails after the temp exists.
    await mkdir(join(dir, 'folder'));
    await expect(writeFileAtomic(join(dir, 'folder'), 'never')).rejects.toThrow();
    expect(await readFile(path, 'utf8')).toBe('kept\n');
    expect((await readdir(dir)).sort()).toEqual(['folder', 'settings.json']);
  });
});

describe('removeStaleTempFiles', () => {
  it('removes temp files of dead writers and of earlier lives of this pid only', async () => {
    const dir = await folders.make();
    const path = join(dir, 'users.json');
    const deadPid = await exitedProcessId();
    const stale = [`.users.json.${deadPid}-ab12.tmp`, `.users.json.${process.pid}-cd34.tmp`];
    const kept = [`.users.json.${process.ppid}-ef56.tmp`, `.other.json.${deadPid}-ab12.tmp`];
    for (const name of [...stale, ...kept]) await writeFile(join(dir, name), 'partial');
    expect(await removeStaleTempFiles(path)).toBe(2);
    expect((await readdir(dir)).sort()).toEqual([...kept].sort());
  });
});
