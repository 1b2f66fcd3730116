import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { join } from 'node:path';
import { toInstant, type Clock } from '../clock';
import { DATA_FILES } from '../dataFolder';
import { JsonDocument } from '../store';
import { exists } from '../store/files';
import type { StoredDocument } from '../store/storedDocument';
import {
  PERSONAL_TOKEN_PREFIX,
  PERSONAL_TOKEN_SOURCE,
  storedTokensSchema,
  type StoredToken,
} from './storedToken';

const TOKEN_SHAPE = new RegExp(`^${PERSONAL_TOKEN_SOURCE}$`);

export const TOKENS_FILE_SPEC = {
  file: DATA_FILES.householdTokens,
  version: 1,
  schema: storedTokensSchema,
  initial: (): StoredToken[] => [],
};

type TokensDocument = StoredDocument<StoredToken[]>;

/**
 * Household members' personal tokens: 256 random bits each, shown once when issued and
 * kept only as a SHA-256 hash (a hash is enough: the token is random, not a password).
 *
 * They are kept where the household is: in a data folder, household_tokens.json, made
 * when the first token is issued (so a desktop that never sets up a household keeps
 * exactly the files it had); on the PostgreSQL store, its household_tokens table, shared
 * by every `serve` on the database (`over`).
 */
export class PersonalTokens {
  private constructor(
    private readonly clock: Clock,
    private document: TokensDocument | null,
    private readonly create: () => Promise<TokensDocument>,
  ) {}

  /** The tokens of a data folder (household_tokens.json). */
  static async open(dataDir: string, clock: Clock): Promise<PersonalTokens> {
    const create = () => JsonDocument.open(dataDir, TOKENS_FILE_SPEC, clock);
    const present = await exists(join(dataDir, TOKENS_FILE_SPEC.file));
    return new PersonalTokens(clock, present ? await create() : null, create);
  }

  /** How many tokens a data folder's household_tokens.json holds (0 without the file). */
  static async countInFolder(dataDir: string, clock: Clock): Promise<number> {
    const tokens = await PersonalTokens.open(dataDir, clock);
    return tokens.document?.value.length ?? 0;
  }

  /** The tokens of a store that keeps them itself (the household database's table). */
  static over(document: TokensDocument, clock: Clock): PersonalTokens {
    return new PersonalTokens(clock, document, () => Promise.resolve(document));
  }

  /** A new token for the user, returned once; only its hash is kept. */
  async issue(userId: string): Promise<{ token: string; tokenId: string }> {
    const token = `${PERSONAL_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    const stored: StoredToken = {
      id: `tok_${randomUUID().replace(/-/g, '').slice(0, 24)}`,
      userId,
      hash: hashOf(token),
      createdAt: toInstant(this.clock.now()),
    };
    this.document ??= await this.create();
    await this.document.update((current) => [...current, stored]);
    return { token, tokenId: stored.id };
  }

  /** Revokes every token of the user; returns how many there were. */
  async revoke(userId: string): Promise<number> {
    if (!this.document) return 0;
    const before = this.document.value.length;
    const after = await this.document.update((current) =>
      current.filter((stored) => stored.userId !== userId),
    );
    return before - after.length;
  }

  /** How many tokens each user holds. */
  counts(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const stored of this.document?.value ?? []) {
      counts.set(stored.userId, (counts.get(stored.userId) ?? 0) + 1);
    }
    return counts;
  }

  /**
   * The person a token belongs to, or null. Every stored hash is compared in constant
   * time, so the answer's timing says nothing about which (or whether one) matched.
   */
  identify(token: string): { userId: string; tokenId: string } | null {
    if (!TOKEN_SHAPE.test(token) || !this.document) return null;
    const given = Buffer.from(hashOf(token), 'hex');
    let found: StoredToken | null = null;
    for (const stored of this.document.value) {
      if (timingSafeEqual(Buffer.from(stored.hash, 'hex'), given)) found = stored;
    }
    return found ? { userId: found.userId, tokenId: found.id } : null;
  }
}

export function isPersonalTokenShape(token: string): boolean {
  return TOKEN_SHAPE.test(token);
}

function hashOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
