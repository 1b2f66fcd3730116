import { resolve } from 'node:path';
import { z } from 'zod';
import { contract } from '../../../shared/contract';
import {
  intentEngineChoiceSchema,
  MAX_UNDERSTAND_TEXT,
  type ParsedIntent,
  type UnderstandInput,
} from '../../../shared/contract/intents';
import { idSchema, instantSchema, timezoneSchema } from '../../../shared/schemas/common';
import { openDemoIntentSource } from '../../core/intent/demoSource';
import { tooLong } from '../../core/intent/parseIntent';
import {
  modelUnavailable,
  modelUnavailableReason,
  type IntentEngines,
} from '../../core/intent/engine';
import { parseRequest } from '../../core/intent/service';
import { parseCommandArguments } from '../arguments';
import { callCore, withCore } from '../session';

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

type Parse = (input: UnderstandInput) => Promise<ParsedIntent>;

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
      parseLines((input) => callCore(core, 'intents:parse', input), request, print),
    );
  }
  const source = await openDemoIntentSource({
    configPath: values.config ? resolve(values.config) : undefined,
  });
  checkEngine(values.engine, source.engines);
  // The same input schema the core's dispatch applies, so both paths accept the same lines.
  const parse: Parse = (input) =>
    parseRequest(source, contract['intents:parse'].input.parse(input));
  return parseLines(parse, request, print);
}

/** `llm` without a model stops before reading anything; `auto` says it will use the rules. */
function checkEngine(choice: UnderstandInput['engine'], engines: IntentEngines): void {
  const reason = modelUnavailableReason(engines);
  if (!reason) return;
  if (choice === 'llm') throw modelUnavailable(reason);
  if (choice === 'auto') {
    process.stderr.write(
      `arcflux parse: no language model can run (${reason}); every line is parsed by the rules engine.\n`,
    );
  }
}

async function parseLines(
  parse: Parse,
  request: Omit<UnderstandInput, 'text'>,
  print: (text: string) => void,
): Promise<number> {
  for await (const text of stdinLines()) {
    print(JSON.stringify({ text, intent: await intentOf(parse, { ...request, text }) }));
  }
  return 0;
}

/**
 * A line too long for the contract still gets its one output line, the same `unknown`
 * the parser gives any overlong command; any other error (an unknown --user) stops.
 */
async function intentOf(parse: Parse, input: UnderstandInput) {
  if (input.text.length > MAX_UNDERSTAND_TEXT) return tooLong(input.text.length);
  return (await parse(input)).intent;
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
