import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Execution } from '../../../../shared/schemas/execution';
import { openLedger } from '../../../../electron/core/repositories/ledger';
import {
  LedgerStore,
  verifyLedgerFiles,
  type LedgerOptions,
} from '../../../../electron/core/store/ledgerStore';
import { samplePayment, seededDataFolder, temporaryFolder } from '../../../support/dataFolder';
import { countSyncs } from '../../../support/fsyncCounter';
import { readLedgerFiles } from '../../../support/ledgerFiles';
import { ManualClock } from '../../../support/manualClock';
import { sampleAssessment } from '../../../support/samples';

const clock = new ManualClock();
const folders: { remove(): void }[] = [];
const stores: LedgerStore[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  folders.splice(0).forEach((folder) => folder.remove());
});

function emptyFolder(): string {
  const folder = temporaryFolder('arcflux-ledger-');
  folders.push(folder);
  return folder.path;
}

async function open(dataDir: string, options: LedgerOptions = {}): Promise<LedgerStore> {
  const store = await LedgerStore.open(dataDir, clock, async () => undefined, options);
  stores.push(store);
  return store;
}

function execution(id: string, status: Execution['status'], paymentId = 'pay_1'): Execution {
  return {
    id,
    paymentId,
    occurrenceAt: '2026-11-01T09:00:00.000Z',
    idempotencyKey: `key-${id}`,
    attempt: 1,
    status,
    amount: '5',
    currency: 'USDC',
    startedAt: '2026-11-01T09:00:00.000Z',
    finishedAt: status === 'started' ? null : '2026-11-01T09:00:01.000Z',
    transferId: status === 'succeeded' ? `tx-${id}` : null,
    error: null,
  };
}

function logLines(dataDir: string): string[] {
  return readFileSync(join(dataDir, 'ledger.jsonl'), 'utf8').split('\n').filter(Boolean);
}

