import { contract, isMethodName, METHOD_NAMES, type MethodName } from '../../shared/contract';
import type { Result } from '../../shared/errors';
import { CoreError, toErrorBody } from './errors';
import type { HandlerMap } from './handlers/types';
import { checkInput, summariseIssues } from './validation/issues';

export type Dispatch = (name: unknown, input: unknown) => Promise<Result<unknown>>;

/**
 * The single entry every door uses. It checks the method name and parses the input with
 * the contract's schema, runs the handler, checks the output, and never throws: callers
 * always get the result envelope.
 */
export function createDispatch(
  handlers: HandlerMap<MethodName>,
  onUnexpectedError: (name: string, error: unknown) => void,
): Dispatch {
  return async (name, input) => {
    if (!isMethodName(name)) {
      return {
        ok: false,
        error: {
          code: 'not_found',
          message: `Unknown method ${JSON.stringify(name)}. Known methods: ${METHOD_NAMES.join(', ')}.`,
        },
      };
    }
    const definition = contract[name];
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
    try {
      const handler = handlers[name] as (input: unknown) => unknown;
      const output = definition.output.parse(await handler(parsed.data));
      return { ok: true, data: output };
    } catch (error) {
      if (!(error instanceof CoreError)) onUnexpectedError(name, error);
      return { ok: false, error: toErrorBody(error) };
    }
  };
}

export { CoreError };
