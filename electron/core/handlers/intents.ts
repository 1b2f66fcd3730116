import type { intentsSection } from '../../../shared/contract/intents';
import { createAgents } from '../agents/forContext';
import { parseRequest } from '../intent/service';
import type { CoreContext, HandlerMap } from './types';

/** Understanding commands: the parser and the agents over this core's repositories. */
export function intentHandlers(context: CoreContext): HandlerMap<keyof typeof intentsSection> {
  const { source, agent } = createAgents(context);
  return {
    'intents:parse': (input) => parseRequest(source, input),
    'intents:respond': (input) => agent.respond(input),
  };
}
