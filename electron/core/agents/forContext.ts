import type { CoreContext } from '../handlers/types';
import { createIntentEngines, type IntentSource } from '../intent/service';
import { narratorFor } from '../llm/narrator';
import { IntentAgent } from './intentAgent';
import { QueryAgent } from './queryAgent';

/**
 * The intent and query agents over one core's repositories. Built here once so the
 * `intents:*` handlers and the money path's `commands:run` understand text the same way.
 */
export function createAgents(context: CoreContext): { source: IntentSource; agent: IntentAgent } {
  const source: IntentSource = {
    users: () => context.users.list(),
    settings: () => context.settings.get(),
    clock: context.clock,
    engines: createIntentEngines(context.config, context.languageModel),
  };
  const queries = new QueryAgent(
    {
      users: () => context.users.list(),
      balancesFor: (userId) => context.balances.forUser(userId),
      payments: () => context.payments.list(),
      riskAssessment: (id) => context.journals.riskAssessments.find(id),
      executionsFor: (paymentId) => context.journals.executions.forPayment(paymentId),
    },
    // commands:run answers inside the money path's exclusive section: never wait on the
    // rate source there; the last known rate (with its date) answers.
    () => context.market.current({ waitForSource: false }),
  );
  const narrator = narratorFor(context);
  return { source, agent: new IntentAgent(source, queries, narrator) };
}
