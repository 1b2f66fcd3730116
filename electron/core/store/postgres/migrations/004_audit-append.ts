import type { MigrationBuilder } from 'node-pg-migrate';

/**
 * Chains one audit record to the head the writer expects, or fails the transaction.
 *
 * A command's commit is sent as one batch of statements (its rows, then this call), so it
 * costs one round trip and one WAL flush. The writer computes the record's hash in advance
 * from the head it last read; this checks that head is still the current one under the
 * head's row lock, and raises `arcflux_head_moved` (SQLSTATE 40001, a serialization
 * failure) when another commit came first, which rolls the batch back whole. The writer
 * then reads what came first and tries again with the new head.
 */
export function up(pgm: MigrationBuilder): void {
  pgm.sql(`
    CREATE FUNCTION arcflux_append_audit(
      p_seq bigint, p_prev text, p_hash text, p_at timestamptz, p_body jsonb
    ) RETURNS void LANGUAGE plpgsql AS $body$
    BEGIN
      UPDATE audit_head SET seq = p_seq, hash = p_hash
       WHERE seq = p_seq - 1 AND hash = p_prev;
      IF NOT FOUND THEN
        RAISE EXCEPTION 'arcflux_head_moved: the audit head is no longer record %', p_seq - 1
          USING ERRCODE = 'serialization_failure';
      END IF;
      INSERT INTO audit_log (seq, prev, hash, at, body) VALUES (p_seq, p_prev, p_hash, p_at, p_body);
      -- Delivered at COMMIT only, to every process listening.
      PERFORM pg_notify('arcflux_ledger', p_seq::text);
    END
    $body$`);
}

export function down(pgm: MigrationBuilder): void {
  pgm.sql('DROP FUNCTION arcflux_append_audit(bigint, text, text, timestamptz, jsonb)');
}
