import { fromMinorUnits } from '../../../shared/money';

/** What one user has paid (or has in flight) in one currency, over the windows rules use. */
export interface Spending {
  /** Since midnight in the user's zone, in minor units. */
  today: bigint;
  /** Since the first of the month in the user's zone. */
  thisMonth: bigint;
  last24hCount: number;
  last24h: bigint;
  last30dCount: number;
  last30d: bigint;
  /** What the user has paid the recipient asked about before; null when none was asked. */
  paidTo: RecipientFigures | null;
}

/** A recipient's history with one payer in one currency: the succeeded transfers. */
export interface RecipientFigures {
  recipientId: string;
  count: number;
  /** The median amount as a decimal string; null before the first transfer. */
  median: string | null;
}

/** The median of minor-unit amounts as a decimal string, or null for none. */
export function medianAmount(amounts: readonly bigint[]): string | null {
  return medianOfSorted([...amounts].sort(compareUnits));
}

/** The same median over amounts already in ascending order, without copying them. */
export function medianOfSorted(sorted: readonly bigint[]): string | null {
  if (sorted.length === 0) return null;
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? 0n;
  if (sorted.length % 2 === 1) return fromMinorUnits(upper);
  return fromMinorUnits(((sorted[middle - 1] ?? 0n) + upper) / 2n);
}

export function compareUnits(left: bigint, right: bigint): number {
  return left < right ? -1 : left > right ? 1 : 0;
}
