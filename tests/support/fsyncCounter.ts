import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Counts fsync and fdatasync calls made through node's FileHandle (which the store uses)
 * while `work` runs: the measure of group commit.
 */
export async function countSyncs<T>(work: () => Promise<T>): Promise<{ result: T; syncs: number }> {
  const probe = await open(join(tmpdir(), `arcflux-sync-probe-${process.pid}`), 'w');
  const prototype = Object.getPrototypeOf(probe) as {
    sync: () => Promise<void>;
    datasync: () => Promise<void>;
  };
  await probe.close();
  const { sync, datasync } = prototype;
  let syncs = 0;
  prototype.sync = function (this: unknown) {
    syncs += 1;
    return sync.call(this);
  };
  prototype.datasync = function (this: unknown) {
    syncs += 1;
    return datasync.call(this);
  };
  try {
    const result = await work();
    return { result, syncs };
  } finally {
    prototype.sync = sync;
    prototype.datasync = datasync;
  }
}
