import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  transferExportInputSchema,
  transferFilterSchema,
  type TransferPage,
} from '../../../../shared/contract/transfers';
import type { Execution } from '../../../../shared/schemas/execution';
import type { Payment } from '../../../../shared/schemas/payment';
import { exportTransfers } from '../../../../electron/core/transfers/exportTransfers';
import { QueryCache, queryTransfers } from '../../../../electron/core/transfers/queryTransfers';
import { toTransfer, TransferIndex } from '../../../../electron/core/transfers/transferIndex';
import { samplePayment } from '../../../support/dataFolder';
import { sampleExecution } from '../../../support/querySources';

const names: Record<string, string> = {
  user1: 'User One',
  user2: 'User Two',
  user5: "Carol's Bakery",
};

/** A weekly rent to User Two that ran three times, a one-off to Carol, one never run. */
function ledger() {
  const payments: Payment[] = [
    samplePayment('rent', {
      amount: '120',
      memo: 'rent',
      schedule: { kind: 'recurring', rrule: 'FREQ=WEEKLY', firstRun: '2021-03-01T09:00:00.000Z' },
      status: 'scheduled',
      nextRunAt: '2021-03-22T09:00:00.000Z',
      createdAt: '2021-02-28T00:00:00.000Z',
    } as Partial<Payment>),
    samplePayment('cake', {
      amount: '9.5',
      recipientId: 'user5',
      memo: '=HYPERLINK("x")',
      sourceText: 'Pay Carol 9.5 EURC for croissants',
      currency: 'EURC',
      createdAt: '2021-03-02T00:00:00.000Z',
    }),
    samplePayment('later', {
      amount: '50',
      status: 'scheduled',
      nextRunAt: '2021-04-01T09:00:00.000Z',
      createdAt: '2021-03-03T00:00:00.000Z',
    }),
    samplePayment('other', { userId: 'user4', createdAt: '2021-03-04T00:00:00.000Z' }),
  ];
  const run = (paymentId: string, week: number, overrides: Partial<Execution> = {}) => {
    const day = String(1 + week * 7).padStart(2, '0');
    return sampleExecution(paymentId, {
      id: `exec_${paymentId}_${week}`,
      occurrenceAt: `2021-03-${day}T09:00:00.000Z`,
      idempotencyKey: `key_${paymentId}_${week}`,
      amount: payments.find((payment) => payment.id === paymentId)?.amount ?? '10',
      currency: payments.find((payment) => payment.id === paymentId)?.currency ?? 'USDC',
      startedAt: `2021-03-${day}T09:00:00.000Z`,
      finishedAt: `2021-03-${day}T09:00:02.000Z`,
      transferId: `tx_${paymentId}_${week}`,
      ...overrides,
    });
  };
  const entries: Execution[] = [
    run('rent', 0),
    run('rent', 1),
    // In flight, then failed: one transfer in its latest state.
    run('rent', 2, { status: 'started', finishedAt: null, transferId: null }),
    run('cake', 0, {
      id: 'exec_cake',
      startedAt: '2021-03-02T10:00:00.000Z',
      finishedAt: '2021-03-02T10:00:01.000Z',
      transferId: '+TX-CAKE',
    }),
    run('other', 0),
    run('rent', 2, {
      status: 'failed',
      transferId: null,
      failure: 'insufficient_funds',
      error: 'Not enough USDC.',
    }),
  ];
  return { payments, entries };
}

function setup(extra: Execution[] = []) {
  const { payments, entries: ran } = ledger();
  const entries = [...ran, ...extra];
  const index = new TransferIndex({
    entries: () => entries,
    findPayment: (id) => payments.find((payment) => payment.id === id),
    recipientName: (id) => names[id] ?? id,
  });
  const query = (filter: Record<string, unknown>): TransferPage =>
    queryTransfers(
      index,
      transferFilterSchema.parse({ userId: 'user1', ...filter }),
      () => payments,
    );
  const ids = (filter: Record<string, unknown>) =>
    query(filter).items.map((item) => ('id' in item ? item.id : item.payment.id));
  return { payments, entries, index, query, ids };
}

