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
  /** The body was sent as a media type the route does not take (JSON routes take JSON only). */
  'unsupported_media_type',
  /**
   * The payment service (Circle) refused a request for good: a wrong or revoked key, a
   * wallet id it doesn't know, a key for another network. The message says what it said.
   */
  'connector_refused',
  /** The payment service could not be reached or failed for now; trying again may pass. */
  'connector_unavailable',
  'internal',
] as const;
export const errorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

/**
 * Why one field was refused, as a stable code the renderer can act on; the message says
 * the same in plain words. The codes are ours, never zod's, so a zod upgrade can't change
 * what crosses a door.
 */
export const ISSUE_CODES = [
  /** Nothing was given where a value is needed. */
  'required',
  /** A value of the wrong kind: text where a number goes, a number where text goes. */
  'wrong_type',
  /** A number with a fraction where a whole number goes. */
  'not_whole_number',
  /** Text that does not have the expected form (an amount, a time, an id). */
  'invalid_format',
  /** A value outside the closed set of choices. */
  'invalid_choice',
  'too_small',
  'too_large',
  /** A field this request does not have. */
  'unknown_field',
  /** The daily limit is below the per-payment limit: one allowed payment could break it. */
  'daily_below_per_payment',
  /** The monthly limit is below the daily limit. */
  'monthly_below_daily',
  /** The review score is below the confirmation score. */
  'flag_below_confirm_score',
  /** Any other refusal; the message says what is wrong. */
  'invalid',
] as const;
export const issueCodeSchema = z.enum(ISSUE_CODES);
export type IssueCode = z.infer<typeof issueCodeSchema>;

/**
 * Why a request was refused at the door, for the errors a client must act on rather than
 * read: the browser tab shows its signed-out screen from these, never from the message.
 */
export const ERROR_REASONS = [
  /** No session token, or one this server never gave out. */
  'not_signed_in',
  /** The session went unused for longer than the server's idle limit. */
  'session_expired',
  /** The session was made by an earlier run of the server; sessions end with the process. */
  'server_restarted',
  /** The launch code was already traded for a session: codes work once. */
  'launch_code_used',
  /** The launch code was not used within its short life. */
  'launch_code_expired',
  /** The launch code is not one this server printed. */
  'launch_code_unknown',
  /** The Host header names an address this server is not bound to (DNS rebinding). */
  'host_not_allowed',
  /** The Origin header names a page other than this server's own. */
  'origin_not_allowed',
  /** The acting user's household role may not do this (a viewer paying, a member changing settings). */
  'role_forbids',
  /** A personal token named another user in the request; it acts only as its own person. */
  'other_user',
  /** A member (or viewer) acted on a payment that belongs to someone else. */
  'not_your_payment',
  /** The person who asked for a payment tried to give its second approval themselves. */
  'own_request',
  /** A payment waiting for a second person's approval can be approved by an owner only. */
  'owner_must_approve',
] as const;
export const errorReasonSchema = z.enum(ERROR_REASONS);
export type ErrorReason = z.infer<typeof errorReasonSchema>;

export const issueSchema = z
  .object({
    /** Where in the input, e.g. ["guardian", "limits", "daily"]; [] is the input itself. */
    path: z.array(z.union([z.string(), z.number()])),
    code: issueCodeSchema,
    /** What to change, in plain words, as one sentence to show beside the field. */
    message: z.string(),
  })
  .strict();
export type Issue = z.infer<typeof issueSchema>;

export const errorBodySchema = z
  .object({
    code: errorCodeSchema,
    /** What happened, why, and what to do next; never a secret or a stack trace. */
    message: z.string(),
    /** For invalid input: every field that needs a change, all at once. */
    issues: z.array(issueSchema).optional(),
    /** For refusals at the door (sessions, addresses) and by household role: why, as a code to act on. */
    reason: errorReasonSchema.optional(),
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
  unsupported_media_type: 415,
  // A gateway's codes: the request was fine, the service behind ArcFlux said no, or was away.
  connector_refused: 502,
  connector_unavailable: 503,
};
