import type { intentsSection } from '../../../shared/contract/intents';
import { createAgents } from '../agents/forContext';
import { parseRequest, type IntentSource } from '../intent/service';
import type { CoreContext, HandlerMap } from './types';

/** Understanding commands: the parser and the agents over this core's repositories. */
export function intentHandlers(context: CoreContext): HandlerMap<keyof typeof intentsSection> {
  const { source, agent } = createAgents(context);
  return {
    ...parseHandlers(source),
    'intents:respond': (input) => agent.respond(input),
  };
}

/**
 * `intents:parse` over any source of users and settings: the core's repositories, or the
 * demo seed when `arcflux parse` runs without a data folder (see parseService).
 */
export function parseHandlers(source: IntentSource): HandlerMap<'intents:parse'> {
  return { 'intents:parse': (input) => parseRequest(source, input) };
}
