import { wordTable } from './wordTable';
/**
 * Commands longer than this are refused rather than parsed: a spoken or typed payment
 * command is a sentence, and a payment's stored source text is capped at 500 characters.
 * The cap also bounds the parser's work on hostile input (10 kB pastes, repeated words).
 */
export const MAX_COMMAND_LENGTH = 500;

/**
 * Makes arbitrary text safe to parse: Unicode NFKC (full-width "１２０" becomes "120"),
 * lone surrogates replaced, control characters (NUL included) turned into spaces, and
 * invisible format characters (bidi overrides, zero-width joiners, BOM) removed so they
 * cannot hide or reorder words, curly apostrophes made straight. Runs of space collapse
 * to one.
 */
export function sanitizeCommand(text: string): string {
  // Printable ASCII has nothing to normalize, replace or remove; only spaces collapse.
  if (PRINTABLE_ASCII.test(text)) return text.replace(/ {2,}/g, ' ').trim();
  return text
    .replace(LONE_SURROGATE, '\uFFFD')
    .normalize('NFKC')
    .replace(/[‘’ʼ]/g, "'")
    .replace(/\p{Cc}/gu, ' ')
    .replace(/\p{Cf}/gu, '')
    .replace(/\s+/gu, ' ')
    .trim();
}

export interface Token {
  /** As written, after sanitizing: "Carol's". */
  readonly text: string;
  /** Lower case: "carol's". */
  readonly lower: string;
  /** Lower case without apostrophes, for name matching: "carols". */
  readonly word: string;
  /** `word` without a possessive ending: "carol". Equal to `word` when there is none. */
  readonly base: string;
  /** `word` and `base` without accents, for matching names typed without them. */
  readonly folded: string;
  readonly foldedBase: string;
  readonly start: number;
  readonly end: number;
}

/** A match of a pattern over the stream's view, as a range of token indices. */
export interface TokenMatch {
  readonly match: RegExpExecArray;
  readonly first: number;
  /** Exclusive. */
  readonly last: number;
}

/**
 * The sanitized command as tokens, with a record of which tokens an earlier pass has
 * already explained (a recipient, an amount, a schedule phrase). Later passes see those
 * tokens as "|" in the view, so no word is read twice and phrases never join across them.
 */
export class TokenStream {
  readonly tokens: readonly Token[];
  private readonly used: boolean[];
  private cachedView: { text: string; starts: number[]; ends: number[] } | undefined;

  constructor(readonly text: string) {
    this.tokens = tokenize(text);
    this.used = this.tokens.map(() => false);
  }

  /** Lower-case tokens joined by single spaces; consumed tokens read as "|". */
  get view(): string {
    return this.layout().text;
  }

  isUsed(index: number): boolean {
    return this.used[index] ?? true;
  }

  consume(first: number, last: number): void {
    for (let index = first; index < last; index += 1) this.used[index] = true;
    this.cachedView = undefined;
  }

  /** Every match of `pattern` (which must be global) over the view, mapped to tokens. */
  matches(pattern: RegExp): TokenMatch[] {
    const layout = this.layout();
    const found: TokenMatch[] = [];
    pattern.lastIndex = 0;
    for (let match = pattern.exec(layout.text); match; match = pattern.exec(layout.text)) {
      if (match[0].length === 0) {
        pattern.lastIndex += 1;
        continue;
      }
      const range = this.rangeOf(match.index, match.index + match[0].length);
      if (range) found.push({ match, ...range });
    }
    return found;
  }

  /** The tokens covering view offsets [from, to), or undefined if none does. */
  rangeOf(from: number, to: number): { first: number; last: number } | undefined {
    const { starts, ends } = this.layout();
    let first = -1;
    let last = -1;
    for (let index = 0; index < starts.length; index += 1) {
      if ((ends[index] ?? 0) > from && (starts[index] ?? 0) < to) {
        if (first < 0) first = index;
        last = index + 1;
      }
    }
    return first < 0 ? undefined : { first, last };
  }

  /** Where token `index` starts in the view. */
  offsetOf(index: number): number | undefined {
    return this.layout().starts[index];
  }

  /** The command's own words for tokens [first, last), as the user wrote them. */
  originalText(first: number, last: number): string {
    const start = this.tokens[first]?.start;
    const end = this.tokens[last - 1]?.end;
    return start === undefined || end === undefined ? '' : this.text.slice(start, end);
  }

