import type { IntentEngine } from '../intent/engine';
import { groundModelAnswer } from './grounding';
import { intentPrompt } from './intentPrompt';
import type { LocalLanguageModel } from './localLanguageModel';

/** A reading is a short JSON object; more room only helps a model ramble. */
const INTENT_MAX_TOKENS = 120;

/**
 * The local language model as an intent engine (IntentEngines.llm). It asks the model to
 * point at the words of the command, then builds the intent itself from those words and
 * the user's contacts (see groundModelAnswer); anything it can't ground is `unknown`.
 */
export function languageModelIntentEngine(
  model: Pick<LocalLanguageModel, 'unavailableReason' | 'generate' | 'label'>,
): IntentEngine {
  return {
    name: 'llm',
    unavailableReason: () => model.unavailableReason(),
    async parse(text, context) {
      const answer = await model.generate({
        messages: intentPrompt(text, context),
        maxTokens: INTENT_MAX_TOKENS,
      });
      return groundModelAnswer(answer, text, context, model.label);
    },
  };
}
