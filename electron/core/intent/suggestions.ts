import type { WordSuggestion } from '../../../shared/schemas/intent';
import { wordTable } from './wordTable';

/**
 * Words a misspelling most often stands for in a payment command: when, how often, and
 * in what. A word ArcFlux can't read is compared with these (and with the user's contact
 * names) so the question can say "Did you mean 'tomorrow'?". Nothing here is applied on
 * its own: a suggestion only ever reaches the user as a question.
 */
export const SCHEDULE_WORDS = [
  'today',
  'tonight',
  'tomorrow',
  'yesterday',
  'next',
  'week',
  'weekend',
  'month',
  'year',
  'morning',
  'afternoon',
  'evening',
  'noon',
  'midnight',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
  'every',
  'daily',
  'weekly',
  'monthly',
  'yearly',
  'annually',
  'quarterly',
  'semiannually',
  'hourly',
  'nightly',
  'biweekly',
  'fortnightly',
  'weekday',
  'weekdays',
  'until',
  'after',
  'before',
  'starting',
  'times',
  'twice',
  'hours',
  'minutes',
] as const;

export const MONEY_WORDS = ['usdc', 'eurc', 'dollars', 'euros', 'cents'] as const;

const VOCABULARY: readonly string[] = [...SCHEDULE_WORDS, ...MONEY_WORDS];

/**
 * The closest word to `word` among `candidates`, when it is close enough to be a slip of
 * the keyboard or the ear: one edit for words of four or five letters, two for longer
 * ones, none for shorter ones (too many short words are one edit apart). Ties go to the
 * earlier candidate; an exact match is not a suggestion.
 */
export function closestWord(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  // The same vocabulary lists are searched for the same words command after command.
  let cache = CLOSEST.get(candidates);
  if (!cache) CLOSEST.set(candidates, (cache = new Map()));
  const known = cache.get(lower);
  if (known !== undefined) return known ?? undefined;
  const found = searchClosest(lower, candidates);
  if (cache.size >= 2_000) cache.clear();
  cache.set(lower, found ?? null);
  return found;
}

/** Per list of candidates (held weakly: a list built for one command goes with it). */
const CLOSEST = new WeakMap<readonly string[], Map<string, string | null>>();

function searchClosest(lower: string, candidates: readonly string[]): string | undefined {
  const allowed = lower.length >= 6 ? 2 : lower.length >= 4 ? 1 : 0;
  if (allowed === 0) return undefined;
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const target = candidate.toLowerCase();
    if (target === lower || Math.abs(target.length - lower.length) > allowed) continue;
    const distance = editDistance(lower, target);
    if (distance <= allowed && (!best || distance < best.distance)) {
      best = { candidate, distance };
    }
  }
  return best?.candidate;
}

/**
 * Short forms too far from their word for an edit distance, but never read on their own:
 * "nxt friday" could be this Friday or the one after, so it is asked about, with the word.
 */
const SHORT_FORMS: Record<string, string> = wordTable({
  nxt: 'next',
  evry: 'every',
  evey: 'every',
});

/** Suggestions for unexplained words, from the schedule and money vocabulary. */
export function suggestFor(words: readonly string[]): WordSuggestion[] {
  const suggestions: WordSuggestion[] = [];
  for (const word of words) {
    const replacement = SHORT_FORMS[word.toLowerCase()] ?? closestWord(word, VOCABULARY);
    if (replacement) suggestions.push({ word, replacement });
  }
  return suggestions;
}

/**
 * Optimal string alignment distance: insertions, deletions, substitutions and swaps of
 * two neighbouring letters ("thrusday" is one swap from "thursday") each count one.
 * Three rows of the table are enough; it runs for every unexplained word of a command.
 */
export function editDistance(left: string, right: string): number {
  let before = new Int32Array(right.length + 1);
  let previous = Int32Array.from({ length: right.length + 1 }, (_, column) => column);
  let current = new Int32Array(right.length + 1);
  for (let row = 1; row <= left.length; row += 1) {
    current[0] = row;
    for (let column = 1; column <= right.length; column += 1) {
      const cost = left[row - 1] === right[column - 1] ? 0 : 1;
      let best = Math.min(
        (previous[column] ?? 0) + 1,
        (current[column - 1] ?? 0) + 1,
        (previous[column - 1] ?? 0) + cost,
      );
      if (
        row > 1 &&
        column > 1 &&
        left[row - 1] === right[column - 2] &&
        left[row - 2] === right[column - 1]
      ) {
        best = Math.min(best, (before[column - 2] ?? 0) + 1);
      }
      current[column] = best;
    }
    [before, previous, current] = [previous, current, before];
  }
  return previous[right.length] ?? 0;
}
