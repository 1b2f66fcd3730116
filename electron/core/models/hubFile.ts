import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rm, stat, truncate } from 'node:fs/promises';
import { dirname } from 'node:path';
import { CoreError } from '../errors';

export interface FileDownload {
  url: string;
  /** Where the bytes accumulate; an existing file is resumed with an HTTP Range request. */
  partPath: string;
  /** What the registry expects, where it knows. */
  expectedSize: number | null;
  expectedSha256: string | null;
  signal: AbortSignal;
  /** Called with the running byte count of this file as bytes arrive. */
  onBytes: (bytesDone: number, bytesTotal: number | null) => void;
}

/** What a file on disk is: its size and sha256, as measured. */
export interface FileDigest {
  size: number;
  sha256: string;
}

/** A file that passed `checkFile`: what it is, and whether a known sha256 vouched for it. */
export interface VerifiedFile extends FileDigest {
  /**
   * True only when its sha256 matched one given by the registry or the hub. A matching
   * size alone proves nothing (any file can be padded), so it leaves this false and the
   * model is reported "installed, not verified".
   */
  checksumChecked: boolean;
}

/**
 * Fetches one file into `partPath`, resuming what is already there, and checks its size
 * and sha256. The checksum comes from the registry or, failing that, from the hub's own
 * record of it (an LFS file's etag is its sha256). A mismatch deletes nothing but the
 * part file, so the next try starts clean.
 */
export async function downloadHubFile(download: FileDownload): Promise<VerifiedFile> {
  try {
    return await fetchAndCheck(download);
  } catch (error) {
    // Kept, a bad part file would be "resumed" and fail (or pass unverified) forever.
    if (error instanceof CoreError && error.code === 'corrupt_data') {
      await rm(download.partPath, { force: true });
    }
    throw error;
  }
}

async function fetchAndCheck(download: FileDownload): Promise<VerifiedFile> {
  await mkdir(dirname(download.partPath), { recursive: true });
  let hash = createHash('sha256');
  let offset = await hashExisting(download.partPath, hash);
  const response = await fetch(download.url, {
    headers: offset > 0 ? { range: `bytes=${offset}-` } : {},
    signal: download.signal,
    redirect: 'follow',
  });
  if (response.status === 416 && offset > 0) {
    // The part file already holds the whole file. Without a registry checksum only the
    // hub's (sent with the body) can vouch for it, so such a file is fetched again.
    if (download.expectedSha256 === null) {
      await response.body?.cancel();
      await truncate(download.partPath, 0);
      return fetchAndCheck(download);
    }
    return checkFile(download.url, { size: offset, sha256: hash.digest('hex') }, download);
  }
  if (!response.ok || !response.body) {
    throw new CoreError(
      'unavailable',
      `The model server answered ${response.status} for ${download.url}. Check the connection and try again.`,
    );
  }
  if (offset > 0 && response.status !== 206) {
    // The server ignored the range and is sending the whole file: start it over.
    await truncate(download.partPath, 0);
    offset = 0;
    hash = createHash('sha256');
  }
  const length = Number(response.headers.get('content-length') ?? Number.NaN);
  const total = Number.isFinite(length) ? offset + length : download.expectedSize;
  const hubSha256 = parseHubSha256(response.headers);
  const handle = await open(download.partPath, 'a');
  try {
    let done = offset;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      await handle.write(chunk);
      hash.update(chunk);
      done += chunk.length;
      download.onBytes(done, total);
    }
    await handle.sync();
    return checkFile(
      download.url,
      { size: done, sha256: hash.digest('hex') },
      { expectedSize: download.expectedSize, expectedSha256: download.expectedSha256 ?? hubSha256 },
    );
  } finally {
    await handle.close();
  }
}

/**
 * The size the hub gives for a file, asked without fetching it (HEAD), so a progress bar
 * can show the whole model's size from the start. Null where the hub doesn't say or can't
 * be asked; the download then learns the size as each file begins.
 */
export async function hubFileSize(url: string, signal: AbortSignal): Promise<number | null> {
  try {
    const response = await fetch(url, { method: 'HEAD', signal, redirect: 'follow' });
    if (!response.ok) return null;
    const size = Number(
      response.headers.get('x-linked-size') ?? response.headers.get('content-length') ?? '',
    );
    return Number.isSafeInteger(size) && size >= 0 ? size : null;
  } catch {
    return null;
  }
}

/** Checks a file's size and sha256 against what was expected, where anything was. */
export function checkFile(
  label: string,
  actual: FileDigest,
  expected: { expectedSize: number | null; expectedSha256: string | null },
): VerifiedFile {
  const problem =
    expected.expectedSize !== null && actual.size !== expected.expectedSize
      ? `is ${actual.size} bytes, not the ${expected.expectedSize} expected`
      : expected.expectedSha256 !== null && actual.sha256 !== expected.expectedSha256
        ? `has sha256 ${actual.sha256}, not the expected ${expected.expectedSha256}`
        : undefined;
  if (!problem) return { ...actual, checksumChecked: expected.expectedSha256 !== null };
  throw new CoreError(
    'corrupt_data',
    `The model file ${label} ${problem}, so ArcFlux did not use it. Get the model again; if this repeats, the source may hold a different version.`,
  );
}

/** Size and sha256 of a file already on disk. */
export async function hashFile(path: string): Promise<FileDigest> {
  const hash = createHash('sha256');
  const size = await hashExisting(path, hash);
  return { size, sha256: hash.digest('hex') };
}

/** The hub sends an LFS file's sha256 as its (linked) etag. */
function parseHubSha256(headers: Headers): string | null {
  for (const name of ['x-linked-etag', 'etag']) {
    const value = headers.get(name)?.replace(/^W\//, '').replaceAll('"', '');
    if (value && /^[0-9a-f]{64}$/.test(value)) return value;
  }
  return null;
}

async function hashExisting(path: string, hash: Hash): Promise<number> {
  try {
    const { size } = await stat(path);
    if (size === 0) return 0;
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
    return size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
}
