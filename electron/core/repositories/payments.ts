import { z } from 'zod';
import { paymentSchema, type Payment } from '../../../shared/schemas/payment';
import type { Clock } from '../clock';
import { DATA_FILES } from '../dataFolder';
import { CoreError } from '../errors';
import { JsonDocument } from '../store';

/** The payment schedule and ledger: one row per payment, rewritten atomically. */
export class PaymentsRepository {
  #byId: Map<string, Payment> | undefined;

  private constructor(private readonly document: JsonDocument<Payment[]>) {}

  static async open(dataDir: string, clock: Clock): Promise<PaymentsRepository> {
    const document = await JsonDocument.open(
      dataDir,
      {
        file: DATA_FILES.payments,
        version: 1,
        schema: z.array(paymentSchema),
        // save() validates the rows it changes; the rest were valid when loaded.
        validateWrites: false,
      },
      clock,
    );
    return new PaymentsRepository(document);
  }

  list(): readonly Payment[] {
    return this.document.value;
  }

  find(id: string): Payment | undefined {
    // Built lazily and dropped on every write, so a 100k ledger isn't scanned per lookup.
    this.#byId ??= new Map(this.document.value.map((payment) => [payment.id, payment]));
    return this.#byId.get(id);
  }

  get(id: string): Payment {
    const payment = this.find(id);
    if (!payment) {
      throw new CoreError(
        'not_found',
        `There is no payment "${id}". Check the id in the payment history (arcflux ledger).`,
      );
    }
    return payment;
  }

  /** Inserts or replaces payments by id in one atomic write; invalid rows write nothing. */
  async save(rows: readonly Payment[]): Promise<void> {
    const changed = rows.map((row) => {
      const result = paymentSchema.safeParse(row);
      if (result.success) return result.data;
      throw new CoreError(
        'internal',
        `ArcFlux did not save payment ${row.id} because it is invalid (${result.error.issues[0]?.path.join('.')}: ${result.error.issues[0]?.message}). Nothing was written; this is a bug, please report it with the log.`,
      );
    });
    await this.document.update((current) => {
      const replacements = new Map(changed.map((payment) => [payment.id, payment]));
      const next = current.map((payment) => replacements.get(payment.id) ?? payment);
      const existing = new Set(current.map((payment) => payment.id));
      for (const payment of changed) if (!existing.has(payment.id)) next.push(payment);
      return next;
    });
    this.#byId = undefined;
  }
}
