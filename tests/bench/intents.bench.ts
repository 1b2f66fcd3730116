import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { casual } from 'chrono-node/en';
import { parseIntent } from '../../electron/core/intent/parseIntent';
import { zonedNow } from '../../electron/core/intent/schedule/calendar';
import {
  corpusContext,
  demoUsers,
  loadCorpus,
  UNDERSTANDING_CORPUS_PATH,
} from '../support/intentCorpus';

/**
 * Parse latency over the labelled corpus (p50, p99, commands per second), and the ratio
 * to chrono-node alone parsing the same strings: how much the rest of the pipeline costs
 * on top of the date parser it is built on. Prints figures, asserts nothing.
 */
export async function runIntentBench(): Promise<void> {
  const users = demoUsers();
  const cases = [...loadCorpus(), ...loadCorpus(UNDERSTANDING_CORPUS_PATH)].map((entry) => ({
    text: entry.text,
    context: corpusContext(entry, users),
  }));
  const references = cases.map(({ text, context }) => ({
    text,
    reference: { instant: context.now, timezone: zonedNow(context.now, context.timezone).offset },
  }));
  const rounds = 20;
  // Warm up the JIT and chrono's pattern caches before measuring.
  for (const { text, context } of cases) parseIntent(text, context);
  for (const { text, reference } of references)
    casual.parse(text, reference, { forwardDate: true });

  // Rounds alternate between the parser and chrono-node alone, so a neighbour's load on
  // this shared machine weighs on both sides of the ratio alike.
  const latencies: number[] = [];
  const chronoLatencies: number[] = [];
  let parserTotal = 0;
  let chronoTotal = 0;
  for (let round = 0; round < rounds; round += 1) {
    const started = performance.now();
    for (const { text, context } of cases) {
      const before = performance.now();
      parseIntent(text, context);
      latencies.push(performance.now() - before);
    }
    parserTotal += performance.now() - started;
    const chronoStarted = performance.now();
    for (const { text, reference } of references) {
      const before = performance.now();
      casual.parse(text, reference, { forwardDate: true });
      chronoLatencies.push(performance.now() - before);
    }
    chronoTotal += performance.now() - chronoStarted;
  }

  latencies.sort((left, right) => left - right);
  chronoLatencies.sort((left, right) => left - right);
  const commands = cases.length * rounds;
  console.log(`${cases.length} corpus commands x ${rounds} rounds`);
  console.log(
    `  parse latency   p50 ${percentile(latencies, 0.5).toFixed(3)} ms   p99 ${percentile(latencies, 0.99).toFixed(3)} ms   max ${latencies[latencies.length - 1]?.toFixed(3)} ms`,
  );
  console.log(`  throughput      ${Math.round(commands / (parserTotal / 1000))} commands/s`);
  console.log(
    `  chrono-node alone on the same strings: ${Math.round(commands / (chronoTotal / 1000))} strings/s`,
  );
  console.log(`  parser / chrono-node time ratio: ${(parserTotal / chronoTotal).toFixed(2)}x`);
  const ratio = (fraction: number) =>
    (percentile(latencies, fraction) / percentile(chronoLatencies, fraction)).toFixed(2);
  console.log(
    `  parser / chrono-node per string: p50 ${ratio(0.5)}x   p99 ${ratio(0.99)}x (the budget is 5x)`,
  );
}

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runIntentBench();
