import { afterEach, describe, expect, it } from 'vitest';
import { executionIdFor, occurrenceKey } from '../../../../electron/core/execution/idempotency';
import { countSyncs } from '../../../support/fsyncCounter';
import { changeLedger, readLedgerFiles } from '../../../support/ledgerFiles';
import { ManualClock } from '../../../support/manualClock';
import {
  moneyFolder,
  openMoneyCore,
  proposeAndConfirm,
  withoutUndoWindow,
  type MoneyCore,
} from '../../../support/moneyCore';

const opened: { money: MoneyCore; remove(): void }[] = [];
afterEach(async () => {
  for (const { money, remove } of opened.splice(0)) {
    await money.core.close();
    remove();
  }
});

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const START = '2026-11-02T14:00:00.000Z';
/** The Fridays of a weekly "every Friday" payment said on Monday START. */
const FRIDAYS = [
  '2026-11-06T14:00:00.000Z',
  '2026-11-13T14:00:00.000Z',
  '2026-11-20T14:00:00.000Z',
];

async function open(folder = moneyFolder(), clock = new ManualClock(START)) {
  const money = await openMoneyCore({ dataDir: folder.path, clock });
  opened.push({ money, remove: folder.remove });
  return { money: await withoutUndoWindow(money), folder };
}

async function weekly(money: MoneyCore) {
  return proposeAndConfirm(money, 'Pay Alice Chen 10 USDC every Friday');
}

async function executions(money: MoneyCore, paymentId: string) {
  return (await money.call('payments:get', { id: paymentId })).executions;
}

async function balance(money: MoneyCore) {
  const { balances } = await money.call('balance:get', { userId: 'user1' });
  return balances.find((entry) => entry.currency === 'USDC')?.amount;
}

/** A skipped line as a real execution of the occurrence would be keyed. */
function skippedLine(paymentId: string, occurrenceAt: string, reason: string, at: string) {
  const key = occurrenceKey(paymentId, occurrenceAt);
  return {
    id: executionIdFor(key),
    paymentId,
    occurrenceAt,
    idempotencyKey: key,
    attempt: 1,
    status: 'skipped',
    amount: '10',
    currency: 'USDC',
    startedAt: at,
    finishedAt: at,
    transferId: null,
    error: null,
    skipReason: reason,
  };
}

/** Runs `work` and says how many fsyncs and ledger records it took. */
async function measured<T>(money: MoneyCore, work: () => Promise<T>) {
  const before = readLedgerFiles(money.dataDir).records;
  const { result, syncs } = await countSyncs(work);
  return { result, syncs, records: readLedgerFiles(money.dataDir).records - before };
}

