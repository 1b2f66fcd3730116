import type { AmountMention } from './amounts';
import type { CurrencyReading } from './currencies';
import { scheduleContextOf, type IntentContext } from './parseIntent';
import { takePaymentParts } from './payment';
import { sanitizeCommand, TokenStream } from './text';

/**
 * Every amount a command states, and every currency it names apart from them, read with
 * the payment parser's own passes: contacts, repetition and dates first, so "user two",
 * "every 2 weeks" and "June 5" never count as amounts. For checking what a local model
 * claims against what the user said.
 */
export function statedMoney(
  text: string,
  context: IntentContext,
): { amounts: AmountMention[]; currencyWords: CurrencyReading[] } {
  const stream = new TokenStream(sanitizeCommand(text));
  const { amounts, currencyWords } = takePaymentParts(
    stream,
    context.directory,
    scheduleContextOf(context),
  );
  return { amounts, currencyWords };
}
