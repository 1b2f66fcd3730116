import type { StreamChunk } from '../../../shared/contract/streamed';
import type { TransferExport, TransferExportInput } from '../../../shared/contract/transfers';
import { csvRecord } from '../../../shared/csv';
import { createLocalTimeFormatter } from '../../../shared/zoneOffset';
import { eachMatchingRow } from './queryTransfers';
import type { TransferIndex } from './transferIndex';

/** The export's columns, in order. */
export const TRANSFER_CSV_COLUMNS = [
  'transfer_id',
  'payment_id',
  'due_at_utc',
  'paid_at_utc',
  'paid_at_local',
  'payer',
  'recipient',
  'amount',
  'currency',
  'status',
  'failure',
  'skip_reason',
  'transaction_id',
  'memo',
] as const;

/** Records per chunk: big enough that a 100k export is 50 writes, small enough to show progress. */
const ROWS_PER_CHUNK = 2000;

export interface ExportOptions {
  /** The user's zone, for the local paid-at column. */
  timeZone: string;
  /** Today in the user's zone ("2026-11-27"), for the file name. */
  day: string;
  userName(userId: string): string;
}

/**
 * The matching transfers as a CSV stream. The rows are chosen when the export starts (a
 * transfer that changes meanwhile is written as it then is); the text is made chunk by
 * chunk as the door asks for it. Amounts are the exact decimal strings; instants ISO UTC.
 */
export function exportTransfers(
  index: TransferIndex,
  criteria: TransferExportInput,
  options: ExportOptions,
): TransferExport {
  index.sync();
  const rows: number[] = [];
  eachMatchingRow(index, criteria, (row) => {
    rows.push(row);
    return true;
  });
  const localTime = createLocalTimeFormatter(options.timeZone);
  const names = new Map<string, string>();
  const nameOf = (userId: string) => {
    let name = names.get(userId);
    if (name === undefined) {
      name = options.userName(userId);
      names.set(userId, name);
    }
    return name;
  };
  const record = (row: number) => {
    const execution = index.execution(row);
    const facts = index.facts(row);
    const paid = execution.status === 'succeeded' && execution.finishedAt !== null;
    return csvRecord([
      execution.id,
      execution.paymentId,
      execution.occurrenceAt,
      paid ? (execution.finishedAt ?? '') : '',
      paid ? localTime(index.atMs(row)) : '',
      nameOf(facts.payerId),
      facts.recipientName,
      execution.amount,
      execution.currency,
      execution.status,
      execution.failure ?? '',
      execution.skipReason ?? '',
      execution.transferId ?? '',
      facts.memo ?? '',
    ]);
  };
  async function* chunks(): AsyncGenerator<StreamChunk> {
    yield { text: csvRecord(TRANSFER_CSV_COLUMNS), rows: 0 };
    for (let start = 0; start < rows.length; start += ROWS_PER_CHUNK) {
      const end = Math.min(rows.length, start + ROWS_PER_CHUNK);
      let text = '';
      for (let position = start; position < end; position += 1) {
        text += record(rows[position] as number);
      }
      yield { text, rows: end - start };
    }
  }
  return {
    total: rows.length,
    fileName: `arcflux-transfers-${options.day}.csv`,
    contentType: 'text/csv; charset=utf-8',
    chunks: chunks(),
  };
}
