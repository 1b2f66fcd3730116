import { resolve } from 'node:path';
import { z } from 'zod';
import { systemClock } from '../../core/clock';
import { redactorFor } from '../../core/config/redaction';
import { databaseUrl, loadSystemConfig, secretReferences } from '../../core/config/systemConfig';
import { CoreError } from '../../core/errors';
import { defaultConfigPath } from '../../core/paths';
import { folderFingerprint, moveIn } from '../../core/store/postgres/moveIn';
import { parseCommandArguments } from '../arguments';

export const migrateHelp = `arcflux migrate --from DIR --to postgres [--config FILE]
  Moves a desktop data folder into the household's PostgreSQL database (store.url in
  system_config.json, for example "env:ARCFLUX_DATABASE_URL"). The database must hold no
  household yet: run this before the first "arcflux serve --store postgres". The folder is
  only read; its hash chain is checked first, and the counts and per-currency sums are
  compared before the copy is committed.`;

const migrateArgumentsSchema = z.object({
  data: z.string().optional(),
  config: z.string().optional(),
  help: z.boolean().optional(),
  from: z.string().min(1, 'name the data folder to move in, e.g. --from ~/.config/ArcFlux/data'),
  to: z.literal('postgres', { message: 'must be "postgres", the only store a folder moves into' }),
});

export async function migrateCommand(argv: readonly string[], print: (text: string) => void) {
  const { values } = parseCommandArguments(
    'migrate',
    argv,
    { from: { type: 'string' }, to: { type: 'string' } },
    migrateArgumentsSchema,
  );
  const config = await loadSystemConfig(values.config ? resolve(values.config) : defaultConfigPath);
  if (config.store.kind !== 'postgres') {
    throw new CoreError(
      'invalid_config',
      'system_config.json does not name a household database: add "store": { "kind": "postgres", "url": "env:ARCFLUX_DATABASE_URL" }, set that variable, and run arcflux migrate again. Nothing was changed.',
    );
  }
  const from = resolve(values.from);
  const redact = redactorFor(secretReferences(config), process.env);
  const before = await folderFingerprint(from);
  const report = await moveIn({
    from,
    url: databaseUrl(config.store, process.env),
    clock: systemClock,
    redact,
    print: (line) => print(redact(line)),
  });
  const after = await folderFingerprint(from);
  const untouched =
    before.size === after.size && [...before].every(([path, hash]) => after.get(path) === hash);
  print(
    `Moved into the household database: ${Object.entries(report.counts)
      .map(([name, count]) => `${count} ${name.replace('_', ' ')}`)
      .join(', ')}.`,
  );
  for (const [name, sums] of Object.entries(report.sums)) {
    const figures = Object.entries(sums).map(([currency, sum]) => `${sum} ${currency}`);
    print(`  ${name}: ${figures.length > 0 ? figures.join(', ') : 'none'} (equal in both)`);
  }
  print(
    `Verified: counts and sums equal; the folder's hash chain is intact up to record ${report.chainHead.seq}.`,
  );
  print(
    untouched
      ? `${from} was not changed (${after.size} files, the same SHA-256 before and after).`
      : `Warning: ${from} changed while it was read (is ArcFlux running on it?). Close it and move the folder in again into a fresh database.`,
  );
  return untouched ? 0 : 1;
}
