import { isNumberWord, parseNumberPhrase } from './numbers';
import { anyOf, type TokenStream } from './text';

/**
 * "about 50", "3 hundred or so", "20ish", "something like 40": a quantity the user isn't
 * sure of. ArcFlux never turns it into an amount; the payment asks how much exactly.
 * Only words right next to a number count, so "around 5pm" stays a (doubtful) time and
 * "like" in "I'd like to pay" stays glue. The words are consumed; returns whether any was
 * found.
 */
export function takeVagueQuantities(stream: TokenStream): boolean {
  let found = false;
  if (!MAY_BE_VAGUE.test(stream.view)) return found;
  const isQuantity = (index: number) => {
    const token = stream.tokens[index];
    if (!token || stream.isUsed(index)) return false;
    if (/\d(?:am|pm|st|nd|rd|th)$|:/.test(token.lower)) return false;
    return /\d|^[$€£]$/.test(token.text) || isNumberWord(token.word);
  };
  for (const { first, last } of stream.matches(BEFORE)) {
    if (isQuantity(last)) {
      // "a couple hundred": number words that aren't a number alone go with the guess.
      let end = last;
      while (isQuantity(end) && isNumberWord(stream.tokens[end]?.word ?? '')) end += 1;
      const words = stream.tokens.slice(last, end).map((token) => token.word);
      stream.consume(first, end > last && !parseNumberPhrase(words) ? end : last);
      found = true;
    }
  }
  for (const { first, last } of stream.matches(AFTER)) {
    if (isQuantity(first - 1)) {
      stream.consume(first, last);
      found = true;
    }
  }
  stream.tokens.forEach((token, index) => {
    const stem = /^(.+?)-?ish$/.exec(token.lower)?.[1] ?? '';
    const approximate = /^\$?\d+(?:\.\d+)?$/.test(stem) || stem.split('-').every(isNumberWord);
    if (!stream.isUsed(index) && stem && approximate) {
      stream.consume(index, index + 1);
      found = true;
    }
  });
  return found;
}

// "like 20" and "a couple hundred" too: said before a number, they make it a guess.
const BEFORE =
  /\b(?:about|around|roughly|approximately|approx|circa|something like|like|somewhere around|somewhere near|more or less|maybe|perhaps|at least|at most|up to|no more than|just over|just under|a little over|a little under|a bit over|a bit under|a couple(?: of)?|a few|several|a handful of)\b|~/g;
const AFTER =
  /\b(?:or so|or thereabouts|give or take|more or less|ish|or more|or less|at most|at least)\b/g;
// Most commands are exact: one test lets them skip the token-by-token reading.
const MAY_BE_VAGUE = anyOf([BEFORE, AFTER, /ish\b/g]);
