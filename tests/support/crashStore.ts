import { z } from 'zod';
import type { DocumentSpec, LogSpec } from '../../electron/core/store';

/**
 * The files the crash test's child writes and its parent checks: a ledger document that
 * is rewritten whole on every change, and a journal that only grows.
 */
const paymentSchema = z.object({ id: z.string(), amount: z.string().regex(/^\d+\.\d{2}$/) });

export const crashLedgerSpec: DocumentSpec<{ payments: z.infer<typeof paymentSchema>[] }> = {
  file: 'crash_ledger.json',
  version: 1,
  schema: z.object({ payments: z.array(paymentSchema) }),
  initial: () => ({ payments: [] }),
};

export const crashJournalSpec: LogSpec<{ id: string; amount: string }> = {
  file: 'crash_journal.jsonl',
  version: 1,
  schema: paymentSchema,
};

/** A decimal string that varies in length, so records and files have uneven sizes. */
export function amountFor(sequence: number): string {
  return `${(sequence * 7919) % 100_000}.${String(sequence % 100).padStart(2, '0')}`;
}
