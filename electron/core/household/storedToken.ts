import { z } from 'zod';
import { idSchema, instantSchema } from '../../../shared/schemas/common';

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
