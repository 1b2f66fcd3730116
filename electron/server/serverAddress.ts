import { readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { isProcessAlive } from '../core/store/liveness';
import { writeFileAtomic } from '../core/store';

/**
 * Where a running `arcflux serve` can be reached, kept in its data folder while it runs so
 * `arcflux web` can ask it for a fresh launch link instead of starting a second server.
 * Holds no secret: asking needs the API token (server_token) as well.
 */
export const SERVER_ADDRESS_FILE = 'server_address.json';

const addressSchema = z
  .object({ url: z.string().url().startsWith('http://'), pid: z.number().int().positive() })
  .strict();

export async function recordServerAddress(dataDir: string, url: string): Promise<void> {
  await writeFileAtomic(
    join(dataDir, SERVER_ADDRESS_FILE),
    `${JSON.stringify({ url, pid: process.pid })}\n`,
  );
}

/** Removes the record if it is still this process's own. */
export async function forgetServerAddress(dataDir: string): Promise<void> {
  const found = await readServerAddress(dataDir);
  if (found?.pid !== process.pid) return;
  await unlink(join(dataDir, SERVER_ADDRESS_FILE)).catch(() => undefined);
}

/** The server running on this data folder, or null when none is (or its process died). */
export async function runningServerAddress(dataDir: string): Promise<{ url: string } | null> {
  const found = await readServerAddress(dataDir);
  return found && isProcessAlive(found.pid) ? { url: found.url } : null;
}

async function readServerAddress(dataDir: string): Promise<z.infer<typeof addressSchema> | null> {
  let text: string;
  try {
    text = await readFile(join(dataDir, SERVER_ADDRESS_FILE), 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed = addressSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
