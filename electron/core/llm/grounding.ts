import { z } from 'zod';
import { currencySchema, type Currency } from '../../../shared/money';
import { queryTopicSchema, type Intent, type PaymentIntent } from '../../../shared/schemas/intent';
import { amountsIn, settleAmount } from '../intent/amounts';
import type { ContactDirectory } from '../intent/contacts';
import { parseIntent, type IntentContext } from '../intent/parseIntent';
import { statedMoney } from '../intent/statedMoney';
import { sanitizeCommand, TokenStream } from '../intent/text';
import { extractJsonObject } from './modelJson';

/**
 * What the model is asked to answer: pointers into the command, never values of its own.
 * Strict, so a model that adds a field ("limit", "approved", "runAt") is not read at all.
 */
export const modelIntentAnswerSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('payment'),
      amount: z.string().min(1).max(60),
      currency: currencySchema.nullable().optional(),
      recipient: z.string().min(1).max(120),
      when: z.string().max(200).nullable().optional(),
      memo: z.string().max(140).nullable().optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('query'),
      topic: queryTopicSchema,
      recipient: z.string().min(1).max(120).nullable().optional(),
      currency: currencySchema.nullable().optional(),
    })
    .strict(),
  z.object({ kind: z.literal('none') }).strict(),
]);
export type ModelIntentAnswer = z.infer<typeof modelIntentAnswerSchema>;

/**
 * Turns a model's answer into an intent built by ArcFlux from the user's own words, or an
 * `unknown` that says what was not grounded. The amount must be one the command states;
 * the recipient a contact the command names (and the only one it names); the currency
 * the one the command says (or the user's default when it says none); the schedule comes
 * from words quoted from the command, read by ArcFlux's own date parser. The model never
 * supplies a timestamp, a rule, a limit or an id that goes into the intent as it is.
 */
export function groundModelAnswer(
  answer: string,
  text: string,
  context: IntentContext,
  model: string,
): Intent {
  const json = extractJsonObject(answer);
  if (json === undefined) return rejected('its answer held no single JSON object');
  const parsed = modelIntentAnswerSchema.safeParse(json);
  if (!parsed.success) return rejected('its answer was not in the shape ArcFlux asked for');
  const reading = parsed.data;
  switch (reading.kind) {
    case 'none':
      return {
        kind: 'unknown',
        reason: 'The local language model found no payment or question in this command.',
      };
    case 'query':
      return groundQuery(reading, text, context);
    case 'payment':
      return groundPayment(reading, text, context, model);
  }
}

type Grounded<T> = { ok: true; value: T } | { ok: false; reason: string };

function groundPayment(
  reading: Extract<ModelIntentAnswer, { kind: 'payment' }>,
  text: string,
  context: IntentContext,
  model: string,
): Intent {
  const recipient = groundRecipient(reading.recipient, text, context.directory);
  if (!recipient.ok) return rejected(recipient.reason);
  const money = groundMoney(reading.amount, reading.currency ?? null, text, context);
  if (!money.ok) return rejected(money.reason);
  const when = groundSchedule(reading.when ?? null, text, context, {
    userId: recipient.value.userId,
    ...money.value,
  });
  if (!when.ok) return rejected(when.reason);
  const memo = reading.memo && quotes(text, reading.memo) ? reading.memo.trim() : undefined;
  return {
    kind: 'payment',
    amount: money.value.amount,
    currency: money.value.currency,
    recipient: recipient.value,
    schedule: when.value.schedule,
    ...(memo ? { memo } : {}),
    problems: when.value.problems,
    modelReading: { verdict: 'model_only', model },
  };
}

function groundQuery(
  reading: Extract<ModelIntentAnswer, { kind: 'query' }>,
  text: string,
  context: IntentContext,
): Intent {
  const recipient = reading.recipient
    ? groundRecipient(reading.recipient, text, context.directory)
    : undefined;
  if (recipient && !recipient.ok) return rejected(recipient.reason);
  const said = saidCurrencies(text, context);
  if (reading.currency && !said.includes(reading.currency)) {
    return rejected(`it asked about ${reading.currency}, which the command does not name`);
  }
  return {
    kind: 'query',
    topic: reading.topic,
    ...(recipient?.ok ? { recipient: recipient.value } : {}),
    ...(reading.currency ? { currency: reading.currency } : {}),
  };
}

/**
 * The model's recipient must be exactly one contact, and the command must name that
 * contact and no other: with two people named, choosing is the user's job.
 */
