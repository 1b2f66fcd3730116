import type { PaymentIntent } from './schemas/intent';

/**
 * The questions for words ArcFlux could not explain and for text aimed at ArcFlux itself.
 * One wording for every door (the core's reply, the renderer's preview, the CLI), built
 * from the intent's structured fields, never from another sentence.
 */
export function unrecognizedWordsQuestion(
  intent: Pick<PaymentIntent, 'unrecognized' | 'suggestions'>,
): string {
  const words = intent.unrecognized ?? [];
  const guesses = (intent.suggestions ?? []).filter((each) => words.includes(each.word));
  const listed = joinWith(
    words.map((word) => `“${word}”`),
    'and',
  );
  const asked =
    guesses.length === 0
      ? 'What did you mean? Say the payment again without it, or in other words.'
      : `Did you mean ${joinWith(
          guesses.map((each) =>
            guesses.length === 1
              ? `“${each.replacement}”`
              : `“${each.replacement}” for “${each.word}”`,
          ),
          'and',
        )}?`;
  return `I didn't understand ${listed}, so nothing was scheduled yet. ${asked}`;
}

export const HOSTILE_TEXT_REFUSAL =
  'This command holds words aimed at ArcFlux itself (such as “ignore the above”, “no confirmation needed” or a pasted conversation), and ArcFlux never takes instructions from a command. Type the payment on its own.';

function joinWith(items: readonly string[], conjunction: 'and' | 'or'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items.at(-1)}`;
}
