// The crash test's victim: `node --import tsx tests/support/crashStoreChild.ts <dataDir>`.
// It writes as fast as it can until the parent SIGKILLs it, and prints one line per write
// only after that write has resolved, i.e. is durable. The parent holds the store to that.
import { randomBytes } from 'node:crypto';
import { systemClock } from '../../electron/core/clock';
import { acquireDataLock, JsonDocument, JsonLinesLog } from '../../electron/core/store';
import { acknowledge as say } from './acknowledge';
import { amountFor, crashJournalSpec, crashLedgerSpec } from './crashStore';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: crashStoreChild.ts <dataDir>');

const lock = await acquireDataLock(dataDir, 'the crash test');
const ledger = await JsonDocument.open(dataDir, crashLedgerSpec, systemClock);
const journal = await JsonLinesLog.open(dataDir, crashJournalSpec, systemClock);
await say(`ready ${journal.droppedTornLine ? 'torn' : 'clean'}`);

const run = randomBytes(4).toString('hex');
for (let sequence = 0; ; sequence += 1) {
  const id = `${run}-${sequence}`;
  const amount = amountFor(sequence);
  lock.assertHeld();
  await ledger.update((current) => ({ payments: [...current.payments, { id, amount }] }));
  await say(`ack doc ${id}`);

  lock.assertHeld();
  // Three shapes of append: single, an explicit batch, and racing singles that the log
  // commits together.
  if (sequence % 3 === 0) {
    await journal.append({ id, amount });
    await say(`ack log ${id}`);
  } else if (sequence % 3 === 1) {
    const batch = ['a', 'b', 'c'].map((part) => ({ id: `${id}${part}`, amount }));
    await journal.append(batch);
    for (const record of batch) await say(`ack log ${record.id}`);
  } else {
    await Promise.all(
      ['a', 'b'].map((part) =>
        journal.append({ id: `${id}${part}`, amount }).then(() => say(`ack log ${id}${part}`)),
      ),
    );
  }
}
