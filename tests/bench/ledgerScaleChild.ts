// One start-up measurement in a process of its own, so its RSS is its own:
//   generate DIR NOW N  fills DIR with N payments and 10 N transfers for the clock at NOW;
//   core DIR NOW   opens the core on DIR (the clock standing at NOW) until it resolves;
//   plain DIR      reads and JSON.parse-s the same files and holds the result.
// Prints one JSON line: {"ms": open or parse time, "rss": RSS after a full GC, "maxRss": peak,
// and for the core "settledMs": until the indexes built after opening are done too}.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openCore, type Core } from '../../electron/core/createCore';
import { generateDemoFolder } from '../../electron/core/demo/generateDemoFolder';
import { ManualClock } from '../support/manualClock';

const [mode, dataDir = '', now = '', payments = ''] = process.argv.slice(2);

if (mode === 'generate') {
  // In a process of its own, so the bench's process does not carry the generator's heap
  // (and its garbage collector's background work) into what it measures next.
  const written = await generateDemoFolder({
    dataDir,
    payments: Number(payments),
    transfers: Number(payments) * 10,
    seed: 1,
    clock: new ManualClock(now),
  });
  process.stdout.write(`${JSON.stringify({ transfers: written.transfers })}\n`);
  process.exit(0);
}

const started = performance.now();
let held: unknown;
if (mode === 'core') {
  held = await openCore({
    dataDir,
    owner: 'the ledger scale bench',
    clock: { now: () => new Date(now) },
    log: () => undefined,
  });
} else {
  held = await readPlain(dataDir);
}
const ms = performance.now() - started;
let settledMs: number | undefined;
if (mode === 'core') {
  // The transfers and spending indexes finish building after openCore resolves; a list
  // and a Guardian dry run wait for each, so the RSS below includes them.
  const core = held as Core;
  const listed = await core.invoke('transfers:list', {});
  const previewed = await core.invoke('commands:preview', { text: 'Pay User Two 20 USDC' });
  if (!listed.ok || !previewed.ok) throw new Error('the core did not answer after opening');
  settledMs = performance.now() - started;
}
(globalThis as { gc?: () => void }).gc?.();
const { rss } = process.memoryUsage();
process.stdout.write(
  `${JSON.stringify({ ms, settledMs, rss, maxRss: process.resourceUsage().maxRSS * 1024, held: held !== undefined })}\n`,
);
// Released, so the next measurement on the folder finds it free.
if (mode === 'core') await (held as Core).close();
process.exit(0);

/**
 * Every data file, parsed the plainest way: JSON.parse of the document, or of each line.
 * A file too large for one string (a million-transfer ledger snapshot is larger than the
 * longest string JavaScript can hold) is parsed a line at a time, as the store reads it.
 */
async function readPlain(dir: string): Promise<Record<string, unknown>> {
  const parsed: Record<string, unknown> = {};
  for (const name of await readdir(dir)) {
    if (name.endsWith('.json') && (await stat(join(dir, name))).size < 256 * 1024 * 1024) {
      parsed[name] = JSON.parse(await readFile(join(dir, name), 'utf8'));
    } else if (name.endsWith('.json')) {
      const bytes = await readFile(join(dir, name));
      const records: unknown[] = [];
      let start = 0;
      for (let end = bytes.indexOf(0x0a); end !== -1; end = bytes.indexOf(0x0a, start)) {
        const line = bytes.toString('utf8', start, end);
        if (line.startsWith('{"') && !line.startsWith('{"schemaVersion"')) {
          records.push(JSON.parse(line.endsWith(',') ? line.slice(0, -1) : line));
        }
        start = end + 1;
      }
      parsed[name] = records;
    } else if (name.endsWith('.jsonl')) {
      const bytes = await readFile(join(dir, name));
      const records: unknown[] = [];
      let start = 0;
      for (let end = bytes.indexOf(0x0a); end !== -1; end = bytes.indexOf(0x0a, start)) {
        records.push(JSON.parse(bytes.toString('utf8', start, end)));
        start = end + 1;
      }
      parsed[name] = records;
    }
  }
  return parsed;
}
