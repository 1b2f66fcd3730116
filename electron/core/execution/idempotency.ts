import { createHash } from 'node:crypto';

/**
 * Identities of one occurrence of one payment. Each is a pure function of the payment id and
 * the occurrence's instant, never of anything the user can edit (amount, memo, recipient),
 * so a retry, a crash recovery or a second tick always lands on the same key, and the
 * connector returns the original transfer instead of paying again.
 */

/** The occurrence key, readable in the journal: "pay_1a2b@2026-11-27T14:00:00.000Z". */
export function occurrenceKey(paymentId: string, occurrenceAt: string): string {
  return `${paymentId}@${new Date(occurrenceAt).toISOString()}`;
}

/** The execution id: one per occurrence, shared by every attempt, so the journal folds by it. */
export function executionIdFor(key: string): string {
  return `exe_${sha256(key).slice(0, 40)}`;
}

/**
 * The occurrence key as a UUID, for connectors whose idempotency keys must be UUIDs, as
 * Circle's are. Circle's API reference requires a version-4 UUID ("Universally unique
 * identifier (UUID v4) idempotency key") and may refuse any other version, yet a random v4
 * would break exactly-once: a resubmission after a crash must send the same key. So the
 * key is a hash (SHA-1 over ArcFlux's namespace and the occurrence key, as RFC 4122's
 * name-based UUIDs are made) wearing the version-4 form: the version nibble is set to 4
 * and the variant bits to RFC 4122's 10xx. The other 122 bits are the hash's, as
 * unpredictable as a random v4's, so the same occurrence always gives the same key and
 * two occurrences meet only by a 122-bit collision.
 *
 * Version 5 is the form ArcFlux sent before (a plain RFC 4122 name-based UUID). A run
 * first submitted in that form and still in doubt must be resubmitted in it, or Circle
 * would see a new transfer: the journal line says which form its run went out in
 * (`uuidVersion`), and the execution engine passes it on.
 */
export function idempotencyUuid(key: string, version: UuidVersion = 4): string {
  const hash = createHash('sha1').update(NAMESPACE).update(key, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | (version << 4);
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The UUID versions an idempotency key has gone out in: 4 now, 5 before. */
export type UuidVersion = 4 | 5;

// ArcFlux's own namespace: fixed forever, or every key would change meaning.
const NAMESPACE = Buffer.from('6f1c3f0e8a6d4f0b9a55c2b1d7e4a913', 'hex');

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
