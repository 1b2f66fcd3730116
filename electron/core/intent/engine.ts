import type { IntentEngineChoice } from '../../../shared/contract/intents';
import { intentSchema, type Intent, type IntentProblem } from '../../../shared/schemas/intent';
import { CoreError } from '../errors';
import { crossChecked, markModelOnly } from './modelReading';
import { parseIntent, type IntentContext } from './parseIntent';
import { statedMoney } from './statedMoney';

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
 * says so: a rules result must never be passed off as a model's. For money the model is
 * never trusted alone: its output is schema-checked, every amount in it must have been
 * said, and whatever it adds is marked on the intent (`modelReading`) so the Guardian
 * asks the user to confirm.
 *
 * `auto` runs the rules first. Where they found no payment, or one they couldn't settle,
 * the model may read it (`model_only`). Where they found a clear payment and the model
 * is switched on and ready, it is asked too, as a cross-check only: the rules' reading is
 * kept, and a disagreement makes the Guardian ask. A model that is off, missing or fails
 * changes nothing: the rules' reading stands as if there were no model, because the
 * model is optional and ArcFlux must work the same without it.
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
    return {
      intent: markModelOnly(await checkedModelIntent(model.engine, text, context)),
      engine: 'llm',
    };
  }
  const rules = await engines.rules.parse(text, context);
  if (!model.engine || !mayUseModel(rules)) return { intent: rules, engine: 'rules' };
  const guess = await quietly(() =>
    checkedModelIntent(model.engine as IntentEngine, text, context),
  );
  if (rules.kind === 'payment' && rules.problems.length === 0) {
    return { intent: crossChecked(rules, guess), engine: 'rules' };
  }
  return guess &&
    guess.kind !== 'unknown' &&
    !(guess.kind === 'payment' && guess.problems.length > 0)
    ? { intent: markModelOnly(guess), engine: 'llm' }
    : { intent: rules, engine: 'rules' };
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
    !amountsSaid(text, context).has(intent.amount)
  ) {
    return {
      kind: 'unknown',
      reason: 'The language model named an amount that is not in the command.',
    };
  }
  return intent;
}

function amountsSaid(text: string, context: IntentContext): Set<string> {
  const { amounts } = statedMoney(text, context);
  return new Set(amounts.flatMap((mention) => (mention.amount ? [mention.amount] : [])));
}

/**
 * The model is asked about payments only (and about what the rules didn't understand):
 * yes, no and cancel are read by the rules alone, since a model tricked into "yes" would
 * confirm a payment. Nor is it asked where the rules found a choice that is the user's to
 * make (two amounts, two people, a currency ArcFlux doesn't pay in, an impossible date):
 * the follow-up question goes to the user, not to the model.
 */
function mayUseModel(rules: Intent): boolean {
  if (rules.kind === 'unknown') return true;
  return rules.kind === 'payment' && !rules.problems.some((problem) => USER_SETTLES.has(problem));
}

const USER_SETTLES: ReadonlySet<IntentProblem> = new Set([
  'ambiguous_amount',
  'ambiguous_recipient',
  'invalid_amount',
  'unsupported_currency',
  'invalid_schedule',
  // A word the rules couldn't explain is the user's to explain: a model's reading that
  // simply leaves it out would be a guess dressed as an answer.
  'unrecognized_words',
  'vague_amount',
  // Instructions aimed at ArcFlux are refused, never handed to a model to follow.
  'hostile_text',
]);

/** A model's failure while only helping is no failure of the command. */
async function quietly(work: () => Promise<Intent>): Promise<Intent | undefined> {
  try {
    return await work();
  } catch {
    return undefined;
  }
}
