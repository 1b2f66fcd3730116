import type { TokenStream } from './text';

/**
 * The words of a payment command that no pass explained. Every word must be accounted for:
 * an amount, a currency, a recipient, a schedule, the memo, or one of the closed list of
 * glue words below. Anything else (a misspelt "tomorrow", a "not", a "when I get paid")
 * could change what the user meant, so it becomes a question rather than being dropped.
 * Returned as written, in order, each once.
 */
export function unexplainedWords(stream: TokenStream): string[] {
  const words: string[] = [];
  stream.tokens.forEach((token, index) => {
    if (stream.isUsed(index) || !/[\p{L}\p{N}]/u.test(token.text)) return;
    if (GLUE_WORDS.has(token.word) || GLUE_WORDS.has(token.lower)) return;
    if (!words.includes(token.text)) words.push(token.text);
  });
  return words;
}

// Words that never change who is paid, how much, in what or when: the pay verbs (a
// payment was already recognised), politeness, pronouns, articles and prepositions whose
// phrase was read by another pass (or whose neighbour is flagged anyway). Negations,
// conditions ("when", "if", "unless"), quantities ("all", "rest", "half") and repetition
// words are deliberately absent: left over, they mean something was not understood.
const GLUE_WORDS = new Set(
  `pay paying send sending transfer transferring give giving wire wiring tip remit zap venmo
  reimburse payment please pls plz kindly can could would will you u i id i'd im i'm ive
  i've want wanna need like love to the my a an of and also some money cash funds it them
  him her me us our this that just ok okay hey hi hello yo arcflux assistant lets let's
  go ahead make do set up schedule scheduled with via using in on at by from amount sum
  quickly thanks thank thx so then there here um uh uhh er erm hmm well sure is be am
  oh alright gonna or`.split(/\s+/),
);
