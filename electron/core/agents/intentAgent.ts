import type {
  IntentResponse,
  IntentRoute,
  UnderstandInput,
} from '../../../shared/contract/intents';
import type { Intent } from '../../../shared/schemas/intent';
import type { AssistantReply } from '../../../shared/schemas/answer';
import type { ContactDirectory } from '../intent/contacts';
import { understand } from '../intent/engine';
import { intentContextFor, type IntentSource } from '../intent/service';
import type { Narrator } from '../llm/narrator';
import type { AnswerScope, QueryAgent } from './queryAgent';
import { queryFactLines } from './queryFactLines';
import { helpReply, paymentQuestion, recipientQuestion } from './replies';

/**
 * Text -> intent -> route. Payments that can run as said, cancellations and yes/no
 * answers go to the money path (the Guardian), untouched. Questions go to the
 * QueryAgent. Anything unclear gets a reply: a follow-up question for a payment with
 * problems, help with examples for a command nobody understood. The agent never moves
 * money itself.
 */
export class IntentAgent {
  constructor(
    private readonly source: IntentSource,
    private readonly queries: QueryAgent,
    /** Rewords answers in the local model's words when it can; the facts stay ArcFlux's. */
    private readonly narrator?: Pick<Narrator, 'queryNarrative'>,
  ) {}

  async respond(input: UnderstandInput): Promise<IntentResponse> {
    const context = intentContextFor(this.source, input);
    const { intent, engine } = await understand(
      input.text,
      input.engine,
      this.source.engines,
      context,
    );
    const route = routeIntent(intent);
    const scope = {
      userId: context.directory.actingUser.id,
      now: context.now,
      timezone: context.timezone,
      directory: context.directory,
    };
    const reply =
      intent.kind === 'query'
        ? await this.#answer(intent, scope)
        : replyFor(intent, context.directory);
    return { text: input.text, intent, engine, route, reply };
  }

  async #answer(
    intent: Extract<Intent, { kind: 'query' }>,
    scope: AnswerScope,
  ): Promise<AssistantReply> {
    const reply = await this.queries.respond(intent, scope);
    if (!this.narrator || !reply.facts) return reply;
    const narrative = await this.narrator.queryNarrative(
      reply.text,
      queryFactLines(reply.facts, scope.timezone),
    );
    return narrative ? { ...reply, narrative } : reply;
  }
}

/** Where an intent goes. A payment with problems stays here until it is clear. */
export function routeIntent(intent: Intent): IntentRoute {
  switch (intent.kind) {
    case 'query':
      return 'query';
    case 'payment':
      return intent.problems.length > 0 ? 'reply' : 'money';
    case 'cancel':
    case 'manage':
      return intent.recipient && intent.recipient.userId === null ? 'reply' : 'money';
    case 'confirm':
    case 'deny':
      return 'money';
    case 'unknown':
      return 'reply';
  }
}

function replyFor(intent: Intent, directory: ContactDirectory): AssistantReply | null {
  if (routeIntent(intent) !== 'reply') return null;
  if (intent.kind === 'payment') return paymentQuestion(intent, directory);
  if ((intent.kind === 'cancel' || intent.kind === 'manage') && intent.recipient) {
    return { text: recipientQuestion(intent.recipient, directory), facts: null, examples: [] };
  }
  return helpReply(intent.kind === 'unknown' ? intent.reason : '');
}
