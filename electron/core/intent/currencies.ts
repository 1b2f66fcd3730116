import type { Currency } from '../../../shared/money';
import { parseNumeral } from './numbers';
import type { TokenStream } from './text';
import { wordTable } from './wordTable';

/**
 * The currency vocabulary: what ArcFlux pays in (USDC, EURC and their everyday names)
 * and the other assets it recognises only to refuse them, never to convert.
 */

/** A currency as read: one ArcFlux pays in, or another asset it refuses to convert. */
export type CurrencyReading =
  | { readonly kind: 'supported'; readonly currency: Currency }
  | { readonly kind: 'unsupported'; readonly code: string };

/** Currencies named apart from a number: "pay bob 20 in euros", "send bitcoin to bob". */
export function takeCurrencyWords(stream: TokenStream): CurrencyReading[] {
  const readings: CurrencyReading[] = [];
  for (let index = 0; index < stream.tokens.length; index += 1) {
    if (stream.isUsed(index)) continue;
    const found = currencyAt(stream, index, 'suffix') ?? currencyAt(stream, index, 'prefix');
    if (!found) continue;
    const previous = stream.tokens[index - 1]?.lower ?? '';
    if (
      NAME_LIKE_CURRENCY_WORDS.has(stream.tokens[index]?.word ?? '') &&
      !INTRODUCERS.has(previous)
    )
      continue;
    stream.consume(index, index + found.length);
    readings.push(found.reading);
  }
  return readings;
}

const SUPPORTED_WORDS: Record<string, Currency> = wordTable({
  usdc: 'USDC',
  usd: 'USDC',
  dollar: 'USDC',
  dollars: 'USDC',
  buck: 'USDC',
  bucks: 'USDC',
  eurc: 'EURC',
  eur: 'EURC',
  euro: 'EURC',
  euros: 'EURC',
});
const SUPPORTED_PAIRS: Record<string, Currency> = wordTable({
  'usd coin': 'USDC',
  'usdc coin': 'USDC',
  'us dollar': 'USDC',
  'us dollars': 'USDC',
  'euro coin': 'EURC',
  'euro coins': 'EURC',
});
const UNSUPPORTED_WORDS: Record<string, string> = wordTable({
  btc: 'BTC',
  bitcoin: 'BTC',
  bitcoins: 'BTC',
  sats: 'BTC',
  satoshi: 'BTC',
  satoshis: 'BTC',
  eth: 'ETH',
  ether: 'ETH',
  ethereum: 'ETH',
  sol: 'SOL',
  solana: 'SOL',
  usdt: 'USDT',
  tether: 'USDT',
  dai: 'DAI',
  doge: 'DOGE',
  dogecoin: 'DOGE',
  ltc: 'LTC',
  litecoin: 'LTC',
  xrp: 'XRP',
  gbp: 'GBP',
  pound: 'GBP',
  pounds: 'GBP',
  quid: 'GBP',
  jpy: 'JPY',
  yen: 'JPY',
  cad: 'CAD',
  aud: 'AUD',
  chf: 'CHF',
  franc: 'CHF',
  francs: 'CHF',
  mxn: 'MXN',
  peso: 'MXN',
  pesos: 'MXN',
  inr: 'INR',
  rupee: 'INR',
  rupees: 'INR',
  cny: 'CNY',
  yuan: 'CNY',
  rmb: 'CNY',
});
export const SIGNS: Record<string, CurrencyReading> = wordTable({
  $: { kind: 'supported', currency: 'USDC' },
  '€': { kind: 'supported', currency: 'EURC' },
  '£': { kind: 'unsupported', code: 'GBP' },
  '¥': { kind: 'unsupported', code: 'JPY' },
  '₿': { kind: 'unsupported', code: 'BTC' },
});
// Only codes may stand before the number ("USDC 120"); "dollars 20" is not English.
const PREFIX_CODES = new Set(['usdc', 'usd', 'eurc', 'eur', 'btc', 'eth', 'usdt']);
// Words that are also ordinary words or names count alone only after "in", "using"...
const NAME_LIKE_CURRENCY_WORDS = new Set(['sol', 'pound', 'pounds', 'franc', 'francs', 'quid']);
const INTRODUCERS = new Set(['in', 'using', 'with', 'via', 'into', 'as']);

const GLUED = new RegExp(
  `^(\\d[\\d,]*(?:\\.\\d+)?k?)(${[...Object.keys(SUPPORTED_WORDS), ...Object.keys(UNSUPPORTED_WORDS)].join('|')})$`,
);

export function readGluedAmount(lower: string) {
  const match = GLUED.exec(lower);
  if (!match) return undefined;
  const value = parseNumeral(match[1] ?? '');
  const reading = readingOf(match[2] ?? '');
  return value && reading ? { amount: value, currency: reading } : undefined;
}

function readingOf(code: string): CurrencyReading | undefined {
  const supported = SUPPORTED_WORDS[code] ?? SUPPORTED_PAIRS[code];
  if (supported) return { kind: 'supported', currency: supported };
  const unsupported = UNSUPPORTED_WORDS[code];
  return unsupported ? { kind: 'unsupported', code: unsupported } : undefined;
}

/** A currency sign or word at `index`: prefix forms ($, €, "USDC") or suffix forms. */
export function currencyAt(stream: TokenStream, index: number, position: 'prefix' | 'suffix') {
  if (stream.isUsed(index)) return undefined;
  const token = stream.tokens[index];
  if (!token) return undefined;
  if (SIGNS[token.lower]) {
    return { reading: SIGNS[token.lower] as CurrencyReading, length: 1 };
  }
  const code = token.lower.includes('.') ? token.lower.replace(/\./g, '') : token.lower;
  // Most words start no currency name: rule them out before building the pair.
  if (!CURRENCY_OPENERS.has(code)) return undefined;
  const next = stream.isUsed(index + 1) ? undefined : stream.tokens[index + 1];
  const pair = next ? readingOf(`${code} ${next.lower.replace(/\./g, '')}`) : undefined;
  if (pair && position === 'suffix') return { reading: pair, length: 2 };
  if (position === 'prefix' && !PREFIX_CODES.has(code)) return undefined;
  const reading = readingOf(code);
  return reading ? { reading, length: 1 } : undefined;
}

// The words a currency name can start with: a code or word alone, or the first of a pair.
const CURRENCY_OPENERS = new Set([
  ...Object.keys(SUPPORTED_WORDS),
  ...Object.keys(UNSUPPORTED_WORDS),
  ...Object.keys(SUPPORTED_PAIRS).map((pair) => pair.split(' ')[0] ?? ''),
]);
