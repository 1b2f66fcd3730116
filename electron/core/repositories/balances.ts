import { z } from 'zod';
import type { Currency } from '../../../shared/money';
import { balanceSchema, type Balance } from '../../../shared/schemas/balance';
import type { Clock } from '../clock';
import { DATA_FILES } from '../dataFolder';
import { JsonDocument } from '../store';
import type { StoredDocument } from '../store/storedDocument';

/** Balances per user and currency, as last known (the simulated connector's ledger). */
export class BalancesRepository {
  constructor(private readonly document: StoredDocument<Balance[]>) {}

  static async open(dataDir: string, clock: Clock): Promise<BalancesRepository> {
    const document = await JsonDocument.open(
      dataDir,
      { file: DATA_FILES.balances, version: 1, schema: z.array(balanceSchema) },
      clock,
    );
    return new BalancesRepository(document);
  }

  list(): readonly Balance[] {
    return this.document.value;
  }

  forUser(userId: string): Balance[] {
    return this.document.value.filter((balance) => balance.userId === userId);
  }

  find(userId: string, currency: Currency): Balance | undefined {
    return this.document.value.find(
      (balance) => balance.userId === userId && balance.currency === currency,
    );
  }

  /** Replaces or adds the given balances in one atomic write. */
  async save(changed: readonly Balance[]): Promise<void> {
    await this.document.update((current) => {
      const key = (balance: Balance) => `${balance.userId}/${balance.currency}`;
      const replacements = new Map(changed.map((balance) => [key(balance), balance]));
      const kept = current.filter((balance) => !replacements.has(key(balance)));
      return [...kept, ...replacements.values()];
    });
  }
}
