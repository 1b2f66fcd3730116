import type { ErrorBody, ErrorCode, Issue } from '../../shared/errors';

/**
 * The one error type the core throws on purpose. Its message is written for the person
 * who will read it: what happened, why, and what to do. It never carries a secret.
 */
export class CoreError extends Error {
  /** For invalid input: every field that needs a change, with its path and code. */
  readonly issues: readonly Issue[] | undefined;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown; issues?: readonly Issue[] },
  ) {
    super(message, options);
    this.name = 'CoreError';
    this.issues = options?.issues;
  }

  toBody(): ErrorBody {
    return this.issues
      ? { code: this.code, message: this.message, issues: [...this.issues] }
      : { code: this.code, message: this.message };
  }
}

export function isCoreError(error: unknown): error is CoreError {
  return error instanceof CoreError;
}

/**
 * Turns anything thrown into an error body that is safe to show. Unexpected errors keep
 * their detail out of the message: it may hold paths or secrets.
 */
export function toErrorBody(error: unknown): ErrorBody {
  if (isCoreError(error)) return error.toBody();
  return {
    code: 'internal',
    message:
      'ArcFlux hit an unexpected internal error. Nothing was changed by this request; try again, and if it repeats, report it with the log.',
  };
}
