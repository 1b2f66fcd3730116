import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import { instantSchema } from '../../../shared/schemas/common';
import { systemClock } from '../../core/clock';
import { generateDemoFolder } from '../../core/demo/generateDemoFolder';
import { parseCommandArguments, usageError } from '../arguments';

export const generateHelp = `arcflux generate --payments N --transfers M --data DIR [--seed S] [--now ISO]
  Fills a new or empty data folder with a realistic demo ledger: the demo contacts and
  balances, N payments (one-offs and daily, weekly and monthly schedules, some paused,
  cancelled or holding missed runs), M past transfers with some failures, and the
  Guardian's record of every decision. The same seed and --now give the same files.
  A folder that already holds data is refused and left as it is.`;

const countOption = (most: number) => z.coerce.number().int().min(0).max(most);

const argumentsSchema = z.object({
  data: z.string().min(1, 'must name the folder to fill, e.g. --data ./demo-data'),
  config: z.string().optional(),
  help: z.boolean().optional(),
  payments: countOption(10_000_000),
  transfers: countOption(100_000_000),
  seed: z.coerce.number().int().min(0).default(1),
  now: instantSchema.optional(),
});

export async function generateCommand(argv: readonly string[], print: (text: string) => void) {
  const { values, positionals } = parseCommandArguments(
    'generate',
    argv,
    {
      payments: { type: 'string' },
      transfers: { type: 'string' },
      seed: { type: 'string' },
      now: { type: 'string' },
    },
    argumentsSchema,
  );
  if (positionals.length > 0) {
    throw usageError('generate', `unexpected "${positionals.join(' ')}"`);
  }
  const at = values.now;
  const clock = at === undefined ? systemClock : { now: () => new Date(at) };
  const dataDir = resolve(values.data);
  const started = performance.now();
  const written = await generateDemoFolder({
    dataDir,
    payments: values.payments,
    transfers: values.transfers,
    seed: values.seed,
    clock,
    ...(values.config ? { configPath: resolve(values.config) } : {}),
    onProgress: (progress) =>
      process.stderr.write(
        `generate: ${progress.payments}/${progress.of.payments} payments, ${progress.transfers}/${progress.of.transfers} transfers\n`,
      ),
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  print(
    `Generated ${written.payments} payments, ${written.transfers} transfers (${written.executionLines} journal lines), ${written.riskAssessments} risk assessments, ${written.proposals} proposals and ${written.notifications} notifications in ${dataDir} (${seconds} s).`,
  );
  return 0;
}
