import { z } from 'zod';
import { parseCommandArguments } from '../arguments';
import { callCore, withCore } from '../session';

export const validateHelp = `arcflux validate [--data DIR] [--json]
  Checks every data file against its schema and the records against each other.
  Exits 0 when the folder is consistent, 1 when it found problems.`;

const argumentsSchema = z.object({
  data: z.string().optional(),
  config: z.string().optional(),
  help: z.boolean().optional(),
  json: z.boolean().default(false),
});

export async function validateCommand(argv: readonly string[], print: (text: string) => void) {
  const { values } = parseCommandArguments(
    'validate',
    argv,
    { json: { type: 'boolean' } },
    argumentsSchema,
  );
  return withCore(values, async (core) => {
    const report = await callCore(core, 'system:validate', {});
    if (values.json) {
      print(JSON.stringify(report, null, 2));
    } else {
      const counts = Object.entries(report.checked)
        .map(([name, count]) => `${count} ${name}`)
        .join(', ');
      print(`Checked ${counts} in ${core.dataDir}.`);
      for (const problem of report.problems) {
        print(
          `  problem: ${problem.file}${problem.recordId ? ` ${problem.recordId}` : ''}: ${problem.message}`,
        );
      }
      print(
        report.ok
          ? 'The data folder is consistent.'
          : `${report.problems.length} problem(s) found.`,
      );
    }
    return report.ok ? 0 : 1;
  });
}
