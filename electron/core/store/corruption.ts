import { open } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { z } from 'zod';
import type { Clock } from '../clock';
import { CoreError } from '../errors';
import { syncDirectory } from './atomicFile';
import { errorCode } from './files';

/** Why a file on disk cannot be loaded, in words for the person who owns it. */
export class DataProblem extends Error {
  constructor(
    readonly reason: string,
    /** What the person can do, when it differs from the usual restore-or-move-away advice. */
    readonly wayOut?: string,
  ) {
    super(reason);
    this.name = 'DataProblem';
  }
}

export const DEFAULT_WAY_OUT =
  'Restore the file from a backup or repair it, or move the whole data folder away to start again from the demo data.';

/**
 * Keeps an exact copy of the bytes that failed to load as `<file>.corrupt-<stamp>` and
 * returns the error to throw. The original stays where it is, untouched: the person
 * decides what happens to it, never the loader.
 */
export async function quarantine(
  path: string,
  bytes: Uint8Array,
  problem: DataProblem,
  clock: Clock,
): Promise<CoreError> {
  const wayOut = problem.wayOut ?? DEFAULT_WAY_OUT;
  const what = `ArcFlux could not load ${path}: ${problem.reason}.`;
  try {
    const copy = await writeCopy(`${path}.corrupt-${compactStamp(clock.now())}`, bytes);
    return new CoreError(
      'corrupt_data',
      `${what} ArcFlux kept a copy at ${copy} and did not start, so nothing is lost. ${wayOut}`,
    );
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return new CoreError(
      'corrupt_data',
      `${what} ArcFlux did not start and left the file as it was, so nothing is lost (it could not keep a copy beside it: ${why}). ${wayOut}`,
    );
  }
}

/** "data.payments[3].amount: Invalid input: expected string, received number" */
export function describeIssue(error: z.ZodError, root: string): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  const path = issue.path
    .map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`))
    .join('');
  const where = root === '' ? path.replace(/^\./, '') : `${root}${path}`;
  return where === '' ? issue.message : `${where}: ${issue.message}`;
}

/** 2024-03-05T07:08:09.123Z -> 20240305T070809Z, safe in file names on every platform. */
export function compactStamp(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`;
}

/** Creates the copy under a name nobody has used, so an earlier copy is never overwritten. */
async function writeCopy(base: string, bytes: Uint8Array): Promise<string> {
  for (let attempt = 1; attempt <= 100; attempt += 1) {
    const path = attempt === 1 ? base : `${base}-${attempt}`;
    let handle;
    try {
      handle = await open(path, 'wx', 0o600);
    } catch (error) {
      if (errorCode(error) === 'EEXIST') continue;
      throw error;
    }
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await syncDirectory(dirname(path));
    return path;
  }
  throw new Error(`100 copies named ${base}-N already exist`);
}
