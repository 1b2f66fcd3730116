import { wordTable } from './wordTable';
/**
 * Exact numbers from words and numerals. Values are kept as a bigint of units at a
 * decimal scale, never as a JS float, so "0.1 + 0.2" style errors cannot reach money.
 */
export interface Decimal {
  readonly units: bigint;
  /** Digits after the decimal point: value = units / 10^scale. */
  readonly scale: number;
}

/** True for any word that can be part of a spoken number ("twenty", "hundred", "k"). */
export function isNumberWord(word: string): boolean {
  return word in UNITS || word in TEENS || word in TENS || word in SCALES || word === 'hundred';
}

/** "120", "1,250", "75.25", "1.5k", "2K": a numeral token. Grouping commas must be exact. */
export function parseNumeral(text: string): Decimal | undefined {
  const match = NUMERAL.exec(text.toLowerCase());
  if (!match) return undefined;
  const [, whole = '0', fraction = '', thousands] = match;
  const value = { units: BigInt(whole.replace(/,/g, '') + fraction), scale: fraction.length };
  return thousands ? multiply(value, 1000n) : value;
}

/** A token that looks numeric but isn't a valid numeral ("1,25", "1.2.3", "1e3", "20-30"). */
export function isMalformedNumeral(text: string): boolean {
  return /^\d[\d.,]*(?:k|e[+-]?\d+|(?:-\d[\d.,]*)+)?$/i.test(text) && !parseNumeral(text);
}

/**
 * A whole spoken number: "twenty five", "one hundred and twenty", "a hundred",
 * "3 hundred", "1.5 thousand", "twelve point five". Returns undefined unless every word
 * fits the grammar, so "two twenty" is not read as 22.
 */
export function parseNumberPhrase(words: readonly string[]): Decimal | undefined {
  const parts = words.flatMap((word) => (word.includes('-') ? word.split('-') : [word]));
  if (parts.length === 0) return undefined;
  // "two and a half", "one and a half grand": a half more, of the scale said after it.
  const half = parts.findIndex(
    (word, index) => word === 'and' && parts[index + 1] === 'a' && parts[index + 2] === 'half',
  );
  if (half > 0) {
    const tail = parts.slice(half + 3);
    const scale = tail.length === 1 ? SCALES[tail[0] ?? ''] : tail.length === 0 ? 1 : undefined;
    const whole = parseNumberPhrase(parts.slice(0, half));
    if (!whole || whole.scale !== 0 || scale === undefined) return undefined;
    const halves = (whole.units * 2n + 1n) * BigInt(scale);
    return halves % 2n === 0n ? { units: halves / 2n, scale: 0 } : { units: halves * 5n, scale: 1 };
  }
  let total: Decimal = { units: 0n, scale: 0 };
  let group: Decimal = { units: 0n, scale: 0 };
  let last: 'start' | 'unit' | 'teen' | 'ten' | 'hundred' | 'scale' | 'and' | 'numeral' | 'a' =
    'start';
  let lastScale = Infinity;
  for (let index = 0; index < parts.length; index += 1) {
    const word = parts[index] ?? '';
    const numeral = parseNumeral(word);
    if (numeral && last === 'start') {
      group = numeral;
      last = 'numeral';
    } else if ((word === 'a' || word === 'an') && last === 'start') {
      group = { units: 1n, scale: 0 };
      last = 'a';
    } else if (word in UNITS && ['start', 'ten', 'hundred', 'scale', 'and'].includes(last)) {
      group = add(group, integer(UNITS[word] ?? 0));
      last = 'unit';
    } else if (word in TEENS && ['start', 'hundred', 'scale', 'and'].includes(last)) {
      group = add(group, integer(TEENS[word] ?? 0));
      last = 'teen';
    } else if (word in TENS && ['start', 'hundred', 'scale', 'and'].includes(last)) {
      group = add(group, integer(TENS[word] ?? 0));
      last = 'ten';
    } else if (word === 'hundred' && ['unit', 'teen', 'numeral', 'a'].includes(last)) {
      if (compare(group, integer(100)) >= 0 && last !== 'numeral') return undefined;
      group = multiply(group, 100n);
      last = 'hundred';
    } else if (
      word in SCALES &&
      ['unit', 'teen', 'ten', 'hundred', 'numeral', 'a'].includes(last)
    ) {
      const scale = SCALES[word] ?? 1;
      if (scale >= lastScale) return undefined;
      total = add(total, multiply(group, BigInt(scale)));
      group = { units: 0n, scale: 0 };
      lastScale = scale;
      last = 'scale';
    } else if (word === 'and' && (last === 'hundred' || last === 'scale')) {
      last = 'and';
    } else if (
      word === 'point' &&
      (['unit', 'teen', 'ten', 'hundred', 'scale'].includes(last) ||
        (last === 'numeral' && group.scale === 0))
    ) {
      // "twelve point five", "15 point 25": the digits after the point, spoken or written.
      const digits = parts
        .slice(index + 1)
        .flatMap((digit) => (/^\d+$/.test(digit) ? digit.split('') : [DIGIT_WORDS[digit]]));
      if (digits.length === 0 || digits.some((digit) => digit === undefined)) return undefined;
      const fraction = { units: BigInt(digits.join('')), scale: digits.length };
      return add(add(total, group), fraction);
    } else {
      return undefined;
    }
  }
  if (last === 'and' || last === 'a') return undefined;
  return add(total, group);
}

