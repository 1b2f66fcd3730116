import type { AssistantReply } from '../../../shared/schemas/answer';
import type { Intent, IntentProblem, PaymentIntent } from '../../../shared/schemas/intent';
import { formatAmount } from '../../../shared/money';
import { HOSTILE_TEXT_REFUSAL, unrecognizedWordsQuestion } from '../../../shared/wordQuestions';
import type { ContactDirectory } from '../intent/contacts';

/** Commands to offer when the assistant didn't understand. */
export const EXAMPLE_COMMANDS = [
  'Pay Bob 20 USDC',
  'Send €50 to Alex Kim tomorrow at 9am',
  'Pay my landlord 1500 USDC on the 1st of every month',
  'What is my balance?',
  'Show upcoming payments',
  'Stop paying the bakery',
];

/** The help reply for a command nobody understood, with the reason and examples. */
export function helpReply(reason: string): AssistantReply {
  return {
    text: `I didn't understand that. ${reason} You can say, for example, "Pay Bob 20 USDC" or "What is my balance?".`,
    facts: null,
    examples: EXAMPLE_COMMANDS,
  };
}

/**
 * The follow-up question for a payment that can't run exactly as said. It asks about
 * every problem, most basic first, instead of guessing any of them.
 */
export function paymentQuestion(
  intent: PaymentIntent,
  directory: ContactDirectory,
): AssistantReply {
  const payee = intent.recipient.userId
    ? ` to ${directory.displayName(intent.recipient.userId)}`
    : '';
  const money =
    intent.amount && intent.currency ? ` ${formatAmount(intent.amount, intent.currency)}` : '';
  // A command with instructions for ArcFlux is refused, not completed: asking "how much?"
  // would invite the rest of it.
  const asked: readonly IntentProblem[] = intent.problems.includes('hostile_text')
    ? ['hostile_text']
    : intent.problems;
  const questions = asked.map((problem) => question(problem, intent, { payee, money, directory }));
  return {
    text: [...new Set(questions)].join(' '),
    facts: null,
    examples: intent.problems.includes('invalid_schedule')
      ? ['every Friday', 'on December 5 at 9am', 'on the 1st of every month until June']
      : [],
  };
}

/** "Which Alex do you mean: Alex Kim or Alex Rivera?" or "I don't know "Zed"...". */
export function recipientQuestion(
  recipient: NonNullable<Extract<Intent, { kind: 'query' }>['recipient']>,
  directory: ContactDirectory,
): string {
  if (recipient.candidates && recipient.candidates.length > 0) {
    const names = recipient.candidates.map((id) => directory.displayName(id));
    return `Which ${recipient.text} do you mean: ${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}?`;
  }
  const contacts = directory.contacts.map((contact) => contact.displayName).join(', ');
  return `I don't know anyone called "${recipient.text}". Your contacts are: ${contacts}. Who do you mean?`;
}

function question(
  problem: IntentProblem,
  intent: PaymentIntent,
  words: { payee: string; money: string; directory: ContactDirectory },
): string {
  switch (problem) {
    case 'missing_amount':
      return `How much should I send${words.payee}?`;
    case 'invalid_amount':
      return `That amount can't be sent: it must be more than zero, with at most 6 decimals. How much should I send${words.payee}?`;
    case 'ambiguous_amount':
      return `I heard more than one amount. How much exactly should I send${words.payee}?`;
    case 'vague_amount':
      return `ArcFlux sends exact amounts only, and this one was approximate. How much exactly should I send${words.payee}?`;
    case 'unsupported_currency':
      return 'ArcFlux sends only USDC and EURC and never converts other assets. Should I send it in USDC or EURC?';
    case 'missing_recipient':
      return `Who should I send${words.money} to?`;
    case 'unknown_recipient': {
      const guess = intent.suggestions?.find((each) => each.word === intent.recipient.text);
      return guess
        ? `I don't know anyone called “${intent.recipient.text}”. Did you mean ${guess.replacement}?`
        : recipientQuestion(intent.recipient, words.directory);
    }
    case 'ambiguous_recipient':
      return recipientQuestion(intent.recipient, words.directory);
    case 'invalid_schedule':
      return "I can't schedule that exactly as said: the time is in the past, or the repetition isn't clear. When should it run?";
    case 'unrecognized_words':
      return unrecognizedWordsQuestion(intent);
    case 'hostile_text':
      return HOSTILE_TEXT_REFUSAL;
  }
}
