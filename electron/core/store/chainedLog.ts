import { createHash } from 'node:crypto';
import { DataProblem } from './corruption';
import { logLines, type LogExtent } from './logFile';

/** The hash a chain starts from: the "previous record" of the first record ever written. */
export const GENESIS_HASH = '0'.repeat(64);

/** Where a log's committed records stand: the last sequence number and its hash. */
export interface ChainHead {
  seq: number;
  hash: string;
}

/** One record as read back: its body (parsed), and where its line starts in the file. */
export interface ChainedRecord<Body> {
  seq: number;
  hash: string;
  body: Body;
}

/**
 * Every line is `{"hash":"<sha-256 hex>","body":{"seq":N,"prev":"<hash of N-1>",...}}`.
 * The hash covers the body's exact bytes, which name the previous record's hash, so an
 * edited byte anywhere breaks the chain at that record and every later one. Hashing the
 * bytes as written (rather than a re-serialisation) keeps verification exact for any body.
 */
const LINE_START = '{"hash":"';
const BODY_START = '","body":';
const BODY_OFFSET = LINE_START.length + 64 + BODY_START.length;

export function hashBody(bodyText: string | Uint8Array): string {
  return createHash('sha256').update(bodyText).digest('hex');
}

/** Encodes one record, chained to `prev`. */
export function encodeRecord(
  seq: number,
  prev: string,
  fields: Record<string, unknown>,
): { line: string; hash: string } {
  const bodyText = JSON.stringify({ seq, prev, ...fields });
  const hash = hashBody(bodyText);
  return { line: `${LINE_START}${hash}${BODY_START}${bodyText}}\n`, hash };
}

export interface DecodedLog<Body> {
  records: ChainedRecord<Body & { seq: number; prev: string }>[];
  /** Bytes of the good prefix; anything after it was an append that never completed. */
  size: number;
  droppedTornLine: boolean;
}

/**
 * Reads and verifies a chained log. The first record may continue `after` (the head a
 * snapshot covers) or be older than it, left by a fold that stopped before it cut the
 * log; either way every record must chain to the one before it, and a record the
 * snapshot claims to cover must have the hash the snapshot recorded.
 *
 * A last line with no newline, or one that ends in a newline but is not JSON, is an
 * append a crash cut short: it was never acknowledged (acknowledgement waits for the
 * whole line to be fsync'd), so it is dropped. Anything else that doesn't verify is a
 * DataProblem naming the first broken record.
 */
export function decodeLog<Body>(bytes: Buffer, after: ChainHead): DecodedLog<Body> {
  const records: DecodedLog<Body>['records'] = [];
  const extent: LogExtent = { size: 0, droppedTornLine: false };
  let previous: ChainHead | undefined;
  for (const { text, value: parsed, lineNumber } of logLines(bytes, extent, broken)) {
    const record = checkLine<Body>(text, parsed, lineNumber);
    if (previous === undefined) {
      const continues = record.seq === after.seq + 1 && record.body.prev === after.hash;
      if (record.seq > after.seq && !continues) {
        throw broken(
          lineNumber,
          `(record ${record.seq}) does not follow the snapshot, which ends at record ${after.seq}`,
        );
      }
    } else if (record.seq !== previous.seq + 1 || record.body.prev !== previous.hash) {
      throw broken(
        lineNumber,
        `(record ${record.seq}) does not follow record ${previous.seq}: the chain of hashes is broken there`,
      );
    }
    if (record.seq === after.seq && record.hash !== after.hash) {
      throw broken(
        lineNumber,
        `(record ${record.seq}) is not the record the snapshot says it covers`,
      );
    }
    records.push(record);
    previous = { seq: record.seq, hash: record.hash };
  }
  if (previous !== undefined && previous.seq < after.seq) {
    throw new DataProblem(
      `the log ends at record ${previous.seq}, before the snapshot's record ${after.seq}: the two files are from different times`,
      LOG_WAY_OUT,
    );
  }
  return { records, ...extent };
}

function checkLine<Body>(
  text: string,
  parsed: unknown,
  lineNumber: number,
): ChainedRecord<Body & { seq: number; prev: string }> {
  const record = parsed as { hash?: unknown; body?: { seq?: unknown; prev?: unknown } } | null;
  const hash = record?.hash;
  const body = record?.body;
  if (
    typeof hash !== 'string' ||
    !text.startsWith(`${LINE_START}${hash}${BODY_START}`) ||
    hash.length !== 64 ||
    typeof body !== 'object' ||
    body === null ||
    !Number.isSafeInteger(body.seq) ||
    typeof body.prev !== 'string'
  ) {
    throw broken(
      lineNumber,
      'is not an ArcFlux ledger record, which holds {"hash": ..., "body": ...}',
    );
  }
  const seq = body.seq as number;
  if (hashBody(text.slice(BODY_OFFSET, -1)) !== hash) {
    throw broken(
      lineNumber,
      `(record ${seq}) was changed after it was written: its hash does not match`,
    );
  }
  return { seq, hash, body: body as Body & { seq: number; prev: string } };
}

export const LOG_WAY_OUT =
  'Restore the data folder from a backup. The copy kept beside the log shows the record; if you changed it by hand, undo that change.';

function broken(lineNumber: number, what: string): DataProblem {
  return new DataProblem(`line ${lineNumber} ${what}`, LOG_WAY_OUT);
}
