// The spending fold the Guardian ran on every decision before the ledger indexes: a scan
// of the whole execution journal. Kept verbatim as the oracle the indexes are checked
// against (tests/unit/core/indexes), since "the same answer as the full scan" is their
// whole contract.
import { DateTime } from 'luxon';
import { toMinorUnits, type Currency } from '../../shared/money';
import type { Execution } from '../../shared/schemas/execution';
import type { Payment } from '../../shared/schemas/payment';

/** What one user has paid (or has in flight) in one currency, by the full scan. */
export interface ScannedSpending {
  /** Since midnight in the user's zone, in minor units. */
  today: bigint;
  /** Since the first of the month in the user's zone. */
  thisMonth: bigint;
  last24hCount: number;
  last24h: bigint;
  last30dCount: number;
  last30d: bigint;
  /** Amounts paid to the recipient asked about, for their median. */
  byRecipient: Map<string, bigint[]>;
}

/** Who pays whom in a payment: the two fields of a row that never change. */
export type Parties = Pick<Payment, 'userId' | 'recipientId'>;

/**
 * Remembers each payment's parties. Executions name only their payment; looking the row
 * up for each of a long journal's lines would rebuild the ledger's index after every
 * write, and a payment's payer and recipient never change, so they are kept here.
 */
export class PartiesCache {
  readonly #parties = new Map<string, Parties>();

  constructor(private readonly findPayment: (paymentId: string) => Payment | undefined) {}

  get(paymentId: string): Parties | undefined {
    let parties = this.#parties.get(paymentId);
    if (!parties) {
      const payment = this.findPayment(paymentId);
      if (!payment) return undefined;
      parties = { userId: payment.userId, recipientId: payment.recipientId };
      this.#parties.set(paymentId, parties);
    }
    return parties;
  }
}

/**
 * Folds the execution journal into one user's spending. Succeeded and in-flight
 * executions count (money that has or may have left); failed ones don't. Windows are
 * calendar days and months in the user's zone, since that is how limits are read. Only
 * `recipientId`'s history is collected, and old lines are skipped before any parsing,
 * so a long journal costs a string comparison per line.
 */
export function summarizeSpending(
  executions: readonly Execution[],
  parties: Pick<PartiesCache, 'get'>,
  query: { userId: string; currency: Currency; now: Date; timezone: string; recipientId?: string },
): ScannedSpending {
  const local = DateTime.fromJSDate(query.now, { zone: query.timezone });
  const dayStart = local.startOf('day').toJSDate().toISOString();
  const monthStart = local.startOf('month').toJSDate().toISOString();
  const since24h = new Date(query.now.getTime() - DAY_MS).toISOString();
  const since30d = new Date(query.now.getTime() - 30 * DAY_MS).toISOString();
  const windowStart = monthStart < since30d ? monthStart : since30d;
  const paid: bigint[] = [];
  const spending: ScannedSpending = {
    today: 0n,
    thisMonth: 0n,
    last24hCount: 0,
    last24h: 0n,
    last30dCount: 0,
    last30d: 0n,
    byRecipient: new Map(query.recipientId ? [[query.recipientId, paid]] : []),
  };
  for (const execution of executions) {
    // Written out rather than shared with the index: failed and skipped runs hold no money.
    const moved = execution.status === 'started' || execution.status === 'succeeded';
    if (!moved || execution.currency !== query.currency) continue;
    const at = execution.occurrenceAt;
    const counted = at >= windowStart;
    const history = execution.status === 'succeeded' && query.recipientId !== undefined;
    if (!counted && !history) continue;
    const payment = parties.get(execution.paymentId);
    if (!payment || payment.userId !== query.userId) continue;
    const forRecipient = history && payment.recipientId === query.recipientId;
    if (!counted && !forRecipient) continue;
    const units = toMinorUnits(execution.amount);
    if (forRecipient) paid.push(units);
    if (!counted) continue;
    if (at >= dayStart) spending.today += units;
    if (at >= monthStart) spending.thisMonth += units;
    if (at >= since24h) {
      spending.last24hCount += 1;
      spending.last24h += units;
    }
    if (at >= since30d) {
      spending.last30dCount += 1;
      spending.last30d += units;
    }
  }
  return spending;
}

const DAY_MS = 24 * 60 * 60 * 1000;
