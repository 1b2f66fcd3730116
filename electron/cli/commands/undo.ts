import { z } from 'zod';
import { parseCommandArguments, usageError } from '../arguments';
import { callCore, withCore } from '../session';

export const undoHelp = `arcflux undo <payment id> [--data DIR] [--json]
  Undoes a payment still in its undo window (settings' undoSeconds): it is cancelled and
  nothing of it is paid. Once its run has started it is refused and nothing changes.`;

const argumentsSchema = z.object({
  data: z.string().optional(),
  config: z.string().optional(),
  help: z.boolean().optional(),
  json: z.boolean().default(false),
});

export async function undoCommand(argv: readonly string[], print: (text: string) => void) {
  const { values, positionals } = parseCommandArguments(
    'undo',
    argv,
    { json: { type: 'boolean' } },
    argumentsSchema,
  );
  const [id, ...extra] = positionals;
  if (!id || extra.length > 0) throw usageError('undo', 'give exactly one payment id');
  return withCore(values, async (core) => {
    const result = await callCore(core, 'payments:undo', { id });
    print(
      values.json
        ? JSON.stringify(result, null, 2)
        : `Undone ${result.payment.id}: it is ${result.payment.status}, and nothing of it was paid.`,
    );
    return 0;
  });
}
