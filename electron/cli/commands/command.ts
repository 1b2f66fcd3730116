import { z } from 'zod';
import type { CommandResult } from '../../../shared/contract/commands';
import { formatInstant } from '../../../shared/format';
import { formatAmount } from '../../../shared/money';
import { parseCommandArguments, usageError } from '../arguments';
import { callCore, withCore } from '../session';
import { renderTable } from '../table';

export const commandHelp = `arcflux command "<text>" [--user USER_ID] [--data DIR] [--json]
  Runs one command through the whole flow (understand, Guardian, schedule or propose)
  and prints the decision. A proposal is confirmed with "arcflux confirm <payment id>".`;

const argumentsSchema = z.object({
  data: z.string().optional(),
  config: z.string().optional(),
  help: z.boolean().optional(),
  json: z.boolean().default(false),
  user: z.string().optional(),
});

export async function commandCommand(argv: readonly string[], print: (text: string) => void) {
  const { values, positionals } = parseCommandArguments(
    'command',
    argv,
    { json: { type: 'boolean' }, user: { type: 'string' } },
    argumentsSchema,
  );
  const text = positionals.join(' ').trim();
  if (!text) throw usageError('command', 'say what to do, e.g. arcflux command "Pay Bob 20 USDC"');
  return withCore(values, async (core) => {
    const result = await callCore(core, 'commands:run', { text, userId: values.user });
    print(values.json ? JSON.stringify(result, null, 2) : describeCommandResult(result));
    return 0;
  });
}

/** The decision as a person reads it: reply, score and rules, then what was made. */
export function describeCommandResult(result: CommandResult): string {
  const { decision, payment, proposal, choice } = result;
  const lines = [
    decision.reply,
    `Outcome: ${decision.outcome}${decision.rules.length > 0 ? ` (risk score ${decision.score})` : ''}`,
  ];
  if (decision.rules.length > 0) {
    lines.push(
      renderTable(
        ['Rule', 'Level', 'Why'],
        decision.rules.map((rule) => [rule.name, rule.level, rule.explanation]),
      ),
    );
  }
  if (payment) {
    lines.push(
      `Payment ${payment.id}: ${formatAmount(payment.amount, payment.currency)} to ${payment.recipientId}, ${payment.status}`,
    );
  }
  if (choice) {
    // Nothing was changed: the matches are listed so the user can act on the one they mean.
    lines.push(`Payments to ${choice.action} (nothing was changed):`);
    for (const match of choice.payments) {
      lines.push(
        `  ${match.id}: ${formatAmount(match.amount, match.currency)} to ${match.recipientId}, ${match.status}${match.nextRunAt ? `, next ${formatInstant(match.nextRunAt, match.timezone)}` : ''}`,
      );
    }
  }
  if (proposal) {
    lines.push(
      `Proposal ${proposal.id} expires ${formatInstant(proposal.expiresAt, payment?.timezone ?? 'UTC')}. Confirm with: arcflux confirm ${proposal.paymentId}`,
    );
    for (const run of proposal.readBack.nextRuns) {
      lines.push(
        `  ${formatInstant(run.at, payment?.timezone ?? 'UTC')}: balance after ${formatAmount(run.balanceAfter, payment?.currency)}`,
      );
    }
  }
  return lines.join('\n');
}
