import pg from 'pg';
import type { LedgerChange } from '../ledgerRecords';

type Kind = LedgerChange['kind'];
type DataOf<K extends Kind> = Extract<LedgerChange, { kind: K }>['data'];

/**
 * One statement per kind of change, whatever the number of rows: the rows go as one
 * jsonb array (`$rows`, an escaped literal) and SQL takes the columns out of each element. Money is cast to `numeric`
 * from its decimal string and instants to `timestamptz` from their ISO text, so nothing
 * passes through a JavaScript number. `data` keeps the record exactly as its schema made
 * it; `WITH ORDINALITY` keeps the array's order in `position`.
 */
const STATEMENTS: Record<Kind, string> = {
  payment: `
    INSERT INTO payments (id, user_id, recipient_id, amount, currency, status, paused,
                          next_run_at, created_at, updated_at, data)
    SELECT e->>'id', e->>'userId', e->>'recipientId', (e->>'amount')::numeric, e->>'currency',
           e->>'status', (e->>'paused')::boolean, (e->>'nextRunAt')::timestamptz,
           (e->>'createdAt')::timestamptz, (e->>'updatedAt')::timestamptz, e
      FROM jsonb_array_elements($rows::jsonb) WITH ORDINALITY AS t(e, n) ORDER BY n
    ON CONFLICT (id) DO UPDATE SET
      user_id = EXCLUDED.user_id, recipient_id = EXCLUDED.recipient_id,
      amount = EXCLUDED.amount, currency = EXCLUDED.currency, status = EXCLUDED.status,
      paused = EXCLUDED.paused, next_run_at = EXCLUDED.next_run_at,
      created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at, data = EXCLUDED.data`,
  proposal: `
    INSERT INTO proposals (id, payment_id, user_id, status, created_at, expires_at,
                           decided_at, data)
    SELECT e->>'id', e->>'paymentId', e->>'userId', e->>'status',
           (e->>'createdAt')::timestamptz, (e->>'expiresAt')::timestamptz,
           (e->>'decidedAt')::timestamptz, e
      FROM jsonb_array_elements($rows::jsonb) WITH ORDINALITY AS t(e, n) ORDER BY n
    ON CONFLICT (id) DO UPDATE SET
      payment_id = EXCLUDED.payment_id, user_id = EXCLUDED.user_id, status = EXCLUDED.status,
      created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at,
      decided_at = EXCLUDED.decided_at, data = EXCLUDED.data`,
  risk: `
    INSERT INTO risk_assessments (id, user_id, created_at, data)
    SELECT e->>'id', e->>'userId', (e->>'createdAt')::timestamptz, e
      FROM jsonb_array_elements($rows::jsonb) WITH ORDINALITY AS t(e, n) ORDER BY n`,
  execution: `
    INSERT INTO executions (id, payment_id, occurrence_at, idempotency_key, attempt, status,
                            amount, currency, started_at, finished_at, data)
    SELECT e->>'id', e->>'paymentId', (e->>'occurrenceAt')::timestamptz, e->>'idempotencyKey',
           (e->>'attempt')::integer, e->>'status', (e->>'amount')::numeric, e->>'currency',
           (e->>'startedAt')::timestamptz, (e->>'finishedAt')::timestamptz, e
      FROM jsonb_array_elements($rows::jsonb) WITH ORDINALITY AS t(e, n) ORDER BY n`,
  notification: `
    INSERT INTO notifications (id, user_id, created_at, data)
    SELECT e->>'id', e->>'userId', (e->>'createdAt')::timestamptz, e
      FROM jsonb_array_elements($rows::jsonb) WITH ORDINALITY AS t(e, n) ORDER BY n`,
};

/** The order kinds are written in; rows of one kind keep the order they were committed in. */
const KINDS: readonly Kind[] = ['payment', 'proposal', 'risk', 'execution', 'notification'];

/**
 * One commit's row writes as SQL text, statements separated by semicolons, to be sent with
 * more statements in one round trip (the simple query protocol takes no parameters). Each
 * kind's rows are one jsonb literal escaped by node-postgres (quotes and backslashes), so
 * no value is ever spliced into SQL unescaped; what the text holds is only ever data.
 */
export function changeStatements(changes: readonly LedgerChange[]): string {
  const statements: string[] = [];
  for (const kind of KINDS) {
    const rows = rowsOf(changes, kind);
    if (rows.length === 0) continue;
    // A replacer function: a replacement string would read "$'" or "$&" in the data as
    // patterns.
    statements.push(STATEMENTS[kind].replace('$rows', () => jsonLiteral(rows)));
  }
  return statements.join(';\n');
}

/** A JSON value as an escaped SQL string literal. */
export function jsonLiteral(value: unknown): string {
  return pg.escapeLiteral(JSON.stringify(value));
}

/**
 * The rows of one kind. Payments and proposals are replaced by id, so a commit that saves
 * one twice writes it once, with the last version, where it was first saved (as the file
 * ledger's Map does); one INSERT cannot touch a row twice.
 */
function rowsOf<K extends Kind>(changes: readonly LedgerChange[], kind: K): DataOf<K>[] {
  const data = changes
    .filter((change): change is Extract<LedgerChange, { kind: K }> => change.kind === kind)
    .map((change) => change.data as DataOf<K>);
  if (kind !== 'payment' && kind !== 'proposal') return data;
  const byId = new Map<string, DataOf<K>>();
  for (const row of data) byId.set((row as { id: string }).id, row);
  return [...byId.values()];
}
