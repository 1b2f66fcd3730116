import { hashBody } from '../chainedLog';

/**
 * JSON with every object's keys sorted, at every depth. PostgreSQL's jsonb keeps neither
 * key order nor spacing, so the audit log hashes this form: anyone can re-derive a row's
 * hash from the body as stored and check the chain, with no copy of the original bytes.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) return inner;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(inner).sort()) {
      sorted[key] = (inner as Record<string, unknown>)[key];
    }
    return sorted;
  });
}

/** The hash of one audit record's body (which names the previous record's hash). */
export function auditHash(body: unknown): string {
  return hashBody(canonicalJson(body));
}
