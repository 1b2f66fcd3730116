import type { MigrationBuilder } from 'node-pg-migrate';

/**
 * Household members' personal tokens, shared by every `serve` on the database so a token
 * issued or revoked through one holds on all: the token's id, its person, the SHA-256 of
 * the token (hex) and when it was issued. Never the token itself. `position` keeps the
 * order they were issued in, as household_tokens.json does.
 */
export function up(pgm: MigrationBuilder): void {
  pgm.createTable('household_tokens', {
    id: { type: 'text', notNull: true, primaryKey: true },
    position: { type: 'bigint', notNull: true, sequenceGenerated: { precedence: 'ALWAYS' } },
    user_id: { type: 'text', notNull: true },
    hash: { type: 'text', notNull: true, unique: true, check: "hash ~ '^[0-9a-f]{64}$'" },
    created_at: { type: 'timestamptz', notNull: true },
  });
  pgm.createIndex('household_tokens', ['user_id']);
}

export function down(pgm: MigrationBuilder): void {
  pgm.dropTable('household_tokens');
}
