import { createHash, webcrypto } from 'node:crypto';
import { z } from 'zod';
import { writeChunksAtomic } from './atomicFile';
import { GENESIS_HASH, type ChainHead } from './chainedLog';
import { DataProblem, describeIssue } from './corruption';
import { COLLECTION_NAMES, ledgerCollectionsSchema, type LedgerCollections } from './ledgerRecords';

/**
 * The ledger folded into one JSON file, written atomically:
 *
 *     {"schemaVersion":1,"covers":{"seq":N,"hash":"..."},"data":{
 *     "payments":[
 *     {...},
 *     ...
 *     ]},"dataHash":"<sha-256 of the data's bytes>"}
 *
 * `covers` is the last log record folded in, so the log's next record must chain to it.
 * One record per line keeps a million-row file readable and diffable. The data's hash
 * makes a changed byte show, and lets start-up trust what it wrote (every record was
 * validated when it was committed) without checking each row again; `validate` still
 * checks them all.
 */
export const SNAPSHOT_VERSION = 1;

const headerSchema = z
  .object({
    schemaVersion: z.number().int().min(1),
    covers: z.object({ seq: z.number().int().min(0), hash: z.string().regex(/^[0-9a-f]{64}$/) }),
    data: z.unknown(),
    dataHash: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .strict();

const HASH_KEY = ',"dataHash":"';

export interface Snapshot {
  covers: ChainHead;
  data: LedgerCollections;
}

export const EMPTY_SNAPSHOT: Snapshot = {
  covers: { seq: 0, hash: GENESIS_HASH },
  data: { payments: [], proposals: [], riskAssessments: [], executions: [], notifications: [] },
};

/** What a snapshot is written from: any iterable per collection (a generator for bulk data). */
export interface SnapshotSource {
  covers: ChainHead;
  data: { [Name in keyof LedgerCollections]: Iterable<LedgerCollections[Name][number]> };
}

/** Writes the snapshot atomically, one record per line, streaming. */
export async function writeSnapshot(path: string, snapshot: SnapshotSource): Promise<void> {
  await writeChunksAtomic(path, snapshotChunks(snapshot));
}

function* snapshotChunks({ covers, data }: SnapshotSource): Generator<string> {
  const hash = createHash('sha256');
  const emit = (text: string) => {
    hash.update(text);
    return text;
  };
  yield `{"schemaVersion":${SNAPSHOT_VERSION},"covers":${JSON.stringify(covers)},"data":`;
  yield emit('{\n');
  let firstCollection = true;
  for (const name of COLLECTION_NAMES) {
    yield emit(`${firstCollection ? '' : ',\n'}${JSON.stringify(name)}:[`);
    firstCollection = false;
    const rows: Iterable<unknown> = data[name];
    let batch: string[] = [];
    let count = 0;
    for (const row of rows) {
      batch.push(`${count === 0 ? '\n' : ',\n'}${JSON.stringify(row)}`);
      count += 1;
      if (batch.length === 1000) {
        yield emit(batch.join(''));
        batch = [];
      }
    }
    if (batch.length > 0) yield emit(batch.join(''));
    yield emit(count === 0 ? ']' : '\n]');
  }
  yield emit('\n}');
  yield `${HASH_KEY}${hash.digest('hex')}"}\n`;
}

export interface ReadOptions {
  /** Check every record against its schema too (validate does; start-up trusts the hash). */
  checkRecords?: boolean;
}

/**
 * Parses and verifies a snapshot's bytes; a DataProblem says what is wrong with them.
 * The data's hash is checked first, over its exact bytes, so what is parsed after it is
 * what ArcFlux wrote, laid out one record per line as writeSnapshot lays it out. Each line
 * is parsed on its own: a million-transfer snapshot is larger than the longest string
 * JavaScript can hold, so it can never go through one JSON.parse.
 */
export function decodeSnapshot(bytes: Buffer, options: ReadOptions = {}): Snapshot {
  const found = locate(bytes);
  checkHash(createHash('sha256').update(found.data).digest('hex'), found.header.dataHash);
  return parsed(bytes, found, options);
}

/**
 * decodeSnapshot for start-up: the data's hash is worked out on the thread pool while
 * this thread parses the lines, since hashing a large snapshot costs as much as a good
 * part of parsing it. Nothing parsed is returned unless the hash matches, and a changed
 * byte is reported as such even when it also broke the parse.
 */
export async function readSnapshot(bytes: Buffer, options: ReadOptions = {}): Promise<Snapshot> {
  const found = locate(bytes);
  const digest = webcrypto.subtle.digest('SHA-256', found.data);
  let snapshot: Snapshot | undefined;
  let problem: unknown;
  try {
    snapshot = parsed(bytes, found, options);
  } catch (error) {
    problem = error;
  }
  checkHash(Buffer.from(await digest).toString('hex'), found.header.dataHash);
  if (snapshot === undefined) throw problem;
  return snapshot;
}

interface Located {
  header: z.infer<typeof headerSchema>;
  /** The data's bytes, as hashed: from its opening brace to its closing one. */
  data: Buffer;
  /** Where the data's records start (after the first line) and end. */
  recordsStart: number;
  recordsEnd: number;
}

function locate(bytes: Buffer): Located {
  const firstNewline = bytes.indexOf(0x0a);
  const dataEnd = bytes.lastIndexOf(HASH_KEY);
  const headerLine = firstNewline < 0 ? '' : bytes.toString('utf8', 0, firstNewline);
  const tail = dataEnd < 0 ? '' : bytes.toString('utf8', dataEnd + 1).trim();
  const header = readHeader(headerLine, tail);
  if (header.schemaVersion > SNAPSHOT_VERSION) {
    throw new DataProblem(
      `it was saved by a newer version of ArcFlux (format version ${header.schemaVersion}; this version reads up to ${SNAPSHOT_VERSION})`,
      'Use the newer ArcFlux with this data folder, or restore a backup made by this version.',
    );
  }
  return {
    header,
    data: bytes.subarray(firstNewline - 1, dataEnd),
    recordsStart: firstNewline + 1,
    recordsEnd: dataEnd,
  };
}

function checkHash(actual: string, expected: string): void {
  if (actual !== expected) {
    throw new DataProblem(
      'its data was changed after it was written: the data hash does not match (an edit by hand, or a damaged disk)',
    );
  }
}

function parsed(bytes: Buffer, found: Located, options: ReadOptions): Snapshot {
  const data = readCollections(bytes, found.recordsStart, found.recordsEnd);
  const { covers } = found.header;
  if (options.checkRecords) {
    const checked = ledgerCollectionsSchema.safeParse(data);
    if (!checked.success) throw new DataProblem(describeIssue(checked.error, 'data'));
    return { covers, data: checked.data };
  }
  return { covers, data };
}

const NOT_A_SNAPSHOT =
  'it is not an ArcFlux ledger snapshot, which holds {"schemaVersion": N, "covers": ..., "data": ..., "dataHash": ...} with one record per line';

/** The first line without its data, and the last line, as one object to check. */
function readHeader(headerLine: string, tail: string) {
  const opening = ',"data":{';
  let parsed: unknown;
  try {
    if (!headerLine.endsWith(opening) || !tail.startsWith('"dataHash":')) throw new Error();
    parsed = {
      ...JSON.parse(`${headerLine.slice(0, -opening.length)}}`),
      ...JSON.parse(`{${tail}`),
      data: null,
    };
  } catch {
    throw new DataProblem(NOT_A_SNAPSHOT);
  }
  const header = headerSchema.safeParse(parsed);
  if (!header.success) {
    throw new DataProblem(`${NOT_A_SNAPSHOT} (${describeIssue(header.error, '')})`);
  }
  return header.data;
}

/** The collections between `start` and `end`: a name line, its rows, a closing line. */
function readCollections(bytes: Buffer, start: number, end: number): LedgerCollections {
  const data: Partial<Record<string, unknown[]>> = {};
  let rows: unknown[] | undefined;
  let lineStart = start;
  let lineNumber = 1;
  while (lineStart < end) {
    let lineEnd = bytes.indexOf(0x0a, lineStart);
    if (lineEnd < 0 || lineEnd > end) lineEnd = end;
    lineNumber += 1;
    // A record's line ends in a comma but the last; leaving it out here spares a copy.
    const comma = bytes[lineEnd - 1] === 0x2c && bytes[lineStart] === 0x7b;
    const line = bytes.toString('utf8', lineStart, comma ? lineEnd - 1 : lineEnd);
    lineStart = lineEnd + 1;
    const opening = /^"(\w+)":\[(\])?,?$/.exec(line);
    if (opening?.[1] !== undefined) {
      rows = [];
      data[opening[1]] = rows;
      if (opening[2] !== undefined) rows = undefined;
    } else if (line === ']' || line === '],') {
      rows = undefined;
    } else if (rows && line.startsWith('{')) {
      try {
        rows.push(JSON.parse(line));
      } catch (error) {
        throw new DataProblem(`line ${lineNumber} is not valid JSON (${(error as Error).message})`);
      }
    } else if (line !== '}') {
      throw new DataProblem(`${NOT_A_SNAPSHOT}: line ${lineNumber} is not part of one`);
    }
  }
  const missing = COLLECTION_NAMES.find((name) => !Array.isArray(data[name]));
  if (missing !== undefined) throw new DataProblem(`its data has no "${missing}" list`);
  return data as unknown as LedgerCollections;
}
