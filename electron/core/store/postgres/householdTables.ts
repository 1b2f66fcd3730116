import type pg from 'pg';
import { z } from 'zod';
import { balanceSchema, type Balance } from '../../../../shared/schemas/balance';
import { settingsSchema, type Settings } from '../../../../shared/schemas/settings';
import { userSchema, type User } from '../../../../shared/schemas/user';
import { storedTokensSchema, type StoredToken } from '../../household/storedToken';
import type { DocumentTable } from './postgresDocument';

/** The one settings row of a household; the key leaves room for per-user settings later. */
const HOUSEHOLD = 'household';

/**
 * The people, one row per user in the order first saved. A user no longer in the value is
 * deleted; the rest are replaced by id, keeping their place.
 */
export const usersTable: DocumentTable<User[]> = {
  name: 'users',
  schema: z.array(userSchema),
  async read(client) {
    const rows = await client.query<{ data: unknown }>('SELECT data FROM users ORDER BY position');
    return rows.rows.length === 0 ? undefined : rows.rows.map((row) => row.data);
  },
  async write(client, users) {
    await client.query('DELETE FROM users WHERE NOT (id = ANY($1::text[]))', [
      users.map((user) => user.id),
    ]);
    await client.query(
      `INSERT INTO users (id, display_name, data)
       SELECT e->>'id', e->>'displayName', e
         FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS t(e, n) ORDER BY n
       ON CONFLICT (id) DO UPDATE SET display_name = EXCLUDED.display_name, data = EXCLUDED.data`,
      [JSON.stringify(users)],
    );
  },
};

export const settingsTable: DocumentTable<Settings> = {
  name: 'settings',
  schema: settingsSchema,
  async read(client) {
    const rows = await client.query<{ data: unknown }>('SELECT data FROM settings WHERE id = $1', [
      HOUSEHOLD,
    ]);
    return rows.rows[0]?.data;
  },
  async write(client, settings) {
    await client.query(
      `INSERT INTO settings (id, data, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (id) DO UPDATE SET data = EXCLUDED.data, updated_at = EXCLUDED.updated_at`,
      [HOUSEHOLD, JSON.stringify(settings)],
    );
  },
};

/** Balances per user and currency; the amount is `numeric`, cast from its decimal string. */
export const balancesTable: DocumentTable<Balance[]> = {
  name: 'balances',
  schema: z.array(balanceSchema),
  async read(client) {
    const rows = await client.query<{ data: unknown }>(
      'SELECT data FROM balances ORDER BY position',
    );
    return rows.rows.length === 0 ? undefined : rows.rows.map((row) => row.data);
  },
  async write(client, balances) {
    await client.query(
      `DELETE FROM balances b
        WHERE NOT EXISTS (SELECT 1 FROM jsonb_array_elements($1::jsonb) e
                           WHERE e->>'userId' = b.user_id AND e->>'currency' = b.currency)`,
      [JSON.stringify(balances)],
    );
    await client.query(
      `INSERT INTO balances (user_id, currency, amount, updated_at, data)
       SELECT e->>'userId', e->>'currency', (e->>'amount')::numeric,
              (e->>'updatedAt')::timestamptz, e
         FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS t(e, n) ORDER BY n
       ON CONFLICT (user_id, currency) DO UPDATE SET
         amount = EXCLUDED.amount, updated_at = EXCLUDED.updated_at, data = EXCLUDED.data`,
      [JSON.stringify(balances)],
    );
  },
};

/**
 * Personal tokens' hashes (household/personalTokens.ts), one row per token in the order
 * issued. Unlike the other documents, none at all is a valid value (no one has a token
 * yet), so an empty table reads as an empty list. A token no longer in the value (revoked)
 * is deleted; a token never changes once issued, so one already stored is left as it is.
 */
export const tokensTable: DocumentTable<StoredToken[]> = {
  name: 'personal tokens',
  schema: storedTokensSchema,
  async read(client) {
    const rows = await client.query<{ data: unknown }>(
      `SELECT json_build_object('id', id, 'userId', user_id, 'hash', hash,
                                'createdAt', to_char(created_at AT TIME ZONE 'UTC',
                                                     'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) AS data
         FROM household_tokens ORDER BY position`,
    );
    return rows.rows.map((row) => row.data);
  },
  async write(client, tokens) {
    await client.query('DELETE FROM household_tokens WHERE NOT (id = ANY($1::text[]))', [
      tokens.map((token) => token.id),
    ]);
    await client.query(
      `INSERT INTO household_tokens (id, user_id, hash, created_at)
       SELECT e->>'id', e->>'userId', e->>'hash', (e->>'createdAt')::timestamptz
         FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS t(e, n) ORDER BY n
       ON CONFLICT (id) DO NOTHING`,
      [JSON.stringify(tokens)],
    );
  },
};

/** Whether the household database holds nothing yet: no ledger record, no user. */
export async function isEmptyHousehold(client: pg.ClientBase): Promise<boolean> {
  const result = await client.query<{ empty: boolean }>(
    `SELECT (SELECT seq FROM audit_head) = 0 AND NOT EXISTS (SELECT 1 FROM users)
            AND NOT EXISTS (SELECT 1 FROM balances) AND NOT EXISTS (SELECT 1 FROM settings)
            AS empty`,
  );
  return result.rows[0]?.empty === true;
}
