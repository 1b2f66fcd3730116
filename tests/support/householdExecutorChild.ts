// The household kill test's victim: `node --import tsx tests/support/householdExecutorChild.ts
// <configPath> <dataDir> <now ISO>` with ARCFLUX_DATABASE_URL set. It ticks once against the
// household database and freezes right after its `started` lines are committed (its claims
// held), says "started", and waits there for the parent's SIGKILL.
import { openCore } from '../../electron/core/createCore';
import { acknowledge as say } from './acknowledge';
import { ManualClock } from './manualClock';

const [configPath, dataDir, now] = process.argv.slice(2);
if (!configPath || !dataDir || !now) {
  throw new Error('usage: householdExecutorChild.ts <configPath> <dataDir> <now ISO>');
}
const core = await openCore({
  dataDir,
  configPath,
  owner: 'the household kill test',
  clock: new ManualClock(now),
  log: () => undefined,
  money: {
    sleep: async () => undefined,
    pause: async (point) => {
      if (point !== 'after_started') return;
      await say('started');
      await new Promise(() => undefined);
    },
  },
});
await say('ready');
const result = await core.invoke('scheduler:tick', {});
await say(result.ok ? 'ticked' : `error ${result.error.message}`);
