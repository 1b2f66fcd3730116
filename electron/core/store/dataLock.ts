import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync, statSync, unlinkSync } from 'node:fs';
import { link, open, readFile, rename, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { systemClock, toInstant, type Clock } from '../clock';
import { CoreError } from '../errors';
import { syncDirectory } from './atomicFile';
import { errorCode } from './files';
import { isProcessAlive } from './liveness';

/** The lock file's name inside a data folder. */
export const DATA_LOCK_FILE = 'arcflux.lock';

export interface DataLock {
  readonly path: string;
  /** Throws CoreError('locked') unless the lock file on disk is still this one. */
  assertHeld(): void;
  /** Removes the lock file if it is still ours. Safe to call more than once. */
  release(): Promise<void>;
}

/**
 * Makes this process the one writer of `dataDir`. The lock file is created exclusively
 * and names its holder; a lock whose process is gone (a crash) is taken over. Throws
 * CoreError('locked') when a live process holds the folder.
 */
export async function acquireDataLock(
  dataDir: string,
  owner: string,
  options: { clock?: Clock } = {},
): Promise<DataLock> {
  const path = join(dataDir, DATA_LOCK_FILE);
  const holder: LockRecord = {
    pid: process.pid,
    hostname: hostname(),
    owner,
    startedAt: toInstant((options.clock ?? systemClock).now()),
    token: randomUUID(),
  };
  const content = `${JSON.stringify(holder, null, 2)}\n`;
  // Each round either takes the lock, reports a live holder, or clears one stale lock; a
  // few rounds only run out when other processes keep racing for the same folder.
  for (let round = 0; round < 5; round += 1) {
    const inode = await createLockFile(path, content, dataDir);
    if (inode !== undefined) return new HeldLock(path, dataDir, content, inode);
    const found = await readLockFile(path);
    if (found === undefined) continue;
    if (isLive(found.record, path)) throw lockedError(dataDir, path, found.record);
    await removeStaleLock(path, found.bytes);
  }
  throw new CoreError(
    'locked',
    `ArcFlux could not take the data folder ${dataDir}: other processes kept taking it at the same moment. Close the other ArcFlux windows, servers or commands that use it, then try again.`,
  );
}

const lockRecordSchema = z.object({
  pid: z.number().int().positive(),
  hostname: z.string().max(255),
  owner: z.string().max(200),
  startedAt: z.string().max(64),
  /** Tells two lives of the same pid apart; absent in lock files written by hand. */
  token: z.string().max(64).optional(),
});
type LockRecord = z.infer<typeof lockRecordSchema>;

/** Locks this process holds, by resolved path: a pid match alone cannot say "ours". */
const heldLocks = new Map<string, HeldLock>();
let exitHookInstalled = false;

class HeldLock implements DataLock {
  #released = false;

  constructor(
    readonly path: string,
    private readonly dataDir: string,
    private readonly content: string,
    private readonly inode: number,
  ) {
    heldLocks.set(resolve(path), this);
    installExitHook();
  }

  assertHeld(): void {
    if (this.#released) {
      throw new CoreError(
        'locked',
        `ArcFlux already let go of the data folder ${this.dataDir}, so it writes nothing more to it. Restart ArcFlux to continue.`,
      );
    }
    if (!this.#isOnDisk()) {
      throw new CoreError(
        'locked',
        `ArcFlux no longer holds the data folder ${this.dataDir}: its lock file ${this.path} was removed or taken by another process, so ArcFlux stopped writing rather than mix its changes with another's. Close the other ArcFlux process, then restart this one.`,
      );
    }
  }

  async release(): Promise<void> {
    if (this.#released) return;
    this.#released = true;
    heldLocks.delete(resolve(this.path));
    if (!this.#isOnDisk()) return;
    await unlink(this.path).catch((error: unknown) => {
      if (errorCode(error) !== 'ENOENT') throw error;
    });
  }

  /** For the 'exit' hook, where nothing asynchronous runs any more. */
  releaseNow(): void {
    if (this.#released) return;
    this.#released = true;
    heldLocks.delete(resolve(this.path));
    try {
      if (this.#isOnDisk()) unlinkSync(this.path);
    } catch {
      // Exiting anyway; the next start treats a lock of a dead process as stale.
    }
  }

  /** Synchronous so writers can check it right before they write. */
  #isOnDisk(): boolean {
    try {
      const inode = statSync(this.path).ino;
      // Some file systems report no inode numbers; the content (with its token) still decides.
      if (inode !== 0 && this.inode !== 0 && inode !== this.inode) return false;
      return readFileSync(this.path, 'utf8') === this.content;
    } catch {
      return false;
    }
  }
}

/** Creates the lock file, or returns undefined when one exists. Returns the inode. */
async function createLockFile(
  path: string,
  content: string,
  dataDir: string,
): Promise<number | undefined> {
  let handle;
  try {
    handle = await open(path, 'wx', 0o644);
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return undefined;
    throw unwritableFolderError(dataDir, error);
  }
  try {
    await handle.writeFile(content);
    await handle.sync();
    const { ino } = await handle.stat();
    await handle.close();
    await syncDirectory(dataDir);
    return ino;
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(path).catch(() => undefined);
    throw error;
  }
}

/**
 * Reads the current lock file; undefined when it vanished meanwhile. A file that does not
 * parse is read again after a pause, since its maker may be between create and write;
 * if it still does not parse, its maker died there and `record` is undefined.
 */
async function readLockFile(
  path: string,
): Promise<{ bytes: Buffer; record: LockRecord | undefined } | undefined> {
  let previous: Buffer | undefined;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return undefined;
      throw error;
    }
    const record = parseLockRecord(bytes);
    if (record) return { bytes, record };
    if (previous?.equals(bytes)) return { bytes, record: undefined };
    previous = bytes;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return previous === undefined ? undefined : { bytes: previous, record: undefined };
}

function parseLockRecord(bytes: Buffer): LockRecord | undefined {
  try {
    const result = lockRecordSchema.safeParse(JSON.parse(bytes.toString('utf8')));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}

function isLive(record: LockRecord | undefined, path: string): boolean {
  if (record === undefined) return false;
  // Another machine's process table is out of reach (a shared or synced folder): assume live.
  if (record.hostname !== hostname()) return true;
  // Our own pid is ours only if this process took the lock; otherwise it is a lock from
  // an earlier life with the same pid, which containers reuse on every start.
  if (record.pid === process.pid) return heldLocks.has(resolve(path));
  return isProcessAlive(record.pid);
}

/**
 * Moves a stale lock aside rather than deleting it, then checks that what moved is the
 * stale lock that was judged. If another process replaced it in between, its fresh lock
 * is linked back (link never overwrites); should that fail, its owner's assertHeld()
 * notices before its next write.
 */
async function removeStaleLock(path: string, staleBytes: Buffer): Promise<void> {
  const aside = `${path}.stale-${randomBytes(4).toString('hex')}`;
  try {
    await rename(path, aside);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return;
    throw error;
  }
  const moved = await readFile(aside).catch(() => undefined);
  if (moved !== undefined && !moved.equals(staleBytes)) {
    await link(aside, path).catch(() => undefined);
  }
  await unlink(aside).catch(() => undefined);
}

function lockedError(dataDir: string, path: string, record: LockRecord | undefined): CoreError {
  const who = record
    ? `${record.owner} (process ${record.pid}${record.hostname === hostname() ? '' : ` on ${record.hostname}`})`
    : 'another process';
  return new CoreError(
    'locked',
    `The data folder ${dataDir} is in use by ${who}. Close it first, or point this command at another folder with --data DIR. If it is not running any more, delete ${path}.`,
  );
}

function unwritableFolderError(dataDir: string, error: unknown): unknown {
  const code = errorCode(error);
  if (!['EACCES', 'EPERM', 'EROFS', 'ENOENT', 'ENOTDIR'].includes(code ?? '')) return error;
  return new CoreError(
    'unavailable',
    `ArcFlux cannot write to the data folder ${dataDir} (${code}). Check that the folder exists and that you may write to it, or point ArcFlux at another folder with --data DIR.`,
    { cause: error },
  );
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const lock of [...heldLocks.values()]) lock.releaseNow();
  });
}
