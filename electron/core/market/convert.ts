import { fromMinorUnits, toMinorUnits, type Currency } from '../../../shared/money';
import type { Balance } from '../../../shared/schemas/balance';
import type { CombinedBalance, MarketRate } from '../../../shared/schemas/market';

/**
 * `amount` of `from` in `to` at the EUR/USD `rate` (1 EURC = rate USDC), exactly in bigint
 * minor units. Rounding: to the nearest minor unit (6 decimals), halves away from zero,
 * once, at the end; EURC→USDC multiplies by the rate, USDC→EURC divides by it.
 */
export function convertAmount(amount: string, from: Currency, to: Currency, rate: string): string {
  const units = toMinorUnits(amount);
  if (from === to) return fromMinorUnits(units);
  const { numerator, scale } = rateFraction(rate);
  return from === 'EURC'
    ? fromMinorUnits(divideRounded(units * numerator, scale))
    : fromMinorUnits(divideRounded(units * scale, numerator));
}

/**
 * The user's balances added up in `currency`, each part converted at `rate`. Without a rate
 * only parts already in `currency` have a value, and the total is null rather than a sum
 * that leaves something out. Always approximate: the rate is a reference rate, not a trade.
 */
export function combineBalances(
  userId: string,
  balances: readonly Balance[],
  currency: Currency,
  rate: MarketRate | null,
): CombinedBalance {
  const parts = balances.map((balance) => ({
    currency: balance.currency,
    amount: balance.amount,
    converted:
      balance.currency === currency
        ? balance.amount
        : rate
          ? convertAmount(balance.amount, balance.currency, currency, rate.rate)
          : null,
  }));
  const known = parts.flatMap((part) => (part.converted === null ? [] : [part.converted]));
  const total =
    known.length === parts.length
      ? fromMinorUnits(known.reduce((sum, part) => sum + toMinorUnits(part), 0n))
      : null;
  return { userId, currency, total, approximate: true, parts, rate };
}

function rateFraction(rate: string): { numerator: bigint; scale: bigint } {
  const [whole = '0', fraction = ''] = rate.split('.');
  return { numerator: BigInt(whole + fraction), scale: 10n ** BigInt(fraction.length) };
}

/** `dividend / divisor` rounded to the nearest integer, halves away from zero. */
function divideRounded(dividend: bigint, divisor: bigint): bigint {
  const negative = dividend < 0n;
  const magnitude = negative ? -dividend : dividend;
  const rounded = (magnitude * 2n + divisor) / (divisor * 2n);
  return negative ? -rounded : rounded;
}
