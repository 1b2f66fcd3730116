import { z } from 'zod';

/** The closed set of error codes that may cross any door. */
export const ERROR_CODES = [
  'invalid_input',
  'not_found',
  'conflict',
  'unauthorized',
  'forbidden',
  'locked',
  'corrupt_data',
  'invalid_config',
  'insufficient_funds',
  'limit_exceeded',
  'expired',
  /** Undo came too late: the payment's run has already started, so money may have moved. */
  'already_started',
  'unavailable',
  'internal',
] as const;
export const errorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

export const errorBodySchema = z
  .object({
    code: errorCodeSchema,
    /** What happened, why, and what to do next; never a secret or a stack trace. */
    message: z.string(),
  })
  .strict();
export type ErrorBody = z.infer<typeof errorBodySchema>;

export type Result<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };

/** Builds the envelope schema for one output schema, for checking results at a door. */
export function resultSchema<T extends z.ZodType>(data: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), data }),
    z.object({ ok: z.literal(false), error: errorBodySchema }),
  ]);
}

/** HTTP status for each code, so every door maps errors the same way. */
export const HTTP_STATUS_BY_CODE: Record<ErrorCode, number> = {
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  expired: 410,
  already_started: 409,
  locked: 423,
  insufficient_funds: 422,
  limit_exceeded: 422,
  corrupt_data: 500,
  invalid_config: 500,
  internal: 500,
  unavailable: 503,
};
