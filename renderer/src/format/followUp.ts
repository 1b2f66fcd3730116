import { CURRENCIES } from '../../../shared/money';
import type { IntentProblem, PaymentIntent } from '../../../shared/schemas/intent';
import { HOSTILE_TEXT_REFUSAL, unrecognizedWordsQuestion } from '../../../shared/wordQuestions';

/**
 * The question ArcFlux asks for each problem in a payment it can't make as stated, so
 * the preview asks rather than guesses. `nameOf` turns user ids into display names.
 */
export function followUpQuestions(
  intent: PaymentIntent,
  nameOf: (userId: string) => string,
): string[] {
  // A command with instructions for ArcFlux is refused, not completed.
  const asked: readonly IntentProblem[] = intent.problems.includes('hostile_text')
    ? ['hostile_text']
    : intent.problems;
  return asked.map((problem) => questionFor(problem, intent, nameOf));
}

function questionFor(
  problem: IntentProblem,
  intent: PaymentIntent,
  nameOf: (userId: string) => string,
): string {
  const said = intent.recipient.text.trim();
  const recipient = intent.recipient.userId ? nameOf(intent.recipient.userId) : said;
  switch (problem) {
    case 'missing_amount':
      return recipient ? `How much should I send to ${recipient}?` : 'How much should I send?';
    case 'invalid_amount':
      return 'That amount is not one I can send. How much, with at most 6 decimals?';
    case 'ambiguous_amount':
      return 'I found more than one amount. Which one should I send?';
    case 'vague_amount':
      return 'ArcFlux sends exact amounts only, and this one was approximate. How much exactly?';
    case 'missing_recipient':
      return 'Who should I pay?';
    case 'unknown_recipient': {
      const guess = intent.suggestions?.find((each) => each.word === intent.recipient.text);
      return guess
        ? `I don't know anyone called “${said}”. Did you mean ${guess.replacement}?`
        : `I don't know anyone called “${said}”. Who do you mean?`;
    }
    case 'ambiguous_recipient': {
      const names = (intent.recipient.candidates ?? []).map(nameOf);
      return names.length > 1
        ? `Which “${said}” do you mean: ${joinOr(names)}?`
        : `More than one contact matches “${said}”. Which one do you mean?`;
    }
    case 'unsupported_currency':
      return `ArcFlux sends ${joinOr([...CURRENCIES])}. Which one should I use?`;
    case 'invalid_schedule':
      return 'When should this payment run?';
    case 'unrecognized_words':
      return unrecognizedWordsQuestion(intent);
    case 'hostile_text':
      return HOSTILE_TEXT_REFUSAL;
  }
}

function joinOr(words: string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}

/** The command with every suggested word put in place of the one ArcFlux didn't know. */
export function applySuggestions(
  command: string,
  suggestions: readonly { word: string; replacement: string }[],
): string {
  return suggestions.reduce(
    (text, { word, replacement }) => replaceWords(text, word, replacement),
    command,
  );
}

/** Puts a picked contact's name where the unclear words were. */
export function replaceWords(text: string, words: string, replacement: string): string {
  const at = words ? text.toLowerCase().indexOf(words.toLowerCase()) : -1;
  return at === -1 ? text : `${text.slice(0, at)}${replacement}${text.slice(at + words.length)}`;
}
