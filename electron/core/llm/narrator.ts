import { formatInstant } from '../../../shared/format';
import { formatAmount, type Currency } from '../../../shared/money';
import type { ModelNarrative } from '../../../shared/schemas/narrative';
import type { ReadBack } from '../../../shared/schemas/proposal';
import { checkNarrative } from './factCheck';
import type { ChatMessage } from './languageModel';
import type { LocalLanguageModel } from './localLanguageModel';

/**
 * A narrative is a nicety: once the model starts on it, it may run this long at most
 * (less when `models.llm.timeoutMs` is shorter), and is left out when it isn't ready.
 * It is asked as optional, so giving up on it stops nothing else the model is doing.
 */
export const NARRATIVE_TIMEOUT_MS = 4000;
/**
 * How long a read-back or an answer waits for its narrative in all, including the model's
 * first load and calls ahead of it in the worker's line, which NARRATIVE_TIMEOUT_MS doesn't
 * count. Past it the narrative is left out; the model is not stopped.
 */
export const NARRATIVE_WAIT_MS = 8000;
const NARRATIVE_MAX_TOKENS = 160;

/**
 * Plain-words explanations from the local model, checked against the facts they explain.
 * The model only ever sees facts ArcFlux already decided on; what it writes is shown
 * beside them and never feeds back into a decision. Off, missing, slow, failing or
 * unfaithful: no narrative, and nothing else changes.
 */
export class Narrator {
  constructor(
    private readonly model: Pick<LocalLanguageModel, 'unavailableReason' | 'generate' | 'label'>,
    /** Every user's display name, to catch a narrative naming someone the facts don't. */
    private readonly knownNames: () => readonly string[],
    private readonly waitMs = NARRATIVE_WAIT_MS,
  ) {}

  /** Why the Guardian's rules fired, for the confirmation dialog. */
  riskNarrative(
    readBack: ReadBack,
    payment: { currency: Currency; timezone: string },
  ): Promise<ModelNarrative | undefined> {
    const facts = [
      `Payment: ${readBack.sentence}`,
      ...readBack.rules.map((rule) => `Guardian check (${rule.level}): ${rule.explanation}`),
      ...readBack.nextRuns.map(
        (run) =>
          `Run on ${formatInstant(run.at, payment.timezone)}; balance after: ${formatAmount(run.balanceAfter, payment.currency)}`,
      ),
    ];
    return this.#narrate(
      'In two or three short sentences, explain to the person about to confirm this payment why the checks below were raised. Use only the facts given, copying amounts, names and dates exactly as written. Do not say whether to confirm, and do not add anything.',
      facts,
    );
  }

  /** The answer to a question in the model's words, restating only the facts given. */
  queryNarrative(reply: string, facts: readonly string[]): Promise<ModelNarrative | undefined> {
    return this.#narrate(
      'Answer the question again in one or two friendly sentences, restating only the facts below. Copy amounts, names and dates exactly as written; add nothing.',
      [`Answer: ${reply}`, ...facts],
    );
  }

  async #narrate(task: string, facts: readonly string[]): Promise<ModelNarrative | undefined> {
    if (this.model.unavailableReason() !== undefined) return undefined;
    const messages: ChatMessage[] = [
      { role: 'system', content: task },
      { role: 'user', content: facts.join('\n') },
    ];
    let timer: NodeJS.Timeout | undefined;
    try {
      const text = await Promise.race([
        this.model.generate({
          messages,
          maxTokens: NARRATIVE_MAX_TOKENS,
          timeoutMs: NARRATIVE_TIMEOUT_MS,
          optional: true,
        }),
        new Promise<never>((_resolve, reject) => {
          timer = setTimeout(() => reject(new Error('narrative not ready')), this.waitMs);
        }),
      ]);
      const checked = checkNarrative(text, facts, { knownNames: this.knownNames() });
      return checked ? { text: checked, model: this.model.label } : undefined;
    } catch {
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** The narrator over a core's language model, naming every user it knows. */
export function narratorFor(context: {
  readonly languageModel: LocalLanguageModel;
  readonly users: { list(): readonly { displayName: string }[] };
}): Narrator {
  return new Narrator(context.languageModel, () =>
    context.users.list().map((user) => user.displayName),
  );
}
