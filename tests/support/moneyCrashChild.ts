// The money-path crash test's victim: `node --import tsx tests/support/moneyCrashChild.ts
// <dataDir>`. It ticks the scheduler back to back, its clock one minute further each
// time, until the parent SIGKILLs it; it prints one line per finished tick. Its clock
// starts a minute after the last occurrence the journal knows, so the schedules it finds
// are never late, whatever the previous child got done before it died.
import { openCore } from '../../electron/core/createCore';
import { acknowledge as say } from './acknowledge';
import { readLedgerFiles } from './ledgerFiles';
import { ManualClock } from './manualClock';

const [dataDir, firstDue] = process.argv.slice(2);
if (!dataDir || !firstDue) throw new Error('usage: moneyCrashChild.ts <dataDir> <first due ISO>');

const last = readLedgerFiles(dataDir).executions.at(-1)?.occurrenceAt ?? null;
const clock = new ManualClock(last ? new Date(Date.parse(last) + 60_000) : firstDue);
const core = await openCore({
  dataDir,
  owner: 'the money-path crash test',
  clock,
  log: () => undefined,
});
await say('ready');
for (;;) {
  const result = await core.invoke('scheduler:tick', {});
  await say(
    result.ok
      ? `tick ${result.data.executed.length} ${clock.now().toISOString()}`
      : `error ${result.error.message}`,
  );
  clock.advance(60_000);
}
