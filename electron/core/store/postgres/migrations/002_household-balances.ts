import type { MigrationBuilder } from 'node-pg-migrate';

/**
 * Balances as last known, per user and currency: the amount in `numeric` (never a float),
 * the record as its schema wrote it in `data`. `position` keeps the order they were first
 * saved in, as balances.json does.
 */
export function up(pgm: MigrationBuilder): void {
  pgm.createTable(
    'balances',
    {
      user_id: { type: 'text', notNull: true },
      currency: { type: 'text', notNull: true },
      position: { type: 'bigint', notNull: true, sequenceGenerated: { precedence: 'ALWAYS' } },
      amount: { type: 'numeric', notNull: true },
      updated_at: { type: 'timestamptz', notNull: true },
      data: { type: 'jsonb', notNull: true },
    },
    { constraints: { primaryKey: ['user_id', 'currency'] } },
  );
}

export function down(pgm: MigrationBuilder): void {
  pgm.dropTable('balances');
}
