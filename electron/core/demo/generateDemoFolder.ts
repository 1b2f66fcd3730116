import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { balanceSchema } from '../../../shared/schemas/balance';
import { userSchema } from '../../../shared/schemas/user';
import type { Clock } from '../clock';
import { loadSystemConfig } from '../config/systemConfig';
import { DATA_FILES } from '../dataFolder';
import { CoreError } from '../errors';
import { defaultConfigPath, defaultSeedDir } from '../paths';
import { describeIssue } from '../store/corruption';
import { generateLedger, type LedgerChunk } from './generateLedger';
import { writeGeneratedLedger, type WrittenLedger } from './writeGeneratedLedger';

export interface DemoFolderRequest {
  dataDir: string;
  payments: number;
  transfers: number;
  seed: number;
  clock: Clock;
  configPath?: string;
  /** Where the demo contacts and balances come from; the app's seed by default. */
  seedDir?: string;
  /** Called as chunks are written, for ledgers big enough to take a while. */
  onProgress?: (progress: DemoProgress) => void;
}

export interface DemoProgress {
  payments: number;
  transfers: number;
  /** What was asked for. */
  of: { payments: number; transfers: number };
}

/** Below this many records the whole run takes about a second: no progress to show. */
const PROGRESS_FROM = 50_000;

/**
 * `arcflux generate`: fills a new or empty data folder with a realistic demo ledger built
 * on the demo contacts and balances, deterministic for the seed and the clock's reading.
 */
export async function generateDemoFolder(request: DemoFolderRequest): Promise<WrittenLedger> {
  const config = await loadSystemConfig(request.configPath ?? defaultConfigPath);
  const seedDir = request.seedDir ?? defaultSeedDir;
  const [users, balances] = await Promise.all([
    readSeed(seedDir, DATA_FILES.users, userSchema),
    readSeed(seedDir, DATA_FILES.balances, balanceSchema),
  ]);
  const chunks = generateLedger({
    payments: request.payments,
    transfers: request.transfers,
    seed: request.seed,
    now: request.clock.now(),
    users,
    balances,
    actingUserId: config.demo.actingUserId,
    policy: config.guardian,
    undoSeconds: config.scheduler.undoSeconds,
  });
  await createFolder(request.dataDir);
  return writeGeneratedLedger(request.dataDir, reporting(chunks, request), request.clock);
}

/** Passes the chunks through, telling `onProgress` about every twentieth of the work. */
function* reporting(
  chunks: Iterable<LedgerChunk>,
  request: DemoFolderRequest,
): Generator<LedgerChunk> {
  const of = { payments: request.payments, transfers: request.transfers };
  const step = (of.payments + of.transfers) / 20;
  const report = request.onProgress && of.payments + of.transfers >= PROGRESS_FROM;
  const done = { payments: 0, transfers: 0 };
  let next = step;
  for (const chunk of chunks) {
    yield chunk;
    done.payments += chunk.payments.length;
    done.transfers += chunk.transfers;
    if (report && done.payments + done.transfers >= next) {
      request.onProgress?.({ ...done, of });
      next += step;
    }
  }
}

async function readSeed<T>(seedDir: string, file: string, schema: z.ZodType<T>): Promise<T[]> {
  const path = join(seedDir, file);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CoreError(
      'unavailable',
      `ArcFlux could not read the demo seed ${path} (${(error as NodeJS.ErrnoException).code ?? 'unknown error'}). Reinstall ArcFlux to restore it. Nothing was generated.`,
      { cause: error },
    );
  }
  const result = z
    .object({ schemaVersion: z.literal(1), data: z.array(schema) })
    .safeParse(parseJson(text));
  if (!result.success) {
    throw new CoreError(
      'internal',
      `The demo seed ${path} is not valid (${describeIssue(result.error, '')}). Reinstall ArcFlux to restore it. Nothing was generated.`,
    );
  }
  return result.data.data;
}

async function createFolder(dataDir: string): Promise<void> {
  try {
    await mkdir(dataDir, { recursive: true });
  } catch (error) {
    throw new CoreError(
      'unavailable',
      `ArcFlux could not create the folder ${dataDir} (${(error as NodeJS.ErrnoException).code ?? 'unknown error'}). Check its permissions, or choose another folder with --data DIR. Nothing was generated.`,
      { cause: error },
    );
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
