import { toMinorUnits } from '../../../shared/money';

/**
 * The narrative a model wrote, if every checkable claim in it is found in `facts`;
 * undefined otherwise. Checkable claims are numbers (amounts, percentages, times,
 * years), currencies, month and weekday names, relative days, and capitalised words
 * (names). A narrative also may not speak about decisions (approve, deny, score,
 * confirm or not), tell the user what to do, judge whether the payment is safe, or carry
 * markup: it explains, it never decides, advises or instructs. Anything
 * in doubt drops the narrative; the deterministic text is always there instead.
 */
export function checkNarrative(
  text: string,
  facts: readonly string[],
  options: { knownNames: readonly string[] } = { knownNames: [] },
): string | undefined {
  const narrative = text.replace(/\s+/g, ' ').trim();
  if (narrative.length === 0 || narrative.length > MAX_NARRATIVE) return undefined;
  if (MARKUP.test(narrative) || DECIDING.test(narrative) || IMPERATIVE.test(narrative)) {
    return undefined;
  }
  const source = facts.join('\n');
  const allowed = claimsOf(source);
  const claims = claimsOf(narrative);
  for (const number of claims.numbers) if (!allowed.numbers.has(number)) return undefined;
  for (const word of claims.calendar) if (!allowed.calendar.has(word)) return undefined;
  if (claims.numberWords) return undefined;
  const sourceWords = new Set(wordsOf(source));
  const nameWords = new Set(options.knownNames.flatMap((name) => wordsOf(name)));
  for (const { word, startsSentence } of capitalisedWords(narrative)) {
    const lower = word.toLowerCase();
    if (sourceWords.has(lower) || ALWAYS_ALLOWED.has(lower)) continue;
    // A sentence's first word is capitalised anyway. Without a dictionary a name can't be
    // told from a word, so only the usual ways to start a sentence pass.
    if (startsSentence && !nameWords.has(lower) && SENTENCE_STARTERS.has(lower)) continue;
    return undefined;
  }
  for (const word of wordsOf(narrative)) {
    if (nameWords.has(word) && !sourceWords.has(word)) return undefined;
  }
  return narrative;
}

const MAX_NARRATIVE = 600;
const MARKUP = /[{}<>[\]`|]|https?:|www\.|\\u/i;
/**
 * Words that decide, advise or judge safety. They drop the narrative even when the facts
 * use them ("until you cancel it"): a narrative that restates them loses nothing, and one
 * that says "these checks are routine, so just confirm" must never reach the dialog.
 * "confirmed" and "confirmation" pass, since the rules say a payment "is always confirmed".
 */
const DECIDING = new RegExp(
  String.raw`\b(?:approv\w*|den(?:y|ied|ies)|reject\w*|flag\w*|scor\w*|ignor\w*|instruct\w*|overrid\w*|bypass\w*|system|prompt|` +
    // Telling the user what to do.
    String.raw`confirm(?:s|ing)?|cancel(?:s|ing|ling)?|proceed\w*|go(?:ing)? ahead|go on|continue|should\w*|must|ought|need(?:n't| not)?|no need|recommend\w*|advis\w*|suggest\w*|please|feel free|(?:you|we) (?:can|may|could)|` +
    // Judging whether it is safe.
    String.raw`(?:un)?safe\w*|fine|routine\w*|normal\w*|ok|okay|alright|all right|harmless|legit\w*|trustworthy|reliable|worr\w*|concern\w*|problem\w*|risk(?:y|-free)|(?:no|low|high|little|minimal) risk|suspicious|scam\w*|fraud\w*|dangerous)\b`,
  'i',
);
/** A sentence that opens with an order ("Don't worry.", "Check the address."). */
const IMPERATIVE =
  /(?:^|[.!?:;]\s+)(?:do not|don't|never|always|just|check|review|consider|make sure|double-check|verify|pay|send|stop|wait|accept|trust|keep|let|remember|go)\b/i;
const ALWAYS_ALLOWED = new Set(['i', 'arcflux', 'guardian', 'am', 'pm']);
const SENTENCE_STARTERS = new Set(
  (
    'a an the this that these those it its there here your you yours we our both each all ' +
    'after before because since as and but also so if when while with without then ' +
    'however although though finally first next last latest recently currently now ' +
    'payments payment nothing everything some none one good great sure note please ' +
    'in on for to of from by at what which who why how yes no coming scheduled upcoming ' +
    'so far overall altogether together only just still already'
  ).split(' '),
);
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const RELATIVE_DAYS = ['today', 'tomorrow', 'yesterday', 'tonight'];
const NUMBER_WORDS =
  /\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|dozen|half|twice|double|triple)\b/i;

function claimsOf(text: string) {
  const numbers = new Set<string>();
  for (const match of text.replace(/(\d),(?=\d{3})/g, '$1').matchAll(/\d+(?:\.\d+)?/g)) {
    numbers.add(canonicalNumber(match[0]));
  }
  const calendar = new Set<string>();
  for (const word of wordsOf(text)) {
    const stem = word.slice(0, 3);
    if (RELATIVE_DAYS.includes(word)) calendar.add(word);
    else if (MONTHS.includes(stem) && MONTH_NAME.test(word)) calendar.add(stem);
    else if (DAYS.includes(stem) && DAY_NAME.test(word)) calendar.add(stem);
  }
  return { numbers, calendar, numberWords: NUMBER_WORDS.test(text) };
}

const MONTH_NAME =
  /^(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)$/;
const DAY_NAME =
  /^(?:mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:rs|rsday)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)$/;

/** "5.00" and "5" are one number; so are "0.50" and ".5". */
function canonicalNumber(text: string): string {
  try {
    return String(toMinorUnits(text));
  } catch {
    return text;
  }
}

function wordsOf(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '');
}

function capitalisedWords(text: string): { word: string; startsSentence: boolean }[] {
  const found: { word: string; startsSentence: boolean }[] = [];
  for (const match of text.matchAll(/\p{L}[\p{L}\p{N}'’-]*/gu)) {
    const word = match[0];
    if (!/^\p{Lu}/u.test(word)) continue;
    const before = text.slice(0, match.index).trimEnd();
    const startsSentence = before === '' || /[.!?:]$/.test(before);
    for (const part of word.split(/['’-]/)) {
      if (/^\p{Lu}/u.test(part)) found.push({ word: part, startsSentence });
    }
  }
  return found;
}
