import { randomBytes } from 'node:crypto';
import { open, readdir, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { errorCode } from './files';
import { isProcessAlive } from './liveness';

export interface WriteOptions {
  /**
   * Permission bits for a newly written file. Defaults to owner-only: the data folder
   * holds payment records and the server token, and the temp file must never be readable
   * by others, not even for the moment before a later chmod.
   */
  mode?: number;
}

/**
 * Replaces `path` with `data` so that, whatever moment the process or the machine dies,
 * the file holds either the old bytes or the new ones, never a mix: temp file in the same
 * folder (unique name) -> write -> fsync -> close -> rename over target -> fsync the folder.
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: WriteOptions = {},
): Promise<void> {
  await writeChunksAtomic(path, [data], options);
}

/**
 * writeFileAtomic for content made piece by piece (a snapshot of a million records), so
 * it never has to sit in memory as one string. Pieces are gathered into writes of about
 * a megabyte.
 */
export async function writeChunksAtomic(
  path: string,
  chunks: Iterable<string | Uint8Array>,
  options: WriteOptions = {},
): Promise<void> {
  const temp = tempPathFor(path);
  writesInFlight.add(temp);
  try {
    const handle = await open(temp, 'wx', options.mode ?? 0o600);
    try {
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      const flush = async () => {
        const joined = Buffer.concat(pending);
        pending = [];
        pendingBytes = 0;
        let offset = 0;
        while (offset < joined.length) {
          const { bytesWritten } = await handle.write(joined, offset, joined.length - offset);
          offset += bytesWritten;
        }
      };
      for (const chunk of chunks) {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk);
        pending.push(bytes);
        pendingBytes += bytes.length;
        if (pendingBytes >= 1 << 20) await flush();
      }
      await flush();
      await handle.sync();
    } finally {
      await handle.close();
    }
    await renameOver(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  } finally {
    writesInFlight.delete(temp);
  }
  await syncDirectory(dirname(path));
}

/**
 * Makes a rename or a file creation inside `dir` durable. Some platforms cannot fsync a
 * folder at all (Windows refuses to open one; some file systems reject the call); there
 * the rename is as durable as the platform allows, so those refusals are not errors.
 */
export async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
  } catch (error) {
    if (isUnsupportedDirectorySync(error)) return;
    throw error;
  }
  try {
    await handle.sync();
  } catch (error) {
    if (!isUnsupportedDirectorySync(error)) throw error;
  } finally {
    await handle.close();
  }
}

/**
 * Deletes temp files that a killed writer left next to `path`, and returns how many. A
 * temp file is only taken when no write of this process is using it and the process that
 * made it is gone (or has our pid, which after a restart means a previous life of ours).
 */
export async function removeStaleTempFiles(path: string): Promise<number> {
  const dir = dirname(path);
  const pattern = tempNamePattern(basename(path));
  let removed = 0;
  for (const name of await readdir(dir)) {
    const match = pattern.exec(name);
    if (!match) continue;
    const full = join(dir, name);
    const pid = Number(match[1]);
    if (writesInFlight.has(full)) continue;
    if (pid !== process.pid && isProcessAlive(pid)) continue;
    try {
      await unlink(full);
      removed += 1;
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') throw error;
    }
  }
  return removed;
}

const writesInFlight = new Set<string>();

function tempPathFor(path: string): string {
  const unique = `${process.pid}-${randomBytes(6).toString('hex')}`;
  return join(dirname(path), `.${basename(path)}.${unique}.tmp`);
}

function tempNamePattern(name: string): RegExp {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^\\.${escaped}\\.(\\d+)-[0-9a-f]+\\.tmp$`);
}

/**
 * On Windows a rename over a file that a virus scanner or indexer has open briefly fails;
 * a few short retries ride that out. Elsewhere rename is atomic and never needs them.
 */
async function renameOver(from: string, to: string): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await rename(from, to);
      return;
    } catch (error) {
      const transient = ['EPERM', 'EACCES', 'EBUSY'].includes(errorCode(error) ?? '');
      if (process.platform !== 'win32' || !transient || attempt >= 10) throw error;
      await new Promise((resolve) => setTimeout(resolve, attempt * 20));
    }
  }
}

function isUnsupportedDirectorySync(error: unknown): boolean {
  return ['EISDIR', 'EINVAL', 'EPERM', 'ENOTSUP', 'EBADF'].includes(errorCode(error) ?? '');
}
