import type { ErrorBody, ErrorCode, ErrorReason, Issue } from '../../shared/errors';

/**
 * The one error type the core throws on purpose. Its message is written for the person
 * who will read it: what happened, why, and what to do. It never carries a secret.
 */
export class CoreError extends Error {
  /** For invalid input: every field that needs a change, with its path and code. */
  readonly issues: readonly Issue[] | undefined;
  /** For refusals a client acts on (a household role's limits): why, as a code. */
  readonly reason: ErrorReason | undefined;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown; issues?: readonly Issue[]; reason?: ErrorReason },
  ) {
    super(message, options);
    this.name = 'CoreError';
    this.issues = options?.issues;
    this.reason = options?.reason;
  }

  toBody(): ErrorBody {
    return {
      code: this.code,
      message: this.message,
      ...(this.issues ? { issues: [...this.issues] } : {}),
      ...(this.reason ? { reason: this.reason } : {}),
    };
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
