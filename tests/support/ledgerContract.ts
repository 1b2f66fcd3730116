import { afterEach, describe, expect, it } from 'vitest';
import type { Execution } from '../../shared/schemas/execution';
import type { Payment } from '../../shared/schemas/payment';
import { CoreError } from '../../electron/core/errors';
import type { LedgerBackend } from '../../electron/core/store/ledgerBackend';
import type { LedgerChange } from '../../electron/core/store/ledgerRecords';
import { sampleAssessment, samplePayment } from './samples';

/**
 * One empty ledger of the store under test. `open` may be called again to open the same
 * ledger anew, as a restart does (the previous store is closed first).
 */
export interface LedgerUnderTest {
  open(): Promise<LedgerBackend>;
}

/**
 * The behaviour every ledger backend must share, run against each of them (the file
 * ledger in tests/unit, PostgreSQL in tests/integration): what a commit and a command's
 * unit write, when they become visible, what a failure leaves, and what a restart reads.
 */
export function describeLedgerContract(
  name: string,
  fresh: () => Promise<LedgerUnderTest>,
  skip?: string,
): void {
  describe.skipIf(skip !== undefined)(`${name} keeps the ledger contract`, () => {
    const open: LedgerBackend[] = [];
    afterEach(async () => {
      for (const store of open.splice(0)) await store.close();
    });
    const start = async () => {
      const ledger = await fresh();
      const openStore = async () => {
        const store = await ledger.open();
        open.push(store);
        return store;
      };
      const restart = async (store: LedgerBackend) => {
        open.splice(open.indexOf(store), 1);
        await store.close();
        return openStore();
      };
      return { store: await openStore(), restart };
    };

    it('shows a commit once it resolves, as one chained record, and keeps it across a restart', async () => {
      const { store, restart } = await start();
      const before = store.head;
      await store.commit([payment('pay_a'), { kind: 'risk', data: sampleAssessment('pay_a') }]);
      expect(store.payments.get('pay_a')?.amount).toBe('10');
      expect(store.riskById.has('risk_pay_a')).toBe(true);
      expect(store.head.seq).toBe(before.seq + 1);
      expect(store.head.hash).not.toBe(before.hash);
      const again = await restart(store);
      expect(again.head).toEqual(store.head);
      expect([...again.payments.keys()]).toEqual(['pay_a']);
      expect(again.riskAssessments.map((risk) => risk.id)).toEqual(['risk_pay_a']);
    });

    it("writes a command's commits as one record, which its own reads do not see until it is done", async () => {
      const { store, restart } = await start();
      const before = store.head.seq;
      const seenInside = await store.together(async () => {
        await store.commit([payment('pay_a')]);
        await store.commit([execution('exe_a', 'started')]);
        return { payment: store.payments.has('pay_a'), journal: store.executions.length };
      });
      expect(seenInside).toEqual({ payment: false, journal: 0 });
      expect(store.head.seq).toBe(before + 1);
      expect(store.payments.has('pay_a')).toBe(true);
      expect(store.executions.map((line) => line.id)).toEqual(['exe_a']);
      const again = await restart(store);
      expect(again.head.seq).toBe(before + 1);
      expect(again.executions.map((line) => line.status)).toEqual(['started']);
    });

    it('writes and announces nothing of a command that throws', async () => {
      const { store, restart } = await start();
      await store.commit([payment('pay_kept')]);
      const before = store.head;
      let announced = false;
      await expect(
        store.together(async () => {
          await store.commit([payment('pay_lost')]);
          store.afterCommit(() => {
            announced = true;
          });
          throw new Error('the command failed half way');
        }),
      ).rejects.toThrow('the command failed half way');
      expect(announced).toBe(false);
      expect(store.head).toEqual(before);
      expect(store.payments.has('pay_lost')).toBe(false);
      const again = await restart(store);
      expect([...again.payments.keys()]).toEqual(['pay_kept']);
    });

    it("announces a command's news only once its record is committed and readable", async () => {
      const { store } = await start();
      const heard: boolean[] = [];
      const unit = store.together(async () => {
        await store.commit([payment('pay_a')]);
        store.afterCommit(() => heard.push(store.payments.has('pay_a')));
        return heard.length;
      });
      expect(await unit).toBe(0);
      expect(heard).toEqual([true]);
      // Outside a command there is nothing to wait for.
      store.afterCommit(() => heard.push(true));
      expect(heard).toEqual([true, true]);
    });

    it('refuses a commit holding an invalid change, and writes none of it', async () => {
      const { store, restart } = await start();
      const before = store.head;
      const invalid = payment('pay_bad', { amount: '12.5.0' });
      const refused = store.commit([payment('pay_good'), invalid]);
      await expect(refused).rejects.toBeInstanceOf(CoreError);
      await expect(refused).rejects.toMatchObject({ code: 'internal' });
      expect(store.head).toEqual(before);
      expect(store.payments.size).toBe(0);
      const again = await restart(store);
      expect(again.payments.size).toBe(0);
      expect(again.head).toEqual(before);
    });

    it('keeps a row saved again in its first place, with its last version', async () => {
      const { store, restart } = await start();
      await store.commit([payment('pay_a'), payment('pay_b')]);
      await store.commit([
        payment('pay_a', { status: 'cancelled' }),
        payment('pay_c'),
        payment('pay_a', { status: 'executed', amount: '11.25' }),
      ]);
      const rows = (backend: LedgerBackend) =>
        [...backend.payments.values()].map((row) => `${row.id}:${row.status}:${row.amount}`);
      const expected = ['pay_a:executed:11.25', 'pay_b:scheduled:10', 'pay_c:scheduled:10'];
      expect(rows(store)).toEqual(expected);
      expect(rows(await restart(store))).toEqual(expected);
    });

    it('keeps journal lines in commit order, and tells subscribers each change once after it is readable', async () => {
      const { store, restart } = await start();
      const heard: string[] = [];
      store.subscribe((change) => {
        const readable =
          change.kind === 'execution' && store.executions.includes(change.data) ? 'readable' : '';
        heard.push(`${change.kind}:${readable}`);
      });
      await store.commit([execution('exe_a', 'started')]);
      await store.together(async () => {
        await store.commit([execution('exe_a', 'succeeded')]);
        await store.commit([execution('exe_b', 'started'), execution('exe_b', 'failed')]);
      });
      const journal = (backend: LedgerBackend) =>
        backend.executions.map((line) => `${line.id}:${line.status}`);
      const expected = ['exe_a:started', 'exe_a:succeeded', 'exe_b:started', 'exe_b:failed'];
      expect(journal(store)).toEqual(expected);
      expect(heard).toEqual([
        'execution:readable',
        'execution:readable',
        'execution:readable',
        'execution:readable',
      ]);
      expect(journal(await restart(store))).toEqual(expected);
    });
  });
}

export function payment(id: string, overrides: Partial<Payment> = {}): LedgerChange {
  return {
    kind: 'payment',
    data: samplePayment(id, { status: 'scheduled', ...overrides }),
  };
}

export function execution(
  id: string,
  status: Execution['status'],
  overrides: Partial<Execution> = {},
): LedgerChange {
  // The journal's instants only need to be valid; the sample row's keeps this file free of dates.
  const occurrenceAt = samplePayment('pay_a').createdAt;
  return {
    kind: 'execution',
    data: {
      id,
      paymentId: 'pay_a',
      occurrenceAt,
      idempotencyKey: `pay_a@${occurrenceAt}`,
      attempt: 1,
      status,
      amount: '10',
      currency: 'USDC',
      startedAt: occurrenceAt,
      finishedAt: status === 'started' ? null : occurrenceAt,
      transferId: status === 'succeeded' ? `tx_${id}` : null,
      error: null,
      ...(status === 'failed' ? { failure: 'rejected' as const } : {}),
      ...overrides,
    },
  };
}
