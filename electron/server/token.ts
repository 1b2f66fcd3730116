import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmod, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../core/store';

const TOKEN_FILE = 'server_token';

/**
 * The bearer token for the REST door. Made on first start and kept in the data folder
 * (readable by its owner only), so scripts keep working across restarts; `created` tells
 * the caller to print it, which happens only that once.
 */
export async function loadOrCreateToken(
  dataDir: string,
): Promise<{ token: string; created: boolean }> {
  const path = join(dataDir, TOKEN_FILE);
  const stored = await readStoredToken(dataDir);
  if (stored) return { token: stored, created: false };
  const token = newSecret();
  await writeFileAtomic(path, `${token}\n`);
  await chmod(path, 0o600);
  return { token, created: true };
}

/** The token kept in the data folder, or null when there is none (or it is not a token). */
export async function readStoredToken(dataDir: string): Promise<string | null> {
  try {
    const stored = (await readFile(join(dataDir, TOKEN_FILE), 'utf8')).trim();
    return /^[A-Za-z0-9_-]{32,}$/.test(stored) ? stored : null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return null;
  }
}

/** 256 random bits, URL-safe. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Compares without leaking how much of the guess matched. */
export function secretsMatch(expected: string, given: string): boolean {
  const left = Buffer.from(expected);
  const right = Buffer.from(given);
  return left.length === right.length && timingSafeEqual(left, right);
}