/** The canonical decimal text: "1500", "75.25", "0.5"; no trailing zeros. */
export function formatDecimal(value: Decimal): string {
  const digits = value.units.toString().padStart(value.scale + 1, '0');
  const whole = digits.slice(0, digits.length - value.scale);
  const fraction = digits.slice(digits.length - value.scale).replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole;
}

/** The English word for 0-20 ("two" for 2), or undefined past that. */
export function smallNumberName(value: number): string | undefined {
  return SMALL_NUMBER_NAMES[value];
}

/** Small counts for intervals and bounds: "3", "three", "a", "other" (= 2). */
export function parseCount(word: string): number | undefined {
  if (/^\d{1,3}$/.test(word)) return Number(word);
  if (word === 'a' || word === 'an' || word === 'one') return 1;
  if (word === 'other') return 2;
  const value = parseNumberPhrase(word.split(' '));
  if (!value || value.scale !== 0 || value.units > 999n) return undefined;
  return Number(value.units);
}

/** Pattern source for `parseCount` words, for use inside larger grammars. */
export const COUNT_PATTERN =
  '(?:\\d{1,3}|a|an|other|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|(?:twenty|thirty)[- ](?:one|two|three|four|five|six|seven|eight|nine))';

/** Day-of-month ordinals: "1st", "15th", "first", "twenty-first", "thirty first". */
export function parseOrdinal(text: string): number | undefined {
  const numeric = /^(\d{1,2})(?:st|nd|rd|th)?$/.exec(text);
  if (numeric) return Number(numeric[1]);
  const [head, tail] = text.split(/[- ]/);
  if (tail === undefined) return ORDINALS[text];
  const tens = head === 'twenty' ? 20 : head === 'thirty' ? 30 : undefined;
  const unit = ORDINALS[tail];
  return tens !== undefined && unit !== undefined && unit < 10 ? tens + unit : undefined;
}

export const ORDINAL_PATTERN =
  '(?:\\d{1,2}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth|(?:twenty|thirty)[- ](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth))';

const NUMERAL = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(k)?$/;

const UNITS: Record<string, number> = wordTable({
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
});
const TEENS: Record<string, number> = wordTable({
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
});
const TENS: Record<string, number> = wordTable({
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
});
const SMALL_NUMBER_NAMES: readonly string[] = Object.entries({ ...UNITS, ...TEENS, twenty: 20 })
  .sort(([, left], [, right]) => left - right)
  .map(([word]) => word);
const SCALES: Record<string, number> = wordTable({
  thousand: 1_000,
  k: 1_000,
  grand: 1_000,
  million: 1_000_000,
  billion: 1_000_000_000,
});
const DIGIT_WORDS: Record<string, string> = wordTable(
  Object.fromEntries([
    ...Object.entries(UNITS).map(([word, value]) => [word, String(value)]),
    ...Array.from({ length: 10 }, (_, digit) => [String(digit), String(digit)]),
    ['oh', '0'],
  ]),
);
const ORDINALS: Record<string, number> = wordTable({
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
  eighth: 8,
  ninth: 9,
  tenth: 10,
  eleventh: 11,
  twelfth: 12,
  thirteenth: 13,
  fourteenth: 14,
  fifteenth: 15,
  sixteenth: 16,
  seventeenth: 17,
  eighteenth: 18,
  nineteenth: 19,
  twentieth: 20,
  thirtieth: 30,
});

function integer(value: number): Decimal {
  return { units: BigInt(value), scale: 0 };
}

function add(left: Decimal, right: Decimal): Decimal {
  const scale = Math.max(left.scale, right.scale);
  return { units: rescale(left, scale) + rescale(right, scale), scale };
}

function multiply(value: Decimal, factor: bigint): Decimal {
  return { units: value.units * factor, scale: value.scale };
}

function compare(left: Decimal, right: Decimal): number {
  const scale = Math.max(left.scale, right.scale);
  const difference = rescale(left, scale) - rescale(right, scale);
  return difference === 0n ? 0 : difference < 0n ? -1 : 1;
}

function rescale(value: Decimal, scale: number): bigint {
  return value.units * 10n ** BigInt(scale - value.scale);
}