describe('queryTransfers', () => {
  it('lists each run of a recurring payment as its own row, in its latest state, newest first', () => {
    const { query } = setup();
    const page = query({});
    expect(page.groupBy).toBe('transfer');
    expect(page.total).toBe(4);
    expect(page.items).toEqual([
      expect.objectContaining({
        id: 'exec_rent_2',
        paymentId: 'rent',
        status: 'failed',
        paidAt: null,
        failure: 'insufficient_funds',
        transferId: null,
      }),
      expect.objectContaining({
        id: 'exec_rent_1',
        status: 'succeeded',
        paidAt: '2021-03-08T09:00:02.000Z',
        transferId: 'tx_rent_1',
      }),
      expect.objectContaining({
        id: 'exec_cake',
        paymentId: 'cake',
        recipientId: 'user5',
        memo: '=HYPERLINK("x")',
      }),
      expect.objectContaining({
        id: 'exec_rent_0',
        payerId: 'user1',
        occurrenceAt: '2021-03-01T09:00:00.000Z',
        amount: '120',
        currency: 'USDC',
      }),
    ]);
  });

  it('filters by status, currency, recipient and a date range on when the transfer happened', () => {
    const { ids } = setup();
    expect(ids({ status: 'failed' })).toEqual(['exec_rent_2']);
    expect(ids({ status: ['succeeded', 'failed'], currency: 'USDC' })).toEqual([
      'exec_rent_2',
      'exec_rent_1',
      'exec_rent_0',
    ]);
    expect(ids({ recipient: 'user5' })).toEqual(['exec_cake']);
    expect(ids({ from: '2021-03-02T00:00:00.000Z', to: '2021-03-08T09:00:02.000Z' })).toEqual([
      'exec_cake',
    ]);
    // Another payer's transfers are never in this user's history.
    expect(ids({ userId: 'user4' })).toEqual(['exec_other_0']);
  });

  it("searches the recipient's name, the memo, the command and the transaction id", () => {
    const { ids } = setup();
    expect(ids({ q: 'carol' })).toEqual(['exec_cake']);
    expect(ids({ q: 'CROISSANTS' })).toEqual(['exec_cake']);
    expect(ids({ q: 'rent' })).toEqual(['exec_rent_2', 'exec_rent_1', 'exec_rent_0']);
    expect(ids({ q: 'tx_rent_1' })).toEqual(['exec_rent_1']);
    expect(ids({ q: 'nobody' })).toEqual([]);
  });

  it('sorts by time, amount (as decimals), recipient and status, both ways, ties in journal order', () => {
    const { ids } = setup();
    expect(ids({ sort: 'at' })).toEqual(['exec_rent_0', 'exec_cake', 'exec_rent_1', 'exec_rent_2']);
    expect(ids({ sort: 'amount' })).toEqual([
      'exec_cake',
      'exec_rent_0',
      'exec_rent_1',
      'exec_rent_2',
    ]);
    expect(ids({ sort: '-amount' })).toEqual([
      'exec_rent_2',
      'exec_rent_1',
      'exec_rent_0',
      'exec_cake',
    ]);
    expect(ids({ sort: 'recipient' })).toEqual([
      'exec_cake',
      'exec_rent_0',
      'exec_rent_1',
      'exec_rent_2',
    ]);
    expect(ids({ sort: 'status' })).toEqual([
      'exec_rent_0',
      'exec_rent_1',
      'exec_cake',
      'exec_rent_2',
    ]);
    expect(ids({ sort: '-status' })[0]).toBe('exec_rent_2');
  });

  it('pages with a total of every match', () => {
    const { query } = setup();
    const page = query({ sort: 'at', offset: 1, limit: 2 });
    expect(page).toMatchObject({ total: 4, offset: 1, limit: 2 });
    expect(page.items.map((item) => ('id' in item ? item.id : ''))).toEqual([
      'exec_cake',
      'exec_rent_1',
    ]);
    expect(query({ offset: 10 }).items).toEqual([]);
  });

  it('groups by payment with each payment counting its matching transfers', () => {
    const { query, ids } = setup();
    const page = query({ groupBy: 'payment' });
    expect(page.groupBy).toBe('payment');
    expect(
      page.items.map((item) =>
        'payment' in item ? [item.payment.id, item.transfers, item.lastAt] : [],
      ),
    ).toEqual([
      ['rent', 3, '2021-03-15T09:00:02.000Z'],
      ['cake', 1, '2021-03-02T10:00:01.000Z'],
      // Not run yet: shown as the payment ledger showed it, with no transfer and no time.
      ['later', 0, null],
    ]);
    // A transfer-level filter keeps only payments with a matching transfer, counted anew.
    expect(
      query({ groupBy: 'payment', status: 'succeeded' }).items.map((item) =>
        'payment' in item ? [item.payment.id, item.transfers] : [],
      ),
    ).toEqual([
      ['rent', 2],
      ['cake', 1],
    ]);
    expect(ids({ groupBy: 'payment', q: 'tx_rent_0' })).toEqual(['rent']);
    expect(ids({ groupBy: 'payment', q: 'croissants' })).toEqual(['cake']);
    expect(ids({ groupBy: 'payment', sort: 'amount' })).toEqual(['cake', 'later', 'rent']);
    // Same recipient: the payment made last comes first, as in the payment ledger.
    expect(ids({ groupBy: 'payment', sort: '-recipient' })).toEqual(['later', 'rent', 'cake']);
    expect(ids({ groupBy: 'payment', currency: 'EURC' })).toEqual(['cake']);
    expect(query({ groupBy: 'payment', limit: 1, offset: 1 })).toMatchObject({
      total: 3,
      items: [{ payment: { id: 'cake' } }],
    });
  });

  it('takes in new journal lines incrementally, keeping every sort order right', () => {
    const { entries, payments, index, ids } = setup();
    expect(ids({ sort: 'amount' })).toHaveLength(4);
    const random = seeded(7);
    for (let step = 0; step < 300; step += 1) {
      const existing = entries[Math.floor(random() * entries.length)] as Execution;
      const update = random() < 0.3;
      entries.push({
        ...existing,
        id: update ? existing.id : `exec_new_${step}`,
        status: (['started', 'succeeded', 'failed'] as const)[Math.floor(random() * 3)] ?? 'failed',
        amount: `${Math.floor(random() * 1000)}.${Math.floor(random() * 100)}`,
        finishedAt: new Date(Date.UTC(2021, 3, 1) + Math.floor(random() * 1e9)).toISOString(),
      });
      if (step % 37 === 0) {
        for (const sort of ['at', '-amount', 'recipient', '-status'] as const) {
          const fresh = new TransferIndex({
            entries: () => entries,
            findPayment: (id) => payments.find((payment) => payment.id === id),
            recipientName: (id) => names[id] ?? id,
          });
          const filter = transferFilterSchema.parse({ sort, limit: 1000 });
          expect(queryTransfers(index, filter, () => payments)).toEqual(
            queryTransfers(fresh, filter, () => payments),
          );
        }
      }
    }
  });

  it('moves a batch of changed rows within the built orders, one by one or merged, as a fresh index sorts them', () => {
    const { entries, payments, index } = setup();
    const random = seeded(23);
    const line = (label: string) => {
      const existing = entries[Math.floor(random() * entries.length)] as Execution;
      // Some keys tie, so rows of equal keys must keep journal order.
      entries.push({
        ...existing,
        id: random() < 0.35 ? existing.id : `exec_${label}`,
        status: (['started', 'succeeded', 'failed'] as const)[Math.floor(random() * 3)] ?? 'failed',
        amount: `${Math.floor(random() * 20)}`,
        finishedAt: new Date(Date.UTC(2021, 3, 1) + Math.floor(random() * 40) * 1000).toISOString(),
      });
    };
    for (let at = 0; at < 240; at += 1) line(`base_${at}`);
    const sorts = ['at', '-amount', 'recipient', '-status'] as const;
    const same = () => {
      const fresh = new TransferIndex({
        entries: () => entries,
        findPayment: (id) => payments.find((payment) => payment.id === id),
        recipientName: (id) => names[id] ?? id,
      });
      for (const sort of sorts) {
        const filter = transferFilterSchema.parse({ sort, limit: 1000 });
        expect(queryTransfers(index, filter, () => payments)).toEqual(
          queryTransfers(fresh, filter, () => payments),
        );
      }
    };
    same();
    // Batches from one line (moved in place) to more than the shift limit (merged).
    for (let batch = 0; batch < 40; batch += 1) {
      const size = 1 + Math.floor(random() * 30);
      for (let at = 0; at < size; at += 1) line(`batch_${batch}_${at}`);
      same();
    }
  });

  it('selects a page by time before the time order is built, as the order would page it', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            copy: fc.nat(),
            second: fc.nat({ max: 12 }),
            status: fc.constantFrom('started', 'succeeded', 'failed'),
            newId: fc.boolean(),
          }),
          { maxLength: 80 },
        ),
        fc.record({
          sort: fc.constantFrom('at', '-at'),
          offset: fc.nat({ max: 30 }),
          limit: fc.integer({ min: 1, max: 40 }),
          status: fc.option(fc.constantFrom('succeeded', 'failed'), { nil: undefined }),
          q: fc.option(fc.constantFrom('rent', 'carol', 'tx_'), { nil: undefined }),
        }),
        (lines, query) => {
          const { entries, payments, index: selecting } = setup();
          // Few distinct times, so most rows tie and must keep journal order.
          lines.forEach((line, at) => {
            const existing = entries[line.copy % entries.length] as Execution;
            entries.push({
              ...existing,
              id: line.newId ? `exec_line_${at}` : existing.id,
              status: line.status,
              finishedAt: new Date(Date.UTC(2021, 3, 1) + line.second * 1000).toISOString(),
            });
          });
          const walking = new TransferIndex({
            entries: () => entries,
            findPayment: (id) => payments.find((payment) => payment.id === id),
            recipientName: (id) => names[id] ?? id,
          });
          walking.sync();
          walking.order('at');
          const filter = transferFilterSchema.parse(query);
          const selected = queryTransfers(selecting, filter, () => payments);
          expect(selecting.hasOrder('at')).toBe(false);
          expect(walking.hasOrder('at')).toBe(true);
          expect(selected).toEqual(queryTransfers(walking, filter, () => payments));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps answers between pages, and drops them when the journal or the payments move', () => {
    const { entries, payments, index } = setup();
    const cache = new QueryCache();
    const ask = (filter: Record<string, unknown>) =>
      queryTransfers(
        index,
        transferFilterSchema.parse({ userId: 'user1', ...filter }),
        () => payments,
        cache,
      );
    expect(ask({ limit: 1 }).total).toBe(4);
    entries.push(
      sampleExecution('cake', { id: 'exec_cake_again', finishedAt: '2021-05-01T00:00:00.000Z' }),
    );
    expect(ask({ limit: 1, offset: 1 }).total).toBe(5);
    expect(
      ask({ groupBy: 'payment' }).items.map((item) => 'payment' in item && item.payment.status),
    ).toEqual(['executed', 'scheduled', 'scheduled']);
    // A payment saved anew (a new list) shows as it is now, and a new one appears.
    const paused = payments.map((payment) =>
      payment.id === 'later' ? { ...payment, status: 'cancelled' as const } : payment,
    );
    payments.splice(
      0,
      payments.length,
      ...paused,
      samplePayment('fresh', { createdAt: '2021-06-01T00:00:00.000Z' }),
    );
    const grouped = ask({ groupBy: 'payment' }).items.map(
      (item) => 'payment' in item && [item.payment.id, item.payment.status],
    );
    expect(grouped).toContainEqual(['later', 'cancelled']);
    expect(grouped).toContainEqual(['fresh', 'executed']);
  });

  it('reads the journal in slices to the same rows as in one go', () => {
    const { entries, payments, index } = setup();
    let slices = 1;
    while (!index.sync(2)) slices += 1;
    expect(slices).toBe(Math.ceil(entries.length / 2));
    const whole = new TransferIndex({
      entries: () => entries,
      findPayment: (id) => payments.find((payment) => payment.id === id),
      recipientName: (id) => names[id] ?? id,
    });
    whole.sync();
    const rows = (of: TransferIndex) =>
      Array.from({ length: of.size }, (_, row) => toTransfer(of, row));
    expect(rows(index)).toEqual(rows(whole));
    expect(index.size).toBe(whole.size);
  });

  it('warms up a step per call, lines arriving mid-way, to the answers of a fresh index', () => {
    const random = seeded(11);
    let stepsSeen = 0;
    for (let trial = 0; trial < 60; trial += 1) {
      const { entries, payments, index } = setup();
      const fresh = () =>
        new TransferIndex({
          entries: () => entries,
          findPayment: (id) => payments.find((payment) => payment.id === id),
          recipientName: (id) => names[id] ?? id,
        });
      let calls = 0;
      for (let operation = 0; operation < 40; operation += 1) {
        const roll = random();
        if (roll < 0.12) {
          // A new transfer or a new state of one, at any time: it lands mid-build too.
          const existing = entries[Math.floor(random() * entries.length)] as Execution;
          entries.push({
            ...existing,
            id: random() < 0.4 ? existing.id : `exec_${trial}_${operation}`,
            status: random() < 0.5 ? 'succeeded' : 'failed',
            finishedAt: new Date(Date.UTC(2021, 3, 1) + Math.floor(random() * 1e9)).toISOString(),
          });
        } else if (roll < 0.22) {
          // A question may come before the order is done: it finishes or restarts it.
          for (const sort of ['-at', 'at', 'amount'] as const) {
            const filter = transferFilterSchema.parse({ sort, limit: 1000 });
            expect(queryTransfers(index, filter, () => payments)).toEqual(
              queryTransfers(fresh(), filter, () => payments),
            );
          }
        } else if (!index.warm(2)) {
          calls += 1;
        }
      }
      stepsSeen = Math.max(stepsSeen, calls);
      const filter = transferFilterSchema.parse({ sort: '-at', limit: 1000 });
      expect(queryTransfers(index, filter, () => payments)).toEqual(
        queryTransfers(fresh(), filter, () => payments),
      );
    }
    // Reading 4 lines 2 at a time, then the order's steps (one per radix pass), then ids.
    expect(stepsSeen).toBeGreaterThan(4);
  });

  it('builds the newest-first order over several warm-up calls, not in one', () => {
    const { entries, payments, index } = setup();
    const results: boolean[] = [];
    while (results.length < 20 && !results.at(-1)) results.push(index.warm(1000));
    // One call reads the journal; the order then takes a call per step, radix passes
    // included, before the ids are learnt and the warm-up is done.
    expect(results.at(-1)).toBe(true);
    expect(results.filter((done) => !done).length).toBeGreaterThanOrEqual(4);
    const whole = new TransferIndex({
      entries: () => entries,
      findPayment: (id) => payments.find((payment) => payment.id === id),
      recipientName: (id) => names[id] ?? id,
    });
    const filter = transferFilterSchema.parse({ sort: '-at', limit: 1000 });
    expect(queryTransfers(index, filter, () => payments)).toEqual(
      queryTransfers(whole, filter, () => payments),
    );
  });

  it('waits for a payment it cannot find yet instead of dropping its transfer', () => {
    const { entries, payments, ids } = setup();
    entries.push(
      sampleExecution('late', { id: 'exec_late', finishedAt: '2021-05-01T00:00:00.000Z' }),
    );
    expect(ids({})).not.toContain('exec_late');
    payments.push(samplePayment('late'));
    expect(ids({})[0]).toBe('exec_late');
  });
});

