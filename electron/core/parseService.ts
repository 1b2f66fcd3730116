import {
  MAX_UNDERSTAND_TEXT,
  type IntentEngineChoice,
  type ParsedIntent,
  type UnderstandInput,
} from '../../shared/contract/intents';
import type { Intent } from '../../shared/schemas/intent';
import { createDispatch, logUnexpected, type Dispatch } from './dispatch';
import { CoreError } from './errors';
import { parseHandlers } from './handlers/intents';
import { openDemoIntentSource } from './intent/demoSource';
import { modelUnavailable, modelUnavailableReason } from './intent/engine';
import { tooLong } from './intent/parseIntent';

/**
 * The core's parse service for a caller that parses commands one by one (`arcflux parse`).
 * Every command goes through `intents:parse` on a dispatch, so the handler and the checks
 * of its input and output are the ones every door gets: the open core's dispatch, or with
 * no data folder one serving only that method over the demo seed (openDemoParseService).
 */
export interface ParseService {
  /**
   * The intent of one command. A command longer than the contract accepts gets the
   * parser's own `unknown` intent rather than an error, so a batch keeps one answer per
   * command; any other refusal (an unknown user) throws the core's error.
   */
  intentOf(input: UnderstandInput): Promise<Intent>;
}

export function parseServiceOver(dispatch: Dispatch): ParseService {
  return {
    async intentOf(input) {
      if (input.text.length > MAX_UNDERSTAND_TEXT) return tooLong(input.text.length);
      const result = await dispatch('intents:parse', input);
      if (!result.ok) throw new CoreError(result.error.code, result.error.message);
      // dispatch has parsed the output with the method's schema.
      return (result.data as ParsedIntent).intent;
    },
  };
}

export interface DemoParseService extends ParseService {
  /**
   * Checks the engine choice before any command is read. `llm` with no model that can run
   * throws the same `unavailable` error the handler would; otherwise it returns why no
   * model can run (so `auto` can say every command goes to the rules), or null.
   */
  checkEngine(choice: IntentEngineChoice): string | null;
}

/**
 * The parse service over the demo seed and system_config.json, read once and never
 * written: parsing a file of commands neither needs nor locks a data folder.
 */
export async function openDemoParseService(
  options: { configPath?: string; log?: (line: string) => void } = {},
): Promise<DemoParseService> {
  const source = await openDemoIntentSource({ configPath: options.configPath });
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const dispatch = createDispatch(parseHandlers(source), logUnexpected(log));
  return {
    ...parseServiceOver(dispatch),
    checkEngine(choice) {
      const reason = modelUnavailableReason(source.engines) ?? null;
      if (reason !== null && choice === 'llm') throw modelUnavailable(reason);
      return reason;
    },
  };
}
