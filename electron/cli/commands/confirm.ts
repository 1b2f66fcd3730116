import { z } from 'zod';
import { parseCommandArguments, usageError } from '../arguments';
import { callCore, withCore } from '../session';
import { undoWindowLine } from './command';

export const confirmHelp = `arcflux confirm <payment id> [--proposal PROPOSAL_ID] [--data DIR] [--json]
  Confirms a proposed payment (re-checking balance, limits and expiry), or approves
  running the missed occurrences of a payment that waits on them.`;

const argumentsSchema = z.object({
  data: z.string().optional(),
  config: z.string().optional(),
  help: z.boolean().optional(),
  json: z.boolean().default(false),
  proposal: z.string().optional(),
});

export async function confirmCommand(argv: readonly string[], print: (text: string) => void) {
  const { values, positionals } = parseCommandArguments(
    'confirm',
    argv,
    { json: { type: 'boolean' }, proposal: { type: 'string' } },
    argumentsSchema,
  );
  const [id, ...extra] = positionals;
  if (!id || extra.length > 0) throw usageError('confirm', 'give exactly one payment id');
  return withCore(values, async (core) => {
    const result = await callCore(core, 'payments:confirm', { id, proposalId: values.proposal });
    if (values.json) {
      print(JSON.stringify(result, null, 2));
    } else {
      const { payment } = result;
      print(
        `Confirmed ${payment.id}: it is ${payment.status}${payment.nextRunAt ? `, next run ${payment.nextRunAt}` : ''}${payment.approvedRuns ? `, ${payment.approvedRuns.length} missed run(s) to pay at the next tick` : ''}.`,
      );
      if (payment.undoUntil !== undefined) print(undoWindowLine(payment.id, payment.undoUntil));
    }
    return 0;
  });
}