describe('skipped runs are journaled', () => {
  it('the skip policy journals the runs it drops, keyed like real executions, and pays nothing', async () => {
    const { money } = await open();
    await money.call('settings:update', { missedRunPolicy: 'skip' });
    const payment = await weekly(money);
    money.clock.advance(14 * DAY);
    const now = money.clock.now().toISOString();
    const tick = await money.call('scheduler:tick', {});
    expect(tick).toMatchObject({ executed: [], failed: [], missed: [] });
    expect(await executions(money, payment.id)).toEqual([
      skippedLine(payment.id, FRIDAYS[0] as string, 'policy', now),
      skippedLine(payment.id, FRIDAYS[1] as string, 'policy', now),
    ]);
    expect(await balance(money)).toBe('5000');
    // A later tick neither pays them nor journals them again.
    await money.call('scheduler:tick', {});
    expect(await executions(money, payment.id)).toHaveLength(2);
    const listed = await money.call('transfers:list', { userId: 'user1', status: 'skipped' });
    expect(listed.total).toBe(2);
    expect(listed.items).toEqual([
      expect.objectContaining({ status: 'skipped', skipReason: 'policy', paidAt: null }),
      expect.objectContaining({ status: 'skipped', skipReason: 'policy', paidAt: null }),
    ]);
  });

  it('skipping the next run writes its line and the advanced row as one record, one fsync', async () => {
    const { money } = await open();
    const payment = await weekly(money);
    const { result, syncs, records } = await measured(money, () =>
      money.call('payments:skip', { id: payment.id }),
    );
    expect(result.payment.nextRunAt).toBe(FRIDAYS[1]);
    expect({ syncs, records }).toEqual({ syncs: 1, records: 1 });
    const now = money.clock.now().toISOString();
    expect(await executions(money, payment.id)).toEqual([
      skippedLine(payment.id, FRIDAYS[0] as string, 'user', now),
    ]);
    // The skipped Friday passes unpaid; the next one is paid.
    money.clock.advance(11 * DAY + 1000);
    const tick = await money.call('scheduler:tick', {});
    expect(tick.executed.map((run) => run.occurrenceAt)).toEqual([FRIDAYS[1]]);
    expect(await balance(money)).toBe('4990');
  });

  it("skipping a held payment's missed runs journals each as skipped by the user, in one record", async () => {
    const { money } = await open();
    const payment = await weekly(money);
    money.clock.advance(21 * DAY);
    expect((await money.call('scheduler:tick', {})).missed[0]?.occurrences).toEqual(FRIDAYS);
    const { result, syncs, records } = await measured(money, () =>
      money.call('payments:skip', { id: payment.id }),
    );
    expect(result.payment.status).toBe('scheduled');
    expect({ syncs, records }).toEqual({ syncs: 1, records: 1 });
    const journal = await executions(money, payment.id);
    expect(journal.map((line) => [line.occurrenceAt, line.status, line.skipReason])).toEqual(
      FRIDAYS.map((at) => [at, 'skipped', 'user']),
    );
  });

  it('confirming some missed runs journals the others as not chosen, with the row in one record', async () => {
    const { money } = await open();
    const payment = await weekly(money);
    money.clock.advance(21 * DAY);
    await money.call('scheduler:tick', {});
    const { result, syncs, records } = await measured(money, () =>
      money.call('payments:confirm', { id: payment.id, runs: [FRIDAYS[1] as string] }),
    );
    expect(result.payment.approvedRuns).toEqual([FRIDAYS[1]]);
    expect({ syncs, records }).toEqual({ syncs: 1, records: 1 });
    const now = money.clock.now().toISOString();
    expect(await executions(money, payment.id)).toEqual([
      skippedLine(payment.id, FRIDAYS[0] as string, 'not_chosen', now),
      skippedLine(payment.id, FRIDAYS[2] as string, 'not_chosen', now),
    ]);
    const tick = await money.call('scheduler:tick', {});
    expect(tick.executed.map((run) => run.occurrenceAt)).toEqual([FRIDAYS[1]]);
    expect(await balance(money)).toBe('4990');
  });

  it('resuming journals the runs that passed while paused, with the row in one record', async () => {
    const { money } = await open();
    const payment = await weekly(money);
    await money.call('payments:pause', { id: payment.id });
    money.clock.advance(14 * DAY + HOUR);
    expect((await money.call('scheduler:tick', {})).executed).toEqual([]);
    const { result, syncs, records } = await measured(money, () =>
      money.call('payments:resume', { id: payment.id }),
    );
    expect(result.payment).toMatchObject({ paused: false, nextRunAt: FRIDAYS[2] });
    expect({ syncs, records }).toEqual({ syncs: 1, records: 1 });
    const now = money.clock.now().toISOString();
    expect(await executions(money, payment.id)).toEqual([
      skippedLine(payment.id, FRIDAYS[0] as string, 'paused', now),
      skippedLine(payment.id, FRIDAYS[1] as string, 'paused', now),
    ]);
    // A resume with nothing passed journals nothing.
    await money.call('payments:pause', { id: payment.id });
    await money.call('payments:resume', { id: payment.id });
    expect(await executions(money, payment.id)).toHaveLength(2);
  });
});

describe('a skipped run is never paid', () => {
  it('stays unpaid across a restart, a catch-up policy and an approval naming it', async () => {
    const clock = new ManualClock(START);
    const { money, folder } = await open(undefined, clock);
    const payment = await weekly(money);
    money.clock.advance(21 * DAY);
    await money.call('scheduler:tick', {});
    await money.call('payments:confirm', { id: payment.id, runs: [FRIDAYS[0] as string] });
    expect((await money.call('scheduler:tick', {})).executed).toHaveLength(1);
    expect(await balance(money)).toBe('4990');
    await money.core.close();
    opened.splice(0);

    // A row that disagrees with the journal (restored from elsewhere, or an older copy):
    // it says to catch up from the skipped Friday and holds the other one as approved.
    await changeLedger(folder.path, clock, async ({ payments }) => {
      const row = payments.get(payment.id);
      await payments.save([
        {
          ...row,
          status: 'scheduled',
          missedRunPolicy: 'catch_up',
          nextRunAt: FRIDAYS[1] as string,
          approvedRuns: [FRIDAYS[2] as string],
        },
      ]);
    });
    const { money: reopened } = await open(folder, clock);
    const tick = await reopened.call('scheduler:tick', {});
    expect(tick).toMatchObject({ executed: [], failed: [] });
    expect(await balance(reopened)).toBe('4990');
    const journal = await executions(reopened, payment.id);
    expect(journal.map((line) => [line.occurrenceAt, line.status])).toEqual([
      [FRIDAYS[1], 'skipped'],
      [FRIDAYS[2], 'skipped'],
      [FRIDAYS[0], 'succeeded'],
    ]);
    const { payment: row } = await reopened.call('payments:get', { id: payment.id });
    expect(row.approvedRuns).toBeUndefined();
    expect(row.nextRunAt).toBe('2026-11-27T14:00:00.000Z');
    // The next real run is paid as usual.
    reopened.clock.advance(4 * DAY + HOUR);
    expect((await reopened.call('scheduler:tick', {})).executed).toHaveLength(1);
    expect(await balance(reopened)).toBe('4980');
  });
});
