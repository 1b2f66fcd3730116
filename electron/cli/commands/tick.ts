import { z } from 'zod';
import type { TickReport } from '../../../shared/contract/scheduler';
import { instantSchema } from '../../../shared/schemas/common';
import { parseCommandArguments } from '../arguments';
import { callCore, withCore } from '../session';

export const tickHelp = `arcflux tick [--now ISO] [--data DIR] [--json]
  Runs the scheduler once: recovers unfinished executions, pays what is due, and holds
  runs missed while ArcFlux was closed. --now runs it as if the clock showed that time.`;

const argumentsSchema = z.object({
  data: z.string().optional(),
  config: z.string().optional(),
  help: z.boolean().optional(),
  json: z.boolean().default(false),
  now: instantSchema.optional(),
});

export async function tickCommand(argv: readonly string[], print: (text: string) => void) {
  const { values } = parseCommandArguments(
    'tick',
    argv,
    { json: { type: 'boolean' }, now: { type: 'string' } },
    argumentsSchema,
  );
  const at = values.now;
  const clock = at === undefined ? undefined : { now: () => new Date(at) };
  return withCore({ ...values, ...(clock ? { clock } : {}) }, async (core) => {
    const report = await callCore(core, 'scheduler:tick', {});
    print(values.json ? JSON.stringify(report, null, 2) : describeTick(report));
    return report.failed.length > 0 ? 1 : 0;
  });
}

export function describeTick(report: TickReport): string {
  const lines = [
    `Tick at ${report.ranAt}: ${report.executed.length} executed, ${report.failed.length} failed, ${report.missed.length} waiting on missed runs.`,
  ];
  for (const item of report.executed) {
    lines.push(
      `  executed ${item.paymentId} @ ${item.occurrenceAt} (${item.transferId ?? 'no transfer id'})`,
    );
  }
  for (const item of report.failed) {
    lines.push(`  failed   ${item.paymentId} @ ${item.occurrenceAt}: ${item.error}`);
  }
  for (const item of report.missed) {
    lines.push(
      `  missed   ${item.paymentId}: ${item.occurrences.join(', ')} (arcflux confirm ${item.paymentId} to pay them)`,
    );
  }
  return lines.join('\n');
}
