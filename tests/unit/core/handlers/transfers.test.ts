import { describe, expect, it } from 'vitest';
import type { Execution } from '../../../../shared/schemas/execution';
import type { Payment } from '../../../../shared/schemas/payment';
import { transferHandlers } from '../../../../electron/core/handlers/transfers';
import type { CoreContext } from '../../../../electron/core/handlers/types';
import { samplePayment } from '../../../support/dataFolder';
import { sampleExecution } from '../../../support/querySources';

/** The parts of a core the history's handlers read, counting reads of the journal. */
function historyContext() {
  const payments: Payment[] = [samplePayment('rent'), samplePayment('cake')];
  const executions: Execution[] = [
    sampleExecution('rent', { id: 'exec_rent_1', finishedAt: '2021-03-01T09:00:02.000Z' }),
    sampleExecution('cake', { id: 'exec_cake_1', finishedAt: '2021-03-02T09:00:02.000Z' }),
  ];
  let reads = 0;
  const context = {
    journals: {
      executions: {
        entries: () => {
          reads += 1;
          return executions;
        },
      },
    },
    payments: {
      find: (id: string) => payments.find((payment) => payment.id === id),
      list: () => payments,
    },
    users: { find: () => undefined },
  } as unknown as CoreContext;
  return { context, reads: () => reads };
}

describe('transferHandlers', () => {
  it('reads the journal while the core opens for a long-lived door, so the first page need not', async () => {
    const { context, reads } = historyContext();
    const handlers = transferHandlers(context, { readNow: true });
    expect(reads()).toBe(1);
    const page = await handlers['transfers:list']({
      sort: '-at',
      groupBy: 'transfer',
      offset: 0,
      limit: 50,
    });
    expect(page.total).toBe(2);
    expect(page.items.map((item) => ('id' in item ? item.id : ''))).toEqual([
      'exec_cake_1',
      'exec_rent_1',
    ]);
  });

  it('leaves the journal to the warm-up for a one-shot command', () => {
    const { context, reads } = historyContext();
    transferHandlers(context);
    expect(reads()).toBe(0);
  });
});
