import { z } from 'zod';
import { idSchema, instantSchema } from '../../../shared/schemas/common';

/** Personal tokens start so; a person can tell theirs from the server's token. */
export const PERSONAL_TOKEN_PREFIX = 'afp_';

/**
 * A whole personal token: the prefix, then 32 random bytes in base64url. The redaction of
 * logs (config/redaction.ts) finds tokens by this shape too.
 */
export const PERSONAL_TOKEN_SOURCE = `${PERSONAL_TOKEN_PREFIX}[A-Za-z0-9_-]{43}`;

/**
 * One personal token as a store keeps it: household_tokens.json in a data folder, or the
 * household_tokens table of the PostgreSQL store. Never the token itself.
 */
export const storedTokenSchema = z
  .object({
    id: idSchema,
    userId: idSchema,
    /** SHA-256 of the whole token, hex. The token itself is never stored. */
    hash: z.string().regex(/^[0-9a-f]{64}$/),
    createdAt: instantSchema,
  })
  .strict();
export type StoredToken = z.infer<typeof storedTokenSchema>;

export const storedTokensSchema = z.array(storedTokenSchema);