  private layout() {
    if (this.cachedView) return this.cachedView;
    const starts: number[] = [];
    const ends: number[] = [];
    let text = '';
    this.tokens.forEach((token, index) => {
      if (index > 0) text += ' ';
      starts.push(text.length);
      text += this.used[index] ? '|' : token.lower;
      ends.push(text.length);
    });
    this.cachedView = { text, starts, ends };
    return this.cachedView;
  }
}

/**
 * One pattern that matches wherever any of `patterns` matches. A pass that tries many
 * patterns tests this once first: most commands match none, and one test of the union
 * costs a fraction of trying each. Exact, not a heuristic: the union of the very same
 * sources. All patterns must share their flags (besides "g").
 */
export function anyOf(patterns: readonly RegExp[]): RegExp {
  const flags = new Set(patterns.map((pattern) => pattern.flags.replace('g', '')));
  if (flags.size > 1)
    throw new Error(`anyOf: patterns with different flags (${[...flags].join(', ')})`);
  return new RegExp(
    patterns.map((pattern) => `(?:${pattern.source})`).join('|'),
    [...flags][0] ?? '',
  );
}

// A token is a currency sign, a run of letters and digits that may hold inner
// punctuation ("1,250.00", "12/15", "8:30am", "carol's", "twenty-five") and, after a
// letter, a closing apostrophe ("james'"), or any other single character. Lower-casing is per character so offsets stay those of the text.
const TOKEN_PATTERN =
  /[$€£¥₿]|[\p{L}\p{N}\p{M}]+(?:[.,:/'’-][\p{L}\p{N}\p{M}]+)*(?:(?<=\p{L})['’])?|[^\s\p{L}\p{N}\p{M}]/gu;

// TOKEN_PATTERN for text that is all printable ASCII, where the Unicode classes reduce to
// these and the pattern runs several times faster.
const ASCII_TOKEN_PATTERN =
  /[$]|[A-Za-z0-9]+(?:[.,:/'-][A-Za-z0-9]+)*(?:(?<=[A-Za-z])')?|[^\sA-Za-z0-9]/g;

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Shorthand people type for date words, read as the word itself by every pass ("tmrw" is
 * "tomorrow" to chrono). The user's own spelling stays in `text`.
 */
const SHORTHAND: Record<string, string> = wordTable({
  tmrw: 'tomorrow',
  tmr: 'tomorrow',
  tmw: 'tomorrow',
  tmrow: 'tomorrow',
  '2morrow': 'tomorrow',
  '2moro': 'tomorrow',
  '2mrw': 'tomorrow',
  tues: 'tuesday',
  weds: 'wednesday',
  thurs: 'thursday',
  thur: 'thursday',
  wk: 'week',
  wks: 'weeks',
  mins: 'minutes',
  hrs: 'hours',
});

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const pattern = PRINTABLE_ASCII.test(text) ? ASCII_TOKEN_PATTERN : TOKEN_PATTERN;
  for (const match of text.matchAll(pattern)) {
    const raw = match[0];
    const written = lowerCase(raw);
    const lower = SHORTHAND[written] ?? written;
    // Most tokens have no apostrophe, and so no possessive ending either.
    const apostrophe = lower.includes("'") || lower.includes('’');
    const word = apostrophe ? lower.replace(/['’]/g, '') : lower;
    const base = apostrophe ? possessiveBase(lower, word) : word;
    const folded = foldAccents(word);
    tokens.push({
      text: raw,
      lower,
      word,
      base,
      folded,
      foldedBase: base === word ? folded : foldAccents(base),
      start: match.index,
      end: match.index + raw.length,
    });
  }
  return tokens;
}

/** "José" -> "jose": accents don't distinguish names people type without them. */
export function foldAccents(word: string): string {
  // Most words are ASCII; skip the normalization for them.
  return /^[a-z0-9'-]*$/.test(word) ? word : word.normalize('NFD').replace(/\p{M}/gu, '');
}

function lowerCase(text: string): string {
  const lowered = text.toLowerCase();
  // Some characters change length when lower-cased ("İ"); keep those as written.
  if (lowered.length === text.length) return lowered;
  return Array.from(text, (character) => {
    const lower = character.toLowerCase();
    return lower.length === character.length ? lower : character;
  }).join('');
}

function possessiveBase(lower: string, word: string): string {
  if (/['’]s$/.test(lower)) return lower.slice(0, -2).replace(/['’]/g, '');
  if (/s['’]$/.test(lower)) return lower.slice(0, -1).replace(/['’]/g, '');
  return word;
}