describe('exportTransfers', () => {
  it('streams RFC 4180 CSV with local paid-at times, formula cells neutralised, progress per chunk', async () => {
    const { index } = setup();
    const output = exportTransfers(
      index,
      transferExportInputSchema.parse({ userId: 'user1', sort: 'at' }),
      { timeZone: 'Europe/Berlin', day: '2021-03-20', userName: (id) => names[id] ?? id },
    );
    expect(output).toMatchObject({ total: 4, fileName: 'arcflux-transfers-2021-03-20.csv' });
    let text = '';
    let rows = 0;
    for await (const chunk of output.chunks) {
      text += chunk.text;
      rows += chunk.rows;
    }
    expect(rows).toBe(4);
    const lines = text.split('\r\n');
    expect(lines[0]).toBe(
      'transfer_id,payment_id,due_at_utc,paid_at_utc,paid_at_local,payer,recipient,amount,currency,status,failure,skip_reason,transaction_id,memo',
    );
    expect(lines[1]).toBe(
      'exec_rent_0,rent,2021-03-01T09:00:00.000Z,2021-03-01T09:00:02.000Z,2021-03-01T10:00:02.000+01:00 Europe/Berlin,User One,User Two,120,USDC,succeeded,,,tx_rent_0,rent',
    );
    // Quotes doubled and the field quoted; formulas and a "+" transaction id made inert.
    expect(lines[2]).toBe(
      `exec_cake,cake,2021-03-01T09:00:00.000Z,2021-03-02T10:00:01.000Z,2021-03-02T11:00:01.000+01:00 Europe/Berlin,User One,Carol's Bakery,9.5,EURC,succeeded,,,'+TX-CAKE,"'=HYPERLINK(""x"")"`,
    );
    expect(lines[4]).toBe(
      'exec_rent_2,rent,2021-03-15T09:00:00.000Z,,,User One,User Two,120,USDC,failed,insufficient_funds,,,rent',
    );
    expect(lines[5]).toBe('');
  });
});

