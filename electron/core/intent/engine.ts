import type { IntentEngineChoice } from '../../../shared/contract/intents';
import { intentSchema, type Intent } from '../../../shared/schemas/intent';
import { CoreError } from '../errors';
import { takeBareAmounts, takeMarkedAmounts } from './amounts';
import { parseIntent, type IntentContext } from './parseIntent';
import { sanitizeCommand, TokenStream } from './text';

/**
 * Something that turns text into an intent. The rules engine is always there; a local
 * language model (the voice-and-models issue) plugs in as a second engine with the same
 * shape, and says why it can't run when its model isn't present.
 */
export interface IntentEngine {
  readonly name: 'rules' | 'llm';
  /** Why the engine can't run right now, in words for the user; undefined when ready. */
  unavailableReason(): string | undefined;
  parse(text: string, context: IntentContext): Promise<Intent>;
}

export interface IntentEngines {
  readonly rules: IntentEngine;
  readonly llm?: IntentEngine;
  /** Why there is no model engine at all, e.g. "models.llm.enabled is false". */
  readonly llmMissingReason?: string;
}

/** The deterministic parser as an engine. */
export const rulesEngine: IntentEngine = {
  name: 'rules',
  unavailableReason: () => undefined,
  parse: async (text, context) => parseIntent(text, context),
};

/**
 * Understands `text` with the requested engine. `llm` with no model is an error that
 * says so: a rules result must never be passed off as a model's. `auto` asks the model
 * only where the rules found nothing, and keeps a model's payment only if every amount
 * in it was actually said: for money the model is never trusted alone.
 */
export async function understand(
  text: string,
  choice: IntentEngineChoice,
  engines: IntentEngines,
  context: IntentContext,
): Promise<{ intent: Intent; engine: 'rules' | 'llm' }> {
  if (choice === 'rules')
    return { intent: await engines.rules.parse(text, context), engine: 'rules' };
  const model = readyModel(engines);
  if (choice === 'llm') {
    if (!model.engine) throw modelUnavailable(model.reason);
    return { intent: await checkedModelIntent(model.engine, text, context), engine: 'llm' };
  }
  const rules = await engines.rules.parse(text, context);
  if (rules.kind !== 'unknown' || !model.engine) return { intent: rules, engine: 'rules' };
  const guess = await checkedModelIntent(model.engine, text, context);
  return guess.kind === 'unknown'
    ? { intent: rules, engine: 'rules' }
    : { intent: guess, engine: 'llm' };
}

/** Why `llm` can't be used, or undefined when it can; for doors that check up front. */
export function modelUnavailableReason(engines: IntentEngines): string | undefined {
  return readyModel(engines).reason;
}

export function modelUnavailable(reason: string | undefined): CoreError {
  return new CoreError(
    'unavailable',
    `The LLM intent engine was requested, but no local language model can run: ${reason ?? 'none is installed'}. Nothing was parsed. Use the rules engine (--engine rules) or auto, which falls back to the rules.`,
  );
}

function readyModel(engines: IntentEngines): { engine?: IntentEngine; reason?: string } {
  if (!engines.llm) {
    return { reason: engines.llmMissingReason ?? 'this build has no language-model engine yet' };
  }
  const reason = engines.llm.unavailableReason();
  return reason ? { reason } : { engine: engines.llm };
}

/** A model's output is untrusted input: schema-checked, and its amounts must be in the text. */
async function checkedModelIntent(
  engine: IntentEngine,
  text: string,
  context: IntentContext,
): Promise<Intent> {
  const parsed = intentSchema.safeParse(await engine.parse(text, context));
  if (!parsed.success) {
    return {
      kind: 'unknown',
      reason: 'The language model gave an answer that is not a valid intent.',
    };
  }
  const intent = parsed.data;
  if (
    intent.kind === 'payment' &&
    intent.amount !== null &&
    !amountsSaid(text).has(intent.amount)
  ) {
    return {
      kind: 'unknown',
      reason: 'The language model named an amount that is not in the command.',
    };
  }
  return intent;
}

function amountsSaid(text: string): Set<string> {
  const stream = new TokenStream(sanitizeCommand(text));
  const mentions = [...takeMarkedAmounts(stream), ...takeBareAmounts(stream, false)];
  return new Set(mentions.flatMap((mention) => (mention.amount ? [mention.amount] : [])));
}
