import type { IntentResponse, UnderstandInput } from '../../../shared/contract/intents';
import { createAgents } from '../agents/forContext';
import type { CoreContext } from '../handlers/types';

/** The intent agent over this core's repositories: text to intent, route and answer. */
export function createUnderstand(
  context: CoreContext,
): (input: UnderstandInput) => Promise<IntentResponse> {
  const { agent } = createAgents(context);
  return (input) => agent.respond(input);
}
