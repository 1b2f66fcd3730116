import { resolve } from 'node:path';
import { z } from 'zod';
import { intentEngineChoiceSchema, type UnderstandInput } from '../../../shared/contract/intents';
import { idSchema, instantSchema, timezoneSchema } from '../../../shared/schemas/common';
import { openDemoParseService, parseServiceOver, type ParseService } from '../../core/parseService';
import { parseCommandArguments } from '../arguments';
import { withCore } from '../session';

export const parseHelp = `arcflux parse [--now ISO] [--tz IANA] [--user ID] [--data DIR] [--engine rules|llm|auto]
  Reads one command per line on stdin and writes, for each line and in the same order,
  one JSON object {"text": ..., "intent": ...} on stdout. Nothing else goes to stdout.
  --now and --tz fix the clock and time zone so the output is reproducible. Without
  --data the demo users are read, read-only: no data folder is opened or locked.`;

const options = {
  now: { type: 'string' },
  tz: { type: 'string' },
  user: { type: 'string' },
  engine: { type: 'string' },
} as const;

const argumentsSchema = z.object({
  data: z.string().optional(),
  config: z.string().optional(),
  help: z.boolean().optional(),
  now: instantSchema.optional(),
  tz: timezoneSchema.optional(),
  user: idSchema.optional(),
  engine: intentEngineChoiceSchema.default('rules'),
});

export async function parseCommand(argv: readonly string[], print: (text: string) => void) {
  const { values } = parseCommandArguments('parse', argv, options, argumentsSchema);
  const request = {
    now: values.now,
    timezone: values.tz,
    userId: values.user,
    engine: values.engine,
  };
  if (values.data) {
    // The core's own model says, at the first line, whether it can run.
    return withCore(values, async (core) =>
      parseLines(parseServiceOver(core.dispatch), request, print),
    );
  }
  const service = await openDemoParseService({
    configPath: values.config ? resolve(values.config) : undefined,
  });
  // `llm` without a model stops before reading anything; `auto` says it will use the rules.
  const fallback = service.checkEngine(values.engine);
  if (fallback !== null && values.engine === 'auto') {
    process.stderr.write(
      `arcflux parse: no language model can run (${fallback}); every line is parsed by the rules engine.\n`,
    );
  }
  return parseLines(service, request, print);
}

async function parseLines(
  service: ParseService,
  request: Omit<UnderstandInput, 'text'>,
  print: (text: string) => void,
): Promise<number> {
  for await (const text of stdinLines()) {
    print(JSON.stringify({ text, intent: await service.intentOf({ ...request, text }) }));
  }
  return 0;
}

/** Lines of stdin as they arrive: split on "\n" only, a trailing "\r" dropped. */
async function* stdinLines(): AsyncGenerator<string> {
  process.stdin.setEncoding('utf8');
  let pending = '';
  for await (const chunk of process.stdin as AsyncIterable<string>) {
    pending += chunk;
    let newline = pending.indexOf('\n');
    while (newline >= 0) {
      yield pending.slice(0, newline).replace(/\r$/, '');
      pending = pending.slice(newline + 1);
      newline = pending.indexOf('\n');
    }
  }
  if (pending.length > 0) yield pending.replace(/\r$/, '');
}
