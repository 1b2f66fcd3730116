import { z } from 'zod';

/**
 * Connecting the app to a household server (`arcflux serve` shared by several people):
 * the address and personal token the user enters, checked here at the boundary before any
 * request carries the token anywhere.
 */

/**
 * Names that never leave this machine, where plain http exposes nothing on the wire. The
 * same two the page's Content-Security-Policy lets it reach over http (rendererAssets.ts).
 */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname.toLowerCase());
}

/**
 * Why an address is refused, as a code the settings form turns into words:
 * - not_a_url: it does not parse as an absolute address;
 * - unsupported_scheme: neither https nor http;
 * - insecure_remote: http to another machine, which would send the token in the clear;
 * - has_credentials / has_path: a user:password@ or a path, query or fragment, which the
 *   server's routes (/v1/...) would not be under.
 */
export const householdUrlProblemSchema = z.enum([
  'not_a_url',
  'unsupported_scheme',
  'insecure_remote',
  'has_credentials',
  'has_path',
]);
export type HouseholdUrlProblem = z.infer<typeof householdUrlProblemSchema>;

/** The problem with an address, or null when it may be used. */
export function householdUrlProblem(raw: string): HouseholdUrlProblem | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return 'not_a_url';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'unsupported_scheme';
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) return 'insecure_remote';
  if (url.username || url.password) return 'has_credentials';
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) return 'has_path';
  return null;
}

/** A household server's origin, such as "https://arcflux.example.org" (no trailing slash). */
export const householdUrlSchema = z
  .string()
  .trim()
  .min(1, 'is empty')
  .max(2000, 'is too long')
  .superRefine((raw, context) => {
    const problem = householdUrlProblem(raw);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  })
  .transform((raw) => new URL(raw).origin);

/** A personal token as the server hands it out: URL-safe letters, no spaces. */
export const householdTokenSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{16,200}$/, 'must be 16-200 letters, digits, "-" or "_"');

export const householdConnectionSchema = z
  .object({ url: householdUrlSchema, token: householdTokenSchema })
  .strict();
export type HouseholdConnection = z.output<typeof householdConnectionSchema>;
