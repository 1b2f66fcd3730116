import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { instantSchema } from '../../../shared/schemas/common';
import { rateQuoteSchema } from '../../../shared/schemas/market';
import { DATA_FILES } from '../dataFolder';
import { writeFileAtomic } from '../store/atomicFile';

/** The last good rate, in the data folder, so totals work offline and say "as of". */
export const RATE_CACHE_FILE = DATA_FILES.marketRate;

const cachedRateSchema = rateQuoteSchema.extend({ fetchedAt: instantSchema }).strict();
export type CachedRate = z.infer<typeof cachedRateSchema>;

const cacheFileSchema = z.object({ schemaVersion: z.literal(1), data: cachedRateSchema }).strict();

/**
 * Reads the cached rate. A missing file is no cache; so is one that fails its schema: a
 * cache is only ever a convenience, and a damaged one must not stop ArcFlux (the next good
 * fetch replaces it). `problem` says which, for the log.
 */
export async function readCachedRate(
  dataDir: string,
): Promise<{ rate: CachedRate } | { rate: undefined; problem?: 'unreadable' | 'invalid' }> {
  let text: string;
  try {
    text = await readFile(join(dataDir, RATE_CACHE_FILE), 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    return missing ? { rate: undefined } : { rate: undefined, problem: 'unreadable' };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { rate: undefined, problem: 'invalid' };
  }
  const parsed = cacheFileSchema.safeParse(raw);
  return parsed.success ? { rate: parsed.data.data } : { rate: undefined, problem: 'invalid' };
}

/** Replaces the cached rate atomically: a crash leaves the old rate or the new, never half. */
export async function writeCachedRate(dataDir: string, rate: CachedRate): Promise<void> {
  const file = { schemaVersion: 1, data: cachedRateSchema.parse(rate) };
  await writeFileAtomic(join(dataDir, RATE_CACHE_FILE), `${JSON.stringify(file, null, 2)}\n`);
}