describe('LedgerStore', () => {
  it('keeps every commit across a reopen, each one a chained line of the log', async () => {
    const dataDir = emptyFolder();
    const store = await open(dataDir);
    await store.commit([{ kind: 'payment', data: samplePayment('pay_1') }]);
    await store.commit([{ kind: 'payment', data: samplePayment('pay_1', { status: 'failed' }) }]);
    await store.commit([{ kind: 'execution', data: execution('exe_1', 'started') }]);
    expect(logLines(dataDir)).toHaveLength(3);
    const bodies = logLines(dataDir).map((line) => JSON.parse(line) as { hash: string; body: any });
    expect(bodies.map((line) => line.body.seq)).toEqual([1, 2, 3]);
    expect(bodies[1]?.body.prev).toBe(bodies[0]?.hash);
    expect(bodies[2]?.body.prev).toBe(bodies[1]?.hash);
    await store.close();
    const reopened = await open(dataDir);
    expect(reopened.payments.get('pay_1')?.status).toBe('failed');
    expect(reopened.executions.map((entry) => entry.id)).toEqual(['exe_1']);
    expect(reopened.head).toEqual({ seq: 3, hash: bodies[2]?.hash });
  });

  it('writes a unit of work as one record with one fsync, and nothing when it throws', async () => {
    const dataDir = emptyFolder();
    const store = await open(dataDir);
    const announced: string[] = [];
    const { syncs } = await countSyncs(() =>
      store.together(async () => {
        await store.commit([{ kind: 'risk', data: sampleAssessment('pay_1') }]);
        await store.commit([{ kind: 'payment', data: samplePayment('pay_1') }]);
        // Reads inside the unit see what was committed before it, never half a command.
        expect(store.payments.has('pay_1')).toBe(false);
        store.afterCommit(() => announced.push(`payment ${store.payments.has('pay_1')}`));
      }),
    );
    expect(syncs).toBe(1);
    expect(logLines(dataDir)).toHaveLength(1);
    expect(announced).toEqual(['payment true']);
    await expect(
      store.together(async () => {
        await store.commit([{ kind: 'payment', data: samplePayment('pay_2') }]);
        throw new Error('the narrator fell over');
      }),
    ).rejects.toThrow('the narrator fell over');
    expect(store.payments.has('pay_2')).toBe(false);
    expect(logLines(dataDir)).toHaveLength(1);
  });

  it('commits racing writers together: 200 commits, a handful of fsyncs', async () => {
    const store = await open(emptyFolder());
    const { syncs } = await countSyncs(() =>
      Promise.all(
        Array.from({ length: 200 }, (_, index) =>
          store.commit([{ kind: 'execution', data: execution(`exe_${index}`, 'started') }]),
        ),
      ),
    );
    expect(store.executions).toHaveLength(200);
    expect(syncs).toBeLessThanOrEqual(2);
  });

  it('refuses an invalid change, writes nothing and says which record', async () => {
    const dataDir = emptyFolder();
    const store = await open(dataDir);
    await expect(
      store.commit([
        { kind: 'payment', data: samplePayment('pay_1') },
        { kind: 'payment', data: { ...samplePayment('pay_2'), currency: 'BTC' as 'USDC' } },
      ]),
    ).rejects.toThrow(/did not save payment pay_2 because it is invalid \(data\.currency/);
    expect(logLines(dataDir)).toEqual([]);
    expect(store.payments.size).toBe(0);
  });

  it('drops a torn last line that was never acknowledged, and keeps the rest', async () => {
    const dataDir = emptyFolder();
    const store = await open(dataDir);
    await store.commit([{ kind: 'payment', data: samplePayment('pay_1') }]);
    await store.close();
    const path = join(dataDir, 'ledger.jsonl');
    const good = readFileSync(path, 'utf8');
    writeFileSync(path, `${good}{"hash":"ab12`);
    const reopened = await open(dataDir);
    expect(reopened.payments.has('pay_1')).toBe(true);
    expect(readFileSync(path, 'utf8')).toBe(good);
    await reopened.commit([{ kind: 'payment', data: samplePayment('pay_2') }]);
    expect(logLines(dataDir)).toHaveLength(2);
  });

  it('refuses to start on an edited byte, keeps a copy, and validate names the record', async () => {
    const dataDir = emptyFolder();
    const store = await open(dataDir);
    for (const id of ['pay_1', 'pay_2', 'pay_3']) {
      await store.commit([{ kind: 'payment', data: samplePayment(id, { amount: '10' }) }]);
    }
    await store.close();
    const path = join(dataDir, 'ledger.jsonl');
    const lines = logLines(dataDir);
    lines[1] = (lines[1] ?? '').replace('"amount":"10"', '"amount":"90"');
    writeFileSync(path, `${lines.join('\n')}\n`);
    expect(await verifyLedgerFiles(dataDir)).toEqual([
      {
        file: 'ledger.jsonl',
        message: expect.stringMatching(/^line 2 \(record 2\) was changed after it was written/),
      },
    ]);
    await expect(open(dataDir)).rejects.toMatchObject({
      code: 'corrupt_data',
      message: expect.stringMatching(/line 2 \(record 2\) was changed.*kept a copy/),
    });
    expect(readdirSync(dataDir).some((name) => name.startsWith('ledger.jsonl.corrupt-'))).toBe(
      true,
    );
  });

  it('refuses a log whose record was removed: the chain shows the gap', async () => {
    const dataDir = emptyFolder();
    const store = await open(dataDir);
    for (const id of ['pay_1', 'pay_2', 'pay_3']) {
      await store.commit([{ kind: 'payment', data: samplePayment(id) }]);
    }
    await store.close();
    const lines = logLines(dataDir);
    writeFileSync(join(dataDir, 'ledger.jsonl'), `${lines[0]}\n${lines[2]}\n`);
    await expect(open(dataDir)).rejects.toThrow(
      /line 2 \(record 3\) does not follow record 1: the chain of hashes is broken/,
    );
  });

  it('folds the log into a snapshot that records the hash it covers, and reloads the same', async () => {
    const dataDir = emptyFolder();
    const store = await open(dataDir, { foldBytes: 4096 });
    for (let index = 0; index < 40; index += 1) {
      await store.commit([
        { kind: 'payment', data: samplePayment(`pay_${index}`) },
        { kind: 'execution', data: execution(`exe_${index}`, 'started', `pay_${index}`) },
      ]);
      await store.commit([
        { kind: 'execution', data: execution(`exe_${index}`, 'succeeded', `pay_${index}`) },
      ]);
    }
    // A double success must survive folding, for validate to see.
    await store.commit([{ kind: 'execution', data: execution('exe_3', 'succeeded', 'pay_3') }]);
    await store.fold();
    const head = store.head;
    const snapshot = JSON.parse(readFileSync(join(dataDir, 'ledger.json'), 'utf8'));
    expect(snapshot.covers).toEqual(head);
    expect(logLines(dataDir)).toEqual([]);
    const onDisk = readLedgerFiles(dataDir);
    expect(onDisk.payments).toHaveLength(40);
    // Superseded `started` entries are folded away; both successes of exe_3 stay.
    expect(onDisk.executions.filter((entry) => entry.status === 'started')).toEqual([]);
    expect(onDisk.executions.filter((entry) => entry.id === 'exe_3')).toHaveLength(2);
    await store.commit([{ kind: 'payment', data: samplePayment('pay_after') }]);
    await store.close();
    const reopened = await open(dataDir);
    expect([...reopened.payments.keys()]).toEqual([...store.payments.keys()]);
    expect(await verifyLedgerFiles(dataDir)).toEqual([]);
  });

  it('starts cleanly after a fold stopped between the snapshot and the cut', async () => {
    const dataDir = emptyFolder();
    let release: () => void = () => undefined;
    let stopped: () => void = () => undefined;
    const atPause = new Promise<void>((resolve) => (stopped = resolve));
    const store = await LedgerStore.open(dataDir, clock, async () => undefined, {
      foldBytes: 1_000_000,
      foldPause: () => {
        stopped();
        return new Promise<void>((resolve) => (release = resolve));
      },
    });
    for (let index = 0; index < 5; index += 1) {
      await store.commit([{ kind: 'payment', data: samplePayment(`pay_${index}`) }]);
    }
    const folding = store.fold();
    await atPause;
    // On disk now: the new snapshot covering record 5, and the log still holding 1..5,
    // exactly what a crash at this point leaves.
    const copy = emptyFolder();
    for (const name of ['ledger.json', 'ledger.jsonl']) {
      writeFileSync(join(copy, name), readFileSync(join(dataDir, name)));
    }
    const recovered = await open(copy);
    expect([...recovered.payments.keys()]).toEqual(['pay_0', 'pay_1', 'pay_2', 'pay_3', 'pay_4']);
    await recovered.commit([{ kind: 'payment', data: samplePayment('pay_5') }]);
    await recovered.close();
    expect((await open(copy)).payments.size).toBe(6);
    release();
    await folding;
    await store.close();
  });

  // The second edit also breaks the line's JSON: start-up parses while it hashes, and
  // must still say the data was changed rather than report a parse error.
  it.each(['"amount":"11"', '"amount":"10'])(
    'reports a snapshot changed by hand (%s) and starts nothing',
    async (edited) => {
      const dataDir = emptyFolder();
      const store = await open(dataDir);
      await store.commit([{ kind: 'payment', data: samplePayment('pay_1', { amount: '10' }) }]);
      await store.fold();
      await store.close();
      const path = join(dataDir, 'ledger.json');
      writeFileSync(path, readFileSync(path, 'utf8').replace('"amount":"10"', edited));
      await expect(open(dataDir)).rejects.toThrow(/data hash does not match/);
      expect(await verifyLedgerFiles(dataDir)).toEqual([
        { file: 'ledger.json', message: expect.stringMatching(/data hash does not match/) },
      ]);
    },
  );
});

describe('openLedger on a folder from an earlier ArcFlux', () => {
  it('migrates the old files into the ledger and keeps them in a backup folder', async () => {
    const folder = seededDataFolder({
      payments: [samplePayment('pay_1'), samplePayment('pay_2', { amount: '7.25' })],
      assessments: [sampleAssessment('pay_1')],
    });
    folders.push(folder);
    const oldLedger = readFileSync(join(folder.path, 'payment_schedule.json'), 'utf8');
    const ledger = await openLedger(folder.path, clock);
    stores.push(ledger.store);
    expect(ledger.payments.list().map((payment) => payment.id)).toEqual(['pay_1', 'pay_2']);
    expect(ledger.journals.riskAssessments.find('risk_pay_1')?.paymentId).toBe('pay_1');
    const names = readdirSync(folder.path);
    expect(names).not.toContain('payment_schedule.json');
    const backup = names.find((name) => name.startsWith('backup-'));
    expect(backup).toBeDefined();
    expect(readFileSync(join(folder.path, backup ?? '', 'payment_schedule.json'), 'utf8')).toBe(
      oldLedger,
    );
    expect(await verifyLedgerFiles(folder.path)).toEqual([]);
  });

  it('finishes the move when a crash left both the old files and the new ledger', async () => {
    const folder = seededDataFolder({ payments: [samplePayment('pay_1')] });
    folders.push(folder);
    const oldLedger = readFileSync(join(folder.path, 'payment_schedule.json'));
    const first = await openLedger(folder.path, clock);
    await first.store.close();
    // As if the process died after writing the snapshot, before moving the old files.
    writeFileSync(join(folder.path, 'payment_schedule.json'), oldLedger);
    const second = await openLedger(folder.path, clock);
    stores.push(second.store);
    expect(second.payments.list().map((payment) => payment.id)).toEqual(['pay_1']);
    expect(readdirSync(folder.path)).not.toContain('payment_schedule.json');
  });
});
