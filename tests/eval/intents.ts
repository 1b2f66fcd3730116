// `npx tsx tests/eval/intents.ts` (npm run eval:intents): accuracy of the rules parser on
// the labelled corpus, per field, per intent kind and per category, then every miss.
// Exits 1 when a field or kind is below the accuracy the unit suite requires.
import { pathToFileURL } from 'node:url';
import { parseIntent } from '../../electron/core/intent/parseIntent';
import {
  accuracy,
  corpusContext,
  demoUsers,
  loadCorpus,
  REQUIRED_ACCURACY,
  scoreCorpus,
  type Tally,
} from '../support/intentCorpus';

export function runIntentEval(): boolean {
  const users = demoUsers();
  const entries = loadCorpus();
  const score = scoreCorpus(entries, (entry) =>
    parseIntent(entry.text, corpusContext(entry, users)),
  );
  console.log(`Intent corpus: ${entries.length} labelled commands\n`);
  printTable('Field', score.fields);
  printTable('Kind (whole intent)', score.kinds);
  printTable('Category (whole intent)', score.categories);
  if (score.misses.length > 0) {
    console.log(`\nMisses (${score.misses.length}):`);
    for (const miss of score.misses) {
      console.log(
        `  [${miss.category}] ${JSON.stringify(miss.text.slice(0, 80))} ${miss.field}: expected ${JSON.stringify(miss.expected)}, got ${JSON.stringify(miss.actual)}`,
      );
    }
  }
  const failing = [...Object.entries(score.fields), ...Object.entries(score.kinds)].filter(
    ([, tally]) => accuracy(tally) < REQUIRED_ACCURACY,
  );
  console.log(
    failing.length === 0
      ? `\nEvery field and kind is at or above ${REQUIRED_ACCURACY * 100}%.`
      : `\nBelow ${REQUIRED_ACCURACY * 100}%: ${failing.map(([name]) => name).join(', ')}.`,
  );
  return failing.length === 0;
}

function printTable(title: string, tallies: Record<string, Tally>): void {
  console.log(`${title.padEnd(26)} accuracy   correct/total`);
  for (const [name, tally] of Object.entries(tallies)) {
    const percent = `${(accuracy(tally) * 100).toFixed(1)}%`;
    console.log(`  ${name.padEnd(24)} ${percent.padStart(7)}   ${tally.correct}/${tally.total}`);
  }
  console.log('');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = runIntentEval() ? 0 : 1;
}
