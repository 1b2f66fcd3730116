import type { WordSuggestion } from '../../../shared/schemas/intent';

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

/**
 * The closest word to `word` among `candidates`, when it is close enough to be a slip of
 * the keyboard or the ear: one edit for words of four or five letters, two for longer
 * ones, none for shorter ones (too many short words are one edit apart). Ties go to the
 * earlier candidate; an exact match is not a suggestion.
 */
export function closestWord(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
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

/** Suggestions for unexplained words, from the schedule and money vocabulary. */
export function suggestFor(words: readonly string[]): WordSuggestion[] {
  const suggestions: WordSuggestion[] = [];
  for (const word of words) {
    const replacement = closestWord(word, [...SCHEDULE_WORDS, ...MONEY_WORDS]);
    if (replacement) suggestions.push({ word, replacement });
  }
  return suggestions;
}

/**
 * Optimal string alignment distance: insertions, deletions, substitutions and swaps of
 * two neighbouring letters ("thrusday" is one swap from "thursday") each count one.
 */
export function editDistance(left: string, right: string): number {
  const rows = left.length + 1;
  const columns = right.length + 1;
  const table: number[][] = Array.from({ length: rows }, (_, row) =>
    Array.from({ length: columns }, (_, column) => (row === 0 ? column : column === 0 ? row : 0)),
  );
  for (let row = 1; row < rows; row += 1) {
    for (let column = 1; column < columns; column += 1) {
      const cost = left[row - 1] === right[column - 1] ? 0 : 1;
      let best = Math.min(
        (table[row - 1]?.[column] ?? 0) + 1,
        (table[row]?.[column - 1] ?? 0) + 1,
        (table[row - 1]?.[column - 1] ?? 0) + cost,
      );
      if (
        row > 1 &&
        column > 1 &&
        left[row - 1] === right[column - 2] &&
        left[row - 2] === right[column - 1]
      ) {
        best = Math.min(best, (table[row - 2]?.[column - 2] ?? 0) + 1);
      }
      const current = table[row];
      if (current) current[column] = best;
    }
  }
  return table[rows - 1]?.[columns - 1] ?? 0;
}