/** Week 3 of the rent, skipped while the payment was paused: never submitted. */
function skippedRent(): Execution {
  return sampleExecution('rent', {
    id: 'exec_rent_3',
    occurrenceAt: '2021-03-22T09:00:00.000Z',
    idempotencyKey: 'key_rent_3',
    amount: '120',
    status: 'skipped',
    skipReason: 'paused',
    startedAt: '2021-03-23T08:00:00.000Z',
    finishedAt: '2021-03-23T08:00:00.000Z',
    transferId: null,
    error: null,
  });
}

describe('skipped runs in the history', () => {
  it('lists a skipped run with its reason and no paid-at, and filters and sorts on `skipped`', () => {
    const { query, ids } = setup([skippedRent()]);
    const page = query({});
    expect(page.total).toBe(5);
    expect(page.items[0]).toEqual(
      expect.objectContaining({
        id: 'exec_rent_3',
        status: 'skipped',
        skipReason: 'paused',
        paidAt: null,
        transferId: null,
        failure: null,
        at: '2021-03-23T08:00:00.000Z',
      }),
    );
    expect(
      page.items.slice(1).map((item) => ('skipReason' in item ? item.skipReason : 'x')),
    ).toEqual([null, null, null, null]);
    expect(ids({ status: 'skipped' })).toEqual(['exec_rent_3']);
    expect(ids({ status: ['failed', 'skipped'] })).toEqual(['exec_rent_3', 'exec_rent_2']);
    expect(ids({ status: 'succeeded' })).not.toContain('exec_rent_3');
    // Skipped sorts after failed.
    expect(ids({ sort: '-status' })[0]).toBe('exec_rent_3');
    expect(ids({ sort: 'status' }).at(-1)).toBe('exec_rent_3');
    // Grouped by payment, it counts as one of the rent's runs.
    const grouped = query({ groupBy: 'payment', status: 'skipped' });
    expect(grouped.items).toEqual([
      expect.objectContaining({ transfers: 1, lastAt: '2021-03-23T08:00:00.000Z' }),
    ]);
  });

  it('exports a skipped run with its status and reason, and no paid-at', async () => {
    const { index } = setup([skippedRent()]);
    const output = exportTransfers(
      index,
      transferExportInputSchema.parse({ userId: 'user1', status: 'skipped' }),
      { timeZone: 'Europe/Berlin', day: '2021-03-23', userName: (id) => names[id] ?? id },
    );
    expect(output.total).toBe(1);
    let text = '';
    for await (const chunk of output.chunks) text += chunk.text;
    expect(text.split('\r\n')[1]).toBe(
      'exec_rent_3,rent,2021-03-22T09:00:00.000Z,,,User One,User Two,120,USDC,skipped,,paused,,rent',
    );
  });
});

function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}
