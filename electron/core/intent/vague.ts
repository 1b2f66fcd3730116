import { isNumberWord } from './numbers';
import type { TokenStream } from './text';

/**
 * "about 50", "3 hundred or so", "20ish", "something like 40": a quantity the user isn't
 * sure of. ArcFlux never turns it into an amount; the payment asks how much exactly.
 * Only words right next to a number count, so "around 5pm" stays a (doubtful) time and
 * "like" in "I'd like to pay" stays glue. The words are consumed; returns whether any was
 * found.
 */
export function takeVagueQuantities(stream: TokenStream): boolean {
  let found = false;
  const isQuantity = (index: number) => {
    const token = stream.tokens[index];
    if (!token || stream.isUsed(index)) return false;
    if (/\d(?:am|pm|st|nd|rd|th)$|:/.test(token.lower)) return false;
    return /\d|^[$€£]$/.test(token.text) || isNumberWord(token.word);
  };
  for (const { first, last } of stream.matches(BEFORE)) {
    if (isQuantity(last)) {
      stream.consume(first, last);
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
    if (!stream.isUsed(index) && /^\$?\d+(?:\.\d+)?-?ish$/.test(token.lower)) {
      stream.consume(index, index + 1);
      found = true;
    }
  });
  return found;
}

const BEFORE =
  /\b(?:about|around|roughly|approximately|approx|circa|something like|somewhere around|somewhere near|more or less|maybe|perhaps|at least|at most|up to|no more than)\b|~/g;
const AFTER =
  /\b(?:or so|or thereabouts|give or take|more or less|ish|or more|or less|at most|at least)\b/g;
