// The ledger crash test's victim, bundled and run as `node <bundle> <dataDir>`. It commits
// as fast as it can in three shapes (single commits, a command's unit of work, racing
// commits that share an fsync) until the parent SIGKILLs it, and prints one line per
// commit only after it resolved, i.e. is durable. Folds run often (a small fold size),
// and each fold waits a moment between writing the snapshot and cutting the log, so
// kills land in every step of folding too.
import { randomBytes } from 'node:crypto';
import { systemClock } from '../../electron/core/clock';
import { acquireDataLock } from '../../electron/core/store';
import { LedgerStore } from '../../electron/core/store/ledgerStore';
import { acknowledge as say } from './acknowledge';
import { sampleAssessment, samplePayment } from './samples';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: ledgerCrashChild <dataDir>');

const lock = await acquireDataLock(dataDir, 'the ledger crash test');
const store = await LedgerStore.open(dataDir, systemClock, async () => undefined, {
  foldBytes: 48 * 1024,
  foldPause: () => new Promise((resolve) => setTimeout(resolve, Math.random() * 15)),
});
await say(`ready ${store.head.seq}`);

const run = randomBytes(4).toString('hex');
for (let sequence = 0; ; sequence += 1) {
  const id = `${run}_${sequence}`;
  lock.assertHeld();
  if (sequence % 3 === 0) {
    await store.commit([{ kind: 'payment', data: samplePayment(id) }]);
    await say(`ack payment ${id}`);
  } else if (sequence % 3 === 1) {
    await store.together(async () => {
      await store.commit([{ kind: 'risk', data: sampleAssessment(id) }]);
      await store.commit([{ kind: 'payment', data: samplePayment(id) }]);
    });
    await say(`ack unit ${id}`);
  } else {
    await Promise.all(
      ['a', 'b'].map((part) =>
        store
          .commit([{ kind: 'payment', data: samplePayment(`${id}${part}`) }])
          .then(() => say(`ack payment ${id}${part}`)),
      ),
    );
  }
}
