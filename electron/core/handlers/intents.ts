import type { intentsSection } from '../../../shared/contract/intents';
import { IntentAgent } from '../agents/intentAgent';
import { QueryAgent } from '../agents/queryAgent';
import { createIntentEngines, parseRequest, type IntentSource } from '../intent/service';
import type { CoreContext, HandlerMap } from './types';

/** Understanding commands: the parser and the agents over this core's repositories. */
export function intentHandlers(context: CoreContext): HandlerMap<keyof typeof intentsSection> {
  const source: IntentSource = {
    users: () => context.users.list(),
    settings: () => context.settings.get(),
    clock: context.clock,
    engines: createIntentEngines(context.config),
  };
  const queries = new QueryAgent({
    users: () => context.users.list(),
    balancesFor: (userId) => context.balances.forUser(userId),
    payments: () => context.payments.list(),
    riskAssessment: (id) => context.journals.riskAssessments.find(id),
    executionsFor: (paymentId) => context.journals.executions.forPayment(paymentId),
  });
  const agent = new IntentAgent(source, queries);
  return {
    'intents:parse': (input) => parseRequest(source, input),
    'intents:respond': (input) => agent.respond(input),
  };
}
