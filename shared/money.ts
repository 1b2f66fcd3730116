import { z } from 'zod';

/**
 * Money is never a JS float. Amounts travel as decimal strings and are computed as
 * bigint minor units. USDC and EURC both have 6 decimals on Circle, so one scale fits both.
 */
export const MONEY_DECIMALS = 6;
const SCALE = 10n ** BigInt(MONEY_DECIMALS);

export const CURRENCIES = ['USDC', 'EURC'] as const;
export const currencySchema = z.enum(CURRENCIES);
export type Currency = z.infer<typeof currencySchema>;

// Up to 15 integer digits keeps every amount far below Number.MAX_SAFE_INTEGER minor units
// for display helpers, and far above any realistic wallet.
const AMOUNT_PATTERN = /^(0|[1-9]\d{0,14})(\.\d{1,6})?$/;
const SIGNED_AMOUNT_PATTERN = /^-?(0|[1-9]\d{0,14})(\.\d{1,6})?$/;

/** A non-negative decimal string with at most 6 decimals, e.g. "120" or "75.25". */
export const amountSchema = z
  .string()
  .regex(
    AMOUNT_PATTERN,
    'must be an amount such as "120" or "75.25": not negative, with at most 6 decimals',
  );

/** An amount that must be greater than zero: what a payment carries. */
export const positiveAmountSchema = amountSchema.refine(
  // zod runs refinements even after the pattern failed; text that is not an amount has
  // already been reported, and toMinorUnits would throw on it.
  (amount) => !AMOUNT_PATTERN.test(amount) || toMinorUnits(amount) > 0n,
  { message: 'must be greater than zero', params: { code: 'too_small' } },
);

/** A decimal string that may be negative: forecasts can go below zero. */
export const signedAmountSchema = z
  .string()
  .regex(SIGNED_AMOUNT_PATTERN, 'must be a decimal string with at most 6 decimals');

export type Amount = z.infer<typeof amountSchema>;

/** Converts a validated decimal string to bigint minor units (6 decimals). */
export function toMinorUnits(amount: string): bigint {
  if (!SIGNED_AMOUNT_PATTERN.test(amount)) {
    throw new RangeError(`"${amount}" is not a decimal amount with at most 6 decimals`);
  }
  const negative = amount.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? amount.slice(1) : amount).split('.');
  const units = BigInt(whole) * SCALE + BigInt(fraction.padEnd(MONEY_DECIMALS, '0'));
  return negative ? -units : units;
}

/** Converts minor units back to the canonical decimal string: no trailing zeros, no "-0". */
export function fromMinorUnits(units: bigint): string {
  const negative = units < 0n;
  const absolute = negative ? -units : units;
  const whole = absolute / SCALE;
  const fraction = (absolute % SCALE).toString().padStart(MONEY_DECIMALS, '0').replace(/0+$/, '');
  const text = fraction ? `${whole}.${fraction}` : `${whole}`;
  return negative && absolute !== 0n ? `-${text}` : text;
}

/** Adds decimal strings exactly. */
export function addAmounts(...amounts: string[]): string {
  return fromMinorUnits(amounts.reduce((sum, amount) => sum + toMinorUnits(amount), 0n));
}

/** Subtracts `subtrahend` from `minuend` exactly; the result may be negative. */
export function subtractAmounts(minuend: string, subtrahend: string): string {
  return fromMinorUnits(toMinorUnits(minuend) - toMinorUnits(subtrahend));
}

/** -1, 0 or 1, like a sort comparator. */
export function compareAmounts(left: string, right: string): -1 | 0 | 1 {
  const difference = toMinorUnits(left) - toMinorUnits(right);
  return difference === 0n ? 0 : difference < 0n ? -1 : 1;
}

/** "1,250.5 USDC": grouped for people, exact to the last minor unit. */
export function formatAmount(amount: string, currency?: Currency): string {
  const canonical = fromMinorUnits(toMinorUnits(amount));
  const negative = canonical.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? canonical.slice(1) : canonical).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const decimals = fraction.padEnd(2, '0');
  const text = `${negative ? '-' : ''}${grouped}.${decimals}`;
  return currency ? `${text} ${currency}` : text;
}
