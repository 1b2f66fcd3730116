import { closestWord, SCHEDULE_WORDS } from './suggestions';
import type { TokenStream } from './text';

/**
 * The memo: "for dinner", "memo: March rent". Taken after amounts, names and schedules,
 * so "for 6 months" is already a bound and never a memo. Stops at the first word an
 * earlier pass explained, except words `mayCross` allows: a name that isn't the payee,
 * as in "pay Alice 20 for the bakery order".
 */
export function takeMemo(
  stream: TokenStream,
  mayCross: (index: number) => boolean = () => false,
): string | undefined {
  const open = (index: number) => !stream.isUsed(index) || mayCross(index);
  for (let index = 0; index < stream.tokens.length; index += 1) {
    const lower = stream.tokens[index]?.lower ?? '';
    if (stream.isUsed(index) || !MEMO_INTRODUCERS.has(lower)) continue;
    let first = index + 1;
    if (stream.tokens[first]?.lower === ':') first += 1;
    while (first < stream.tokens.length && open(first) && isArticle(stream, first)) first += 1;
    let last = first;
    while (last < stream.tokens.length && open(last) && !isMemoEnd(stream, last)) last += 1;
    while (last > first && !isWord(stream, last - 1)) last -= 1;
    if (last === first) continue;
    stream.consume(index, last);
    return stream.originalText(first, last).slice(0, 140);
  }
  return undefined;
}

/**
 * What the payment is for, said as a bare noun rather than "for ...": "rent 1500 to my
 * landlord", "pay bob 20 dinner". Only nouns of a closed list of everyday purposes count,
 * so any other leftover word is still asked about.
 */
export function takePurposeMemo(stream: TokenStream): string | undefined {
  const index = stream.tokens.findIndex(
    (token, position) => !stream.isUsed(position) && PURPOSE_NOUNS.has(token.word),
  );
  if (index < 0) return undefined;
  stream.consume(index, index + 1);
  return stream.originalText(index, index + 1);
}

const PURPOSE_NOUNS = new Set(
  `rent dinner lunch breakfast brunch coffee drinks groceries grocery utilities electricity
  gas water internet phone tuition childcare babysitting allowance pocket gift birthday
  tickets ticket subscription insurance mortgage loan repayment refund deposit tips fare
  taxi uber parking fuel snacks pizza tacos movie movies concert`.split(/\s+/),
);

/**
 * An explicit memo, "memo: December rent" or "note: thanks!", taken before dates are read
 * so its words aren't read as a schedule. It runs to the end of the sentence.
 */
export function takeExplicitMemo(stream: TokenStream): string | undefined {
  for (const { first, last } of stream.matches(EXPLICIT_MEMO)) {
    let end = last;
    while (
      end < stream.tokens.length &&
      !stream.isUsed(end) &&
      !SENTENCE_ENDS.has(stream.tokens[end]?.lower ?? '')
    ) {
      end += 1;
    }
    if (end === last) continue;
    stream.consume(first, end);
    return stream.originalText(last, end).slice(0, 140);
  }
  return undefined;
}

/**
 * Words left over that may name someone we don't know: "pay Zed 20" leaves "Zed". The
 * group after "to" wins, then the one after a pay verb, then the first. Fillers such as
 * "please", "my", "money" are never a name, and neither is a word a slip away from a date
 * or repetition word ("tommorow"): that is asked about as a word, not as a person.
 */
export function leftoverName(
  stream: TokenStream,
  afterToOnly = false,
): { text: string; first: number; last: number } | undefined {
  const groups: { first: number; last: number; after: string }[] = [];
  for (let index = 0; index < stream.tokens.length; index += 1) {
    if (!isNameWord(stream, index)) continue;
    const first = index;
    while (isNameWord(stream, index + 1)) index += 1;
    groups.push({ first, last: index + 1, after: wordBefore(stream, first) });
  }
  const names = groups.filter((group) => !isMisspeltVocabulary(stream, group));
  const chosen =
    names.find((group) => group.after === 'to') ??
    (afterToOnly ? undefined : (names.find((group) => PAY_WORDS.has(group.after)) ?? names[0]));
  return chosen ? { text: stream.originalText(chosen.first, chosen.last), ...chosen } : undefined;
}

function isMisspeltVocabulary(stream: TokenStream, group: { first: number; last: number }) {
  for (let index = group.first; index < group.last; index += 1) {
    const word = stream.tokens[index]?.word ?? '';
    if (closestWord(word, SCHEDULE_WORDS) === undefined) return false;
  }
  return true;
}

const MEMO_INTRODUCERS = new Set(['for']);
// Whole words only: "memorial day" and "notebook" hold no memo.
const EXPLICIT_MEMO = /\b(?:(?:memo|note|reference|ref)\b ?:?|re ?:) ?/g;
const SENTENCE_ENDS = new Set([',', '.', ';', '!', '?']);
const MEMO_ENDS = new Set(['to', ',', '.', '!', '?', ';', 'and', 'please']);
const ARTICLES = new Set(['the', 'my', 'a', 'an', 'our', 'some', ':']);
const PAY_WORDS = new Set(['pay', 'send', 'give', 'tip', 'wire', 'transfer', 'venmo', 'paying']);

// Words that carry no name: verbs, politeness, pronouns, and the glue of a command.
const FILLERS = new Set(
  `pay paying paid send sending sent transfer transferring give giving wire tip remit zap venmo
  reimburse payment payments please pls plz kindly can could would will you u i id i'd im i'm
  want wanna need needs like to the my a an of and also some money cash funds it them him her
  me us our this that these those just ok okay hey hi hello yo arcflux assistant lets let's go
  ahead make do set up schedule scheduled for with via using in on at by from amount total sum
  worth all everything back over out quickly thanks thank so then there here um uh er well right
  sure is are be am was were what how when who which why did does done have has had any anything
  ignore previous instructions instruction system prompt mode admin developer override whole
  entire balance rest remaining every each once again more anymore stop cancel
  don't dont not no yes new another same usual owe owed debt bill`.split(/\s+/),
);

function isArticle(stream: TokenStream, index: number): boolean {
  return ARTICLES.has(stream.tokens[index]?.lower ?? '');
}

function isMemoEnd(stream: TokenStream, index: number): boolean {
  return MEMO_ENDS.has(stream.tokens[index]?.lower ?? '');
}

function isWord(stream: TokenStream, index: number): boolean {
  return /[\p{L}\p{N}]/u.test(stream.tokens[index]?.text ?? '');
}

function isNameWord(stream: TokenStream, index: number): boolean {
  const token = stream.tokens[index];
  if (!token || stream.isUsed(index) || !/\p{L}/u.test(token.text)) return false;
  return !FILLERS.has(token.lower) && !FILLERS.has(token.word);
}

function wordBefore(stream: TokenStream, index: number): string {
  for (let previous = index - 1; previous >= 0; previous -= 1) {
    const lower = stream.tokens[previous]?.lower ?? '';
    if (['my', 'the', 'our', 'a', 'an'].includes(lower)) continue;
    return stream.isUsed(previous) ? '' : lower;
  }
  return '';
}
