// `npx tsx tests/eval/intents.ts` (npm run eval:intents): accuracy of the rules parser on
// the labelled corpora, per field, per intent kind and per category, the unsafe parses
// (a payment ready to run that isn't what the label says), then every miss.
// Exits 1 when a field or kind of the main corpus is below the accuracy the unit suite
// requires, or when either corpus has an unsafe parse.
import { pathToFileURL } from 'node:url';
import { parseIntent } from '../../electron/core/intent/parseIntent';
import {
  accuracy,
  CORPUS_PATH,
  corpusContext,
  demoUsers,
  loadCorpus,
  REQUIRED_ACCURACY,
  scoreCorpus,
  UNDERSTANDING_CORPUS_PATH,
  type CorpusScore,
  type Tally,
} from '../support/intentCorpus';

export function runIntentEval(): boolean {
  const main = evaluate('Intent corpus', CORPUS_PATH);
  const understanding = evaluate('Understanding corpus', UNDERSTANDING_CORPUS_PATH);
  const failing = [...Object.entries(main.fields), ...Object.entries(main.kinds)].filter(
    ([, tally]) => accuracy(tally) < REQUIRED_ACCURACY,
  );
  console.log(
    failing.length === 0
      ? `\nEvery field and kind of the intent corpus is at or above ${REQUIRED_ACCURACY * 100}%.`
      : `\nBelow ${REQUIRED_ACCURACY * 100}% in the intent corpus: ${failing.map(([name]) => name).join(', ')}.`,
  );
  return failing.length === 0 && main.unsafe.length === 0 && understanding.unsafe.length === 0;
}

function evaluate(title: string, path: string): CorpusScore {
  const users = demoUsers();
  const entries = loadCorpus(path);
  const score = scoreCorpus(entries, (entry) =>
    parseIntent(entry.text, corpusContext(entry, users)),
  );
  const exact = Object.values(score.categories).reduce(
    (sum, tally) => ({ correct: sum.correct + tally.correct, total: sum.total + tally.total }),
    { correct: 0, total: 0 },
  );
  console.log(`${title}: ${entries.length} labelled commands (${path})\n`);
  printTable('Field', score.fields);
  printTable('Kind (whole intent)', score.kinds);
  printTable('Category (whole intent)', score.categories);
  console.log(
    `Overall (whole intent): ${(accuracy(exact) * 100).toFixed(1)}% (${exact.correct}/${exact.total})`,
  );
  console.log(`Unsafe (a payment ready to run that isn't what was said): ${score.unsafe.length}`);
  for (const unsafe of score.unsafe) {
    console.log(`  [${unsafe.category}] ${JSON.stringify(unsafe.text.slice(0, 80))}`);
  }
  if (score.misses.length > 0) {
    console.log(`\nMisses (${score.misses.length}):`);
    for (const miss of score.misses) {
      console.log(
        `  [${miss.category}] ${JSON.stringify(miss.text.slice(0, 80))} ${miss.field}: expected ${JSON.stringify(miss.expected)}, got ${JSON.stringify(miss.actual)}`,
      );
    }
  }
  console.log('');
  return score;
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
