// One executor of the household bench, in a process of its own:
//   node --import tsx tests/bench/householdExecutorChild.ts <configPath> <dataDir> <now ISO>
// with ARCFLUX_DATABASE_URL set. Opens the core on the household database, says "ready",
// waits for "go" on stdin (so every executor starts ticking at once), then ticks until two
// ticks in a row find nothing to pay, and prints one JSON line with what it executed.
import { createInterface } from 'node:readline';
import { openCore } from '../../electron/core/createCore';
import { ManualClock } from '../support/manualClock';

const [configPath, dataDir, now] = process.argv.slice(2);
if (!configPath || !dataDir || !now) {
  throw new Error('usage: householdExecutorChild.ts <configPath> <dataDir> <now ISO>');
}
// The core's log is kept, not printed: the run's output is figures. A failed tick prints it,
// since the answer says only that something unexpected happened.
const logged: string[] = [];
const core = await openCore({
  dataDir,
  configPath,
  owner: 'the household bench',
  clock: new ManualClock(now),
  log: (line) => logged.push(line),
  money: { sleep: async () => undefined },
});
process.stdout.write('ready\n');
await new Promise<void>((resolve) =>
  createInterface({ input: process.stdin }).on('line', (line) => {
    if (line === 'go') resolve();
  }),
);
let executed = 0;
let failed = 0;
let ticks = 0;
for (let idle = 0; idle < 2;) {
  const result = await core.invoke('scheduler:tick', {});
  if (!result.ok) {
    throw new Error(`tick failed: ${result.error.message}\n${logged.slice(-20).join('\n')}`);
  }
  ticks += 1;
  executed += result.data.executed.length;
  failed += result.data.failed.length;
  idle = result.data.executed.length + result.data.failed.length === 0 ? idle + 1 : 0;
}
process.stdout.write(`${JSON.stringify({ executed, failed, ticks })}\n`);
await core.close();
process.exit(0);
