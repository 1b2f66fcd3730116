import { z } from 'zod';
import {
  contract,
  eventSchemas,
  type EventName,
  type EventPayload,
  type MethodName,
  type MethodOutput,
} from '../../../shared/contract';
import { resultSchema, type ErrorBody, type ErrorCode, type Result } from '../../../shared/errors';

/**
 * Parses whatever came back from a door against the method's output schema. A reply that
 * does not fit the contract becomes an error envelope; it never reaches the store.
 */
export function parseResult<Name extends MethodName>(
  name: Name,
  raw: unknown,
): Result<MethodOutput<Name>> {
  return parseEnvelope(
    raw,
    resultSchemaFor(name),
    `ArcFlux received a reply to "${name}" that does not match what this version expects, so it was ignored. Reload the page; if it repeats, the app and its server may be out of date with each other.`,
  ) as Result<MethodOutput<Name>>;
}

/**
 * Parses a reply that is not a contract method's (the desktop-only channel, whose reply
 * schemas are in shared/contract/desktop, or a saved download) against the data schema
 * the caller expects, with the same treatment of unknown error codes and of replies that
 * fit nothing as `parseResult`.
 */
export function parseDesktopReply<Data extends z.ZodType>(
  raw: unknown,
  data: Data,
): Result<z.output<Data>> {
  return parseEnvelope(
    raw,
    resultSchema(data),
    'The app answered in a way this window does not understand. Restart ArcFlux.',
  ) as Result<z.output<Data>>;
}

/** Parses an event payload; returns null for anything that does not fit the contract. */
export function parseEvent<Name extends EventName>(
  name: Name,
  payload: unknown,
): EventPayload<Name> | null {
  const parsed = eventSchemas[name].safeParse(payload);
  return parsed.success ? (parsed.data as EventPayload<Name>) : null;
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(eventSchemas, name);
}

export function failure(code: ErrorCode, message: string): { ok: false; error: ErrorBody } {
  return { ok: false, error: { code, message } };
}

function parseEnvelope(raw: unknown, schema: z.ZodType, unreadable: string): Result<unknown> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data as Result<unknown>;
  const looksLikeError = errorEnvelopeSchema.safeParse(raw);
  // A well-formed error with a code this build does not know yet: keep its message.
  if (looksLikeError.success) return failure('internal', looksLikeError.data.error.message);
  return failure('internal', unreadable);
}

const errorEnvelopeSchema = z.object({
  ok: z.literal(false),
  error: z.object({ code: z.string(), message: z.string() }),
});

const resultSchemas = new Map<MethodName, z.ZodType>();

function resultSchemaFor(name: MethodName): z.ZodType {
  let schema = resultSchemas.get(name);
  if (!schema) {
    schema = resultSchema(contract[name].output);
    resultSchemas.set(name, schema);
  }
  return schema;
}
