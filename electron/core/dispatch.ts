import { contract, isMethodName, METHOD_NAMES, type MethodName } from '../../shared/contract';
import type { Result } from '../../shared/errors';
import { CoreError, toErrorBody } from './errors';
import type { HandlerMap } from './handlers/types';
import { DESKTOP_CALLER, type Actor, type Caller } from './household/actor';
import { checkInput, summariseIssues } from './validation/issues';

/**
 * `caller` is who the door says is asking; absent, the desktop's configured user (the
 * window, the CLI, the server's own token), as before households.
 */
export type Dispatch = (name: unknown, input: unknown, caller?: Caller) => Promise<Result<unknown>>;

/**
 * The core's permission check (household/authorize.ts): the acting person, and the input
 * they may send. Throws a CoreError to refuse.
 */
export type Authorize = (
  name: MethodName,
  input: Record<string, unknown>,
  caller: Caller,
) => { actor: Actor; input: Record<string, unknown> };

/**
 * The single entry every door uses. It checks the method name and parses the input with
 * the contract's schema, runs the handler, checks the output, and never throws: callers
 * always get the result envelope. The core serves every method; a dispatch over fewer
 * handlers (`arcflux parse` without a data folder serves only `intents:parse`) answers
 * the others not_found.
 */
export function createDispatch<Names extends MethodName>(
  handlers: HandlerMap<Names>,
  onUnexpectedError: (name: string, error: unknown) => void,
  authorize?: Authorize,
): Dispatch {
  const served = METHOD_NAMES.filter((name) => Object.hasOwn(handlers, name));
  return async (name, input, caller = DESKTOP_CALLER) => {
    if (!isMethodName(name) || !Object.hasOwn(handlers, name)) {
      return {
        ok: false,
        error: {
          code: 'not_found',
          message: `Unknown method ${JSON.stringify(name)}. Known methods: ${served.join(', ')}.`,
        },
      };
    }
    const definition = contract[name];
    try {
      // Inside the try: a schema that throws on an odd value (a refinement reading null
      // once did) is a defect to log, and the caller still gets an envelope.
      const parsed = checkInput(definition.input, input ?? {});
      if (!parsed.ok) {
        return {
          ok: false,
          error: {
            code: 'invalid_input',
            message: summariseIssues(name, parsed.issues),
            issues: parsed.issues,
          },
        };
      }
      const handler = handlers[name as Names] as (input: unknown, actor?: Actor) => unknown;
      const allowed = authorize?.(name, parsed.data as Record<string, unknown>, caller);
      const output = definition.output.parse(
        await (allowed ? handler(allowed.input, allowed.actor) : handler(parsed.data)),
      );
      return { ok: true, data: output };
    } catch (error) {
      if (!(error instanceof CoreError)) onUnexpectedError(name, error);
      return { ok: false, error: toErrorBody(error) };
    }
  };
}

/** Logs an error no handler meant to throw, with its stack, under the method's name. */
export function logUnexpected(log: (line: string) => void) {
  return (name: string, error: unknown): void =>
    log(
      `arcflux: unexpected error in ${name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
}

export { CoreError };