export function groundRecipient(
  name: string,
  text: string,
  directory: ContactDirectory,
): Grounded<{ text: string; userId: string }> {
  const chosen = new Set(mentionsIn(name, directory).flatMap((mention) => mention.userIds));
  const [userId] = chosen;
  if (chosen.size !== 1 || userId === undefined) {
    return { ok: false, reason: `"${clip(name)}" is not exactly one of your contacts` };
  }
  const named = mentionsIn(text, directory).filter((mention) => mention.userIds.length > 0);
  const mention = named.find(
    (candidate) => candidate.userIds.length === 1 && candidate.userIds[0] === userId,
  );
  if (!mention) {
    return {
      ok: false,
      reason: `it chose ${directory.displayName(userId)}, whom the command does not name`,
    };
  }
  const people = new Set(named.map((candidate) => candidate.userIds.join(',')));
  if (people.size > 1) {
    return { ok: false, reason: 'the command names more than one contact' };
  }
  return { ok: true, value: { text: mention.text, userId } };
}

/** The amount must be one the command states, in the currency the command says. */
function groundMoney(
  amountText: string,
  currency: Currency | null,
  text: string,
  context: IntentContext,
): Grounded<{ amount: string; currency: Currency }> {
  const claimed = [...new Set(amountsIn(amountText).flatMap((mention) => mention.amount ?? []))];
  const [amount] = claimed;
  if (claimed.length !== 1 || amount === undefined) {
    return { ok: false, reason: `"${clip(amountText)}" is not one amount` };
  }
  const stated = statedMoney(text, context);
  if (!stated.amounts.some((mention) => mention.amount === amount)) {
    return { ok: false, reason: 'it named an amount that is not in the command' };
  }
  const settled = settleAmount(
    stated.amounts,
    stated.currencyWords,
    context.directory.actingUser.preferences.defaultCurrency,
  );
  if (settled.problems.includes('unsupported_currency') || settled.currency === null) {
    return { ok: false, reason: 'the command does not name one currency ArcFlux pays in' };
  }
  if (currency !== null && currency !== settled.currency) {
    return { ok: false, reason: `it chose ${currency}, but the command means ${settled.currency}` };
  }
  return { ok: true, value: { amount, currency: settled.currency } };
}

/**
 * The schedule from words quoted from the command, read by ArcFlux's own parser: the
 * quoted words are parsed as the "when" of a payment whose recipient and amount are
 * already grounded, and must leave those two as they are.
 */
function groundSchedule(
  when: string | null,
  text: string,
  context: IntentContext,
  payment: { userId: string; amount: string; currency: Currency },
): Grounded<Pick<PaymentIntent, 'schedule' | 'problems'>> {
  if (when === null || when.trim() === '') {
    return { ok: true, value: { schedule: { kind: 'once', runAt: null }, problems: [] } };
  }
  if (!quotes(text, when)) {
    return { ok: false, reason: `"${clip(when)}" is not in the command` };
  }
  const probe = parseIntent(
    `pay ${payment.userId} ${payment.amount} ${payment.currency} ${sanitizeCommand(when)}`,
    context,
  );
  if (
    probe.kind !== 'payment' ||
    probe.amount !== payment.amount ||
    probe.currency !== payment.currency ||
    probe.recipient.userId !== payment.userId
  ) {
    return { ok: false, reason: `"${clip(when)}" says more than when to pay` };
  }
  const problems = probe.problems.filter((problem) => problem === 'invalid_schedule');
  if (problems.length !== probe.problems.length) {
    return { ok: false, reason: `"${clip(when)}" says more than when to pay` };
  }
  return { ok: true, value: { schedule: probe.schedule, problems } };
}

/** The currencies a command names, for a question (no default: a question may name none). */
function saidCurrencies(text: string, context: IntentContext): Currency[] {
  const { amounts, currencyWords } = statedMoney(text, context);
  return [...amounts.flatMap((mention) => mention.currency ?? []), ...currencyWords].flatMap(
    (reading) => (reading.kind === 'supported' ? [reading.currency] : []),
  );
}

function mentionsIn(text: string, directory: ContactDirectory) {
  return directory.takeMentions(new TokenStream(sanitizeCommand(text)));
}

/** Whether `phrase` is words of `text`, compared the way the parser reads both. */
export function quotes(text: string, phrase: string): boolean {
  const words = comparable(phrase);
  return words.length > 0 && ` ${comparable(text)} `.includes(` ${words} `);
}

function comparable(text: string): string {
  return sanitizeCommand(text)
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function rejected(why: string): Intent {
  return {
    kind: 'unknown',
    reason: `The local language model's reading was set aside: ${why}. Nothing was done; please rephrase the command.`,
  };
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
