import { afterEach } from 'vitest';
import { ManualClock } from './manualClock';
import { moneyFolder, openMoneyCore, type MoneyCore } from './moneyCore';

/**
 * For a test file: `open()` gives a money core in a fresh data folder on a ManualClock at
 * `start`, and every core opened is closed and its folder removed after each test.
 */
export function moneyCoresPerTest(start = '2026-11-02T14:00:00.000Z'): () => Promise<MoneyCore> {
  const opened: { money: MoneyCore; remove(): void }[] = [];
  afterEach(async () => {
    for (const { money, remove } of opened.splice(0)) {
      await money.core.close();
      remove();
    }
  });
  return async () => {
    const folder = moneyFolder();
    const money = await openMoneyCore({ dataDir: folder.path, clock: new ManualClock(start) });
    opened.push({ money, remove: folder.remove });
    return money;
  };
}
