// `npm run check:dates`: fails when a test file holds an absolute date within two years of
// today, unless the file is on the allow list with its reason. A date near today in a test
// is how a suite turns red on a given morning: a fixture "next Tuesday" that one day is in
// the past, while the server under test reads the real clock. Fixtures are built from the
// clock of the code under test instead; files whose dates only ever meet an injected clock
// (or a parser corpus run with its own --now) are listed in tests/dates-allowed.json.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { findDates, isNear } from './findDates';

const root = fileURLToPath(new URL('../../', import.meta.url));
const allowListPath = join(root, 'tests', 'dates-allowed.json');
const TEXT_FILES = new Set([
  '.ts',
  '.tsx',
  '.js',
  '.mjs',
  '.cjs',
  '.json',
  '.jsonl',
  '.md',
  '.txt',
  '.csv',
  '.html',
]);
/** Generated binaries and their manifests: no dates a test compares with the clock. */
const SKIPPED_FOLDERS = new Set([join('tests', 'fixtures', 'models')]);

const allowListSchema = z.object({
  files: z.record(z.string(), z.string().min(10, 'give the reason in a few words')),
});

function testFiles(folder: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(join(root, folder))) {
    const path = join(folder, name);
    if (statSync(join(root, path)).isDirectory()) {
      if (!SKIPPED_FOLDERS.has(path)) files.push(...testFiles(path));
    } else if (TEXT_FILES.has(extname(name))) {
      files.push(path);
    }
  }
  return files;
}

function main(): number {
  // The one place that reads the wall clock on purpose: "near today" is the point.
  const today = new Date();
  const allowed = allowListSchema.parse(JSON.parse(readFileSync(allowListPath, 'utf8'))).files;
  const problems: string[] = [];
  for (const listed of Object.keys(allowed)) {
    if (!existsSync(join(root, listed))) {
      problems.push(
        `${relative(root, allowListPath)} lists ${listed}, which does not exist: remove the entry.`,
      );
    }
  }
  for (const file of testFiles('tests')) {
    const name = file.split(sep).join('/');
    if (allowed[name] !== undefined) continue;
    const near = findDates(readFileSync(join(root, file), 'utf8')).filter((found) =>
      isNear(found.date, today),
    );
    if (near.length === 0) continue;
    const shown = near
      .slice(0, 3)
      .map((found) => `line ${found.line} "${found.text}"`)
      .join(', ');
    problems.push(
      `${name}: ${shown}${near.length > 3 ? ` and ${near.length - 3} more` : ''} ${near.length === 1 ? 'is' : 'are'} within two years of today.`,
    );
  }
  if (problems.length === 0) {
    console.log('check:dates: no test file pins a date near today outside the allow list.');
    return 0;
  }
  console.error(
    [
      `check:dates: ${problems.length} problem${problems.length === 1 ? '' : 's'}:`,
      ...problems.map((problem) => `  ${problem}`),
      "A date near today breaks the test once the wall clock passes it. Build the date from the clock the code under test uses (the server's, or an injected one), or, where only an injected clock or a --now ever sees it, add the file to tests/dates-allowed.json with the reason.",
    ].join('\n'),
  );
  return 1;
}

process.exitCode = main();
