import type { ColumnDefinition, MigrationBuilder } from 'node-pg-migrate';

/**
 * The household store's first schema. Each row keeps the whole record as the contract's
 * schema wrote it (`data jsonb`, read back through zod), and beside it the fields queries
 * and constraints need as real columns: money as `numeric` (never a float), instants as
 * `timestamptz`. `position` keeps the order rows were first saved in, which the
 * repositories promise ("in the order they were first saved").
 */
export function up(pgm: MigrationBuilder): void {
  const position: ColumnDefinition = {
    type: 'bigint',
    notNull: true,
    sequenceGenerated: { precedence: 'ALWAYS' },
  };
  const id: ColumnDefinition = { type: 'text', notNull: true, primaryKey: true };
  const data: ColumnDefinition = { type: 'jsonb', notNull: true };
  const instant: ColumnDefinition = { type: 'timestamptz', notNull: true };

  pgm.createTable('users', {
    id,
    position,
    display_name: { type: 'text', notNull: true },
    data,
  });

  // One row per household; the key leaves room for per-user settings later.
  pgm.createTable('settings', {
    id,
    data,
    updated_at: instant,
  });

  pgm.createTable('payments', {
    id,
    position,
    user_id: { type: 'text', notNull: true },
    recipient_id: { type: 'text', notNull: true },
    amount: { type: 'numeric', notNull: true, check: 'amount > 0' },
    currency: { type: 'text', notNull: true },
    status: { type: 'text', notNull: true },
    paused: { type: 'boolean', notNull: true },
    next_run_at: { type: 'timestamptz' },
    created_at: instant,
    updated_at: instant,
    data,
  });
  // What a claim scans: live schedules by the time they fall due.
  pgm.createIndex('payments', ['next_run_at'], {
    name: 'payments_due',
    where: "next_run_at IS NOT NULL AND NOT paused AND status = 'scheduled'",
  });
  pgm.createIndex('payments', ['user_id']);

  pgm.createTable('proposals', {
    id,
    position,
    payment_id: { type: 'text', notNull: true },
    user_id: { type: 'text', notNull: true },
    status: { type: 'text', notNull: true },
    created_at: instant,
    expires_at: instant,
    decided_at: { type: 'timestamptz' },
    data,
  });
  pgm.createIndex('proposals', ['payment_id', 'position']);

  pgm.createTable('risk_assessments', {
    id,
    position,
    user_id: { type: 'text', notNull: true },
    created_at: instant,
    data,
  });

  // The execution journal: one row per line, as the file ledger writes them; the latest
  // row of an id is the attempt's state.
  pgm.createTable('executions', {
    position: { ...position, primaryKey: true },
    id: { type: 'text', notNull: true },
    payment_id: { type: 'text', notNull: true },
    occurrence_at: instant,
    idempotency_key: { type: 'text', notNull: true },
    attempt: { type: 'integer', notNull: true, check: 'attempt >= 1' },
    status: {
      type: 'text',
      notNull: true,
      check: "status IN ('started', 'succeeded', 'failed', 'skipped')",
    },
    amount: { type: 'numeric', notNull: true },
    currency: { type: 'text', notNull: true },
    started_at: instant,
    finished_at: { type: 'timestamptz' },
    data,
  });
  // Exactly once: one `started` line per attempt of an occurrence. Two executors that both
  // claim an occurrence cannot both start it; the second's transaction fails whole.
  pgm.createIndex('executions', ['id', 'attempt'], {
    name: 'executions_one_start',
    unique: true,
    where: "status = 'started'",
  });
  pgm.createIndex('executions', ['payment_id', 'occurrence_at']);
  pgm.createIndex('executions', ['id']);

  pgm.createTable('notifications', {
    position: { ...position, primaryKey: true },
    id: { type: 'text', notNull: true },
    user_id: { type: 'text', notNull: true },
    created_at: instant,
    data,
  });
  pgm.createIndex('notifications', ['id']);

  // The audit log: every commit's changes as one hash-chained record, the same chain the
  // file ledger keeps in ledger.jsonl. `hash` covers the body in canonical JSON (keys
  // sorted), so it verifies from the jsonb as stored.
  pgm.createTable('audit_log', {
    seq: { type: 'bigint', notNull: true, primaryKey: true, check: 'seq >= 1' },
    prev: { type: 'text', notNull: true, check: "prev ~ '^[0-9a-f]{64}$'" },
    hash: { type: 'text', notNull: true, unique: true, check: "hash ~ '^[0-9a-f]{64}$'" },
    at: instant,
    body: data,
  });
  // The chain's head, one row: a commit locks it last, so commits chain one after another
  // across every executor while their other writes run side by side.
  pgm.createTable('audit_head', {
    id: { type: 'boolean', notNull: true, primaryKey: true, default: true, check: 'id' },
    seq: { type: 'bigint', notNull: true },
    hash: { type: 'text', notNull: true },
  });
  pgm.sql(`INSERT INTO audit_head (id, seq, hash) VALUES (true, 0, '${'0'.repeat(64)}')`);
}

export function down(pgm: MigrationBuilder): void {
  for (const table of [
    'audit_head',
    'audit_log',
    'notifications',
    'executions',
    'risk_assessments',
    'proposals',
    'payments',
    'settings',
    'users',
  ]) {
    pgm.dropTable(table);
  }
}
