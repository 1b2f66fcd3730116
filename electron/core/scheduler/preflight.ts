import { formatAmount, fromMinorUnits, toMinorUnits, type Currency } from '../../../shared/money';
import type { Payment } from '../../../shared/schemas/payment';
import type { GuardianPolicy } from '../../../shared/schemas/settings';
import type { Refusal, Submission } from '../execution/executionEngine';
import type { SpendingIndex } from '../indexes/spendingIndex';

export interface PreflightContext {
  /** A fresh reading from the connector; undefined when it can't see the wallet. */
  readBalance: (userId: string, currency: Currency) => Promise<string | undefined>;
  spending: Pick<SpendingIndex, 'spending'>;
  policy: GuardianPolicy;
  timezoneOf: (userId: string) => string;
  now: Date;
}

/**
 * The tick's re-check before money moves: walking the due occurrences soonest first, each
 * must fit in what its payer's balance has left after the ones before it, and keep the
 * day's and month's totals within the limits. What doesn't fit is refused with the reason
 * and never reaches the connector (which would refuse an overdraft too).
 */
export async function preflight(
  candidates: readonly Submission[],
  context: PreflightContext,
): Promise<{ accepted: Submission[]; refused: Refusal[] }> {
  const accepted: Submission[] = [];
  const refused: Refusal[] = [];
  const wallets = new Map<string, Wallet>();
  const ordered = [...candidates].sort((left, right) =>
    left.occurrenceAt < right.occurrenceAt ? -1 : left.occurrenceAt > right.occurrenceAt ? 1 : 0,
  );
  for (const submission of ordered) {
    const { payment } = submission;
    const walletKey = `${payment.userId}/${payment.currency}`;
    let wallet = wallets.get(walletKey);
    if (!wallet) {
      wallet = await openWallet(payment.userId, payment.currency, context);
      wallets.set(walletKey, wallet);
    }
    const units = toMinorUnits(payment.amount);
    const reason = refusalReason(wallet, units, payment, context.policy);
    if (reason) {
      refused.push({ ...submission, ...reason });
      continue;
    }
    if (wallet.balance !== null) wallet.balance -= units;
    wallet.today += units;
    wallet.thisMonth += units;
    accepted.push(submission);
  }
  return { accepted, refused };
}

interface Wallet {
  balance: bigint | null;
  today: bigint;
  thisMonth: bigint;
}

async function openWallet(
  userId: string,
  currency: Currency,
  context: PreflightContext,
): Promise<Wallet> {
  let balance: bigint | null = null;
  try {
    const amount = await context.readBalance(userId, currency);
    balance = amount === undefined ? null : toMinorUnits(amount);
  } catch {
    // Unreadable now: the connector still refuses an overdraft on its own.
  }
  const spending = context.spending.spending({
    userId,
    currency,
    now: context.now,
    timezone: context.timezoneOf(userId),
  });
  return { balance, today: spending.today, thisMonth: spending.thisMonth };
}

function refusalReason(
  wallet: Wallet,
  units: bigint,
  payment: Payment,
  policy: GuardianPolicy,
): Pick<Refusal, 'failure' | 'message'> | undefined {
  const money = (value: bigint) => formatAmount(fromMinorUnits(value), payment.currency);
  if (wallet.balance !== null && wallet.balance < units) {
    return {
      failure: 'insufficient_funds',
      message: `The balance left (${money(wallet.balance)}) does not cover ${money(units)}, so it was not sent. Add funds; the next occurrence will be tried as usual.`,
    };
  }
  for (const [label, spent, limit] of [
    ['daily', wallet.today, policy.limits.daily],
    ['monthly', wallet.thisMonth, policy.limits.monthly],
  ] as const) {
    if (spent + units > toMinorUnits(limit)) {
      return {
        failure: 'limit_exceeded',
        message: `Sending ${money(units)} would take the ${label} total to ${money(spent + units)}, over the ${label} limit of ${money(toMinorUnits(limit))}, so it was not sent.`,
      };
    }
  }
  return undefined;
}
