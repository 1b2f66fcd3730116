import { neutralise as text, quote } from '../../../shared/csv';
import type { Payment } from '../../../shared/schemas/payment';
import { describeSchedule } from './schedule';

/** The ledger export's columns, in order. */
export const CSV_COLUMNS = [
  'id',
  'created_at',
  'recipient_id',
  'recipient',
  'amount',
  'currency',
  'status',
  'paused',
  'schedule',
  'next_run_at',
  'memo',
  'command',
] as const;

/**
 * The ledger as CSV (RFC 4180: comma-separated, CRLF line ends, fields quoted when they
 * hold a comma, quote or line break, quotes doubled). Amounts are the exact decimal
 * strings, never reformatted; instants are ISO UTC. Free text that a spreadsheet would
 * run as a formula (=, +, -, @ first) is prefixed with an apostrophe.
 */
export function paymentsToCsv(
  payments: readonly Payment[],
  names: Readonly<Record<string, string>>,
): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const payment of payments) {
    const row = [
      payment.id,
      payment.createdAt,
      payment.recipientId,
      text(names[payment.recipientId] ?? payment.recipientId),
      payment.amount,
      payment.currency,
      payment.status,
      payment.paused ? 'yes' : 'no',
      describeSchedule(payment.schedule, payment.timezone, 'en-US'),
      payment.nextRunAt ?? '',
      text(payment.memo ?? ''),
      text(payment.sourceText),
    ];
    lines.push(row.map(quote).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

export { quote };

/** "arcflux-payments-2026-11-27.csv" */
export function csvFileName(day: string): string {
  return `arcflux-payments-${day}.csv`;
}
