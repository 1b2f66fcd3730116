import { z } from 'zod';
import { assistantReplySchema } from '../schemas/answer';
import { idSchema, instantSchema, timezoneSchema } from '../schemas/common';
import { intentSchema } from '../schemas/intent';
import { defineSection } from './define';

/**
 * Which engine understands the text. `rules` is the deterministic parser; `llm` a local
 * language model (when one is installed); `auto` the rules first and the model only
 * where the rules can't understand.
 */
export const intentEngineChoiceSchema = z.enum(['rules', 'llm', 'auto']);
export type IntentEngineChoice = z.infer<typeof intentEngineChoiceSchema>;

/** The engine that actually produced an intent; never claims a model that didn't run. */
export const intentEngineNameSchema = z.enum(['rules', 'llm']);

/** Where an understood command goes next. */
export const intentRouteSchema = z.enum(['money', 'query', 'reply']);
export type IntentRoute = z.infer<typeof intentRouteSchema>;

/** Longer text is refused at the door; the parser itself reads at most 500 characters. */
export const MAX_UNDERSTAND_TEXT = 100_000;

export const understandInputSchema = z
  .object({
    /** One command as typed or transcribed. Long text is accepted and refused as `unknown`. */
    text: z.string().max(MAX_UNDERSTAND_TEXT),
    /** Whose contacts and zone to use; the acting user by default. */
    userId: idSchema.optional(),
    /** The moment "tomorrow" is counted from; the core's clock by default. */
    now: instantSchema.optional(),
    /** The IANA zone schedules are said in; the user's by default. */
    timezone: timezoneSchema.optional(),
    engine: intentEngineChoiceSchema.default('rules'),
  })
  .strict();
export type UnderstandInput = z.infer<typeof understandInputSchema>;

export const parsedIntentSchema = z
  .object({ text: z.string(), intent: intentSchema, engine: intentEngineNameSchema })
  .strict();
export type ParsedIntent = z.infer<typeof parsedIntentSchema>;

export const intentResponseSchema = parsedIntentSchema
  .extend({
    route: intentRouteSchema,
    /** Null when the money path answers (payments, cancels, confirmations). */
    reply: assistantReplySchema.nullable(),
  })
  .strict();
export type IntentResponse = z.infer<typeof intentResponseSchema>;

export const intentsSection = defineSection({
  /** Text to a structured intent, with no side effects. */
  'intents:parse': {
    description: 'Understand one command: text to a structured, validated intent.',
    input: understandInputSchema,
    output: parsedIntentSchema,
    rest: { method: 'POST', path: '/v1/intents/parse' },
  },
  /**
   * Understand a command and route it: questions are answered from the ledger with their
   * facts; unclear commands get a follow-up question; payments, cancellations and
   * confirmations come back routed to the money path, untouched.
   */
  'intents:respond': {
    description: 'Understand one command, answer it if it is a question, and say where it goes.',
    input: understandInputSchema,
    output: intentResponseSchema,
    rest: { method: 'POST', path: '/v1/intents/respond' },
  },
});
