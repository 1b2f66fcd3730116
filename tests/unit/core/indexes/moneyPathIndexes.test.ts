import { afterEach, describe, expect, it } from 'vitest';
import { riskAssessmentSchema } from '../../../../shared/schemas/risk';
import {
  moneyFolder,
  openMoneyCore,
  withoutUndoWindow,
  type MoneyCore,
} from '../../../support/moneyCore';
import { readLedgerFiles } from '../../../support/ledgerFiles';

// The indexes are fed by the money path's writers (moneyPath.ts wraps the ledger and the
// journal); a writer that bypassed the wrappers would leave the Guardian blind to what it
// wrote. These go through the whole core: commands, confirmations, ticks, a restart.

const opened: { money: MoneyCore; remove(): void }[] = [];
afterEach(async () => {
  for (const { money, remove } of opened.splice(0)) {
    await money.core.close().catch(() => undefined);
    remove();
  }
});

async function open(folder = moneyFolder()) {
  const money = await withoutUndoWindow(
    // On the manual clock openMoneyCore starts, which nothing here moves.
    await openMoneyCore({ dataDir: folder.path }),
  );
  opened.push({ money, remove: folder.remove });
  return { money, folder };
}

/** Says a payment and, when the Guardian asks, confirms it. */
async function pay(money: MoneyCore, text: string): Promise<void> {
  const result = await money.call('commands:run', { text });
  if (result.proposal && result.payment) {
    await money.call('payments:confirm', { id: result.payment.id });
  } else if (!result.payment) {
    throw new Error(`"${text}" made no payment: ${result.decision.reply}`);
  }
}

/** The features of the newest risk record, as the Guardian worked them out. */
function lastFeatures(dataDir: string) {
  const last = readLedgerFiles(dataDir).riskAssessments.at(-1);
  return riskAssessmentSchema.parse(last).features;
}

describe('the money path keeps its indexes current', () => {
  it('counts what a tick just paid, and whom, in the next decision and after a restart', async () => {
    const { money, folder } = await open();
    await pay(money, 'Pay Alice Chen 20 USDC');
    await pay(money, 'Pay Alice Chen 40 USDC');
    const tick = await money.call('scheduler:tick', {});
    expect(tick.executed).toHaveLength(2);
    const expected = {
      firstPayment: false,
      recipientMedian: '30',
      velocity24hCount: 2,
      velocity24hSum: '60',
      dailyTotalAfter: '70',
      monthlyTotalAfter: '70',
    };
    await money.call('commands:run', { text: 'Pay Alice Chen 10 USDC' });
    expect(lastFeatures(folder.path)).toMatchObject(expected);
    // Built again from the files at start, the indexes give the same figures.
    await money.core.close();
    const reopened = await open({ path: folder.path, remove: () => undefined });
    await reopened.money.call('commands:run', { text: 'Pay Alice Chen 10 USDC' });
    expect(lastFeatures(folder.path)).toMatchObject(expected);
  });
});
