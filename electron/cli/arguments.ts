import { parseArgs, type ParseArgsConfig } from 'node:util';
import { z } from 'zod';
import { CoreError } from '../core/errors';
import { checkInput } from '../core/validation/issues';

type OptionSpecs = NonNullable<ParseArgsConfig['options']>;

/** Options every command takes. */
export const COMMON_OPTIONS = {
  data: { type: 'string' },
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies OptionSpecs;

/**
 * Parses argv for one command: node's parser for the shape, then zod for the values, so a
 * bad flag gets a sentence saying which flag, why, and what to write instead.
 */
export function parseCommandArguments<Schema extends z.ZodType>(
  command: string,
  argv: readonly string[],
  options: OptionSpecs,
  schema: Schema,
): { values: z.output<Schema>; positionals: string[] } {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { ...COMMON_OPTIONS, ...options },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw usageError(command, (error as Error).message);
  }
  const result = checkInput(schema, parsed.values);
  if (!result.ok) {
    // Every bad flag at once, in the core's plain words, so fixing one never reveals another.
    const details = result.issues.map((issue) => {
      const flag = issue.path.length ? `--${issue.path.join('.')}` : 'the arguments';
      const words = issue.message.replace(/\.$/, '');
      return `${flag}: ${words.charAt(0).toLowerCase()}${words.slice(1)}`;
    });
    throw usageError(command, details.join('; '));
  }
  return { values: result.data, positionals: parsed.positionals };
}

export function usageError(command: string, detail: string): CoreError {
  return new CoreError(
    'invalid_input',
    `arcflux ${command}: ${detail}. Run "arcflux ${command} --help" for the options; nothing was changed.`,
  );
}

/** Accepts "8787" from the command line as a port number. */
export const portOption = z.coerce.number().int().min(0).max(65_535);
