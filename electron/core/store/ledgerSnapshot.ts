import { createHash } from 'node:crypto';
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

/** Parses and verifies a snapshot's bytes; a DataProblem says what is wrong with them. */
export function decodeSnapshot(bytes: Buffer, options: ReadOptions = {}): Snapshot {
  const dataStart = bytes.indexOf('"data":') + '"data":'.length;
  const dataEnd = bytes.lastIndexOf(HASH_KEY);
  const text = bytes.toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new DataProblem(`it is not valid JSON (${(error as Error).message})`);
  }
  const header = headerSchema.safeParse(parsed);
  if (!header.success || dataStart < '"data":'.length || dataEnd < dataStart) {
    throw new DataProblem(
      `it is not an ArcFlux ledger snapshot, which holds {"schemaVersion": N, "covers": ..., "data": ..., "dataHash": ...}${header.success ? '' : ` (${describeIssue(header.error, '')})`}`,
    );
  }
  const { schemaVersion, covers, data, dataHash } = header.data;
  if (schemaVersion > SNAPSHOT_VERSION) {
    throw new DataProblem(
      `it was saved by a newer version of ArcFlux (format version ${schemaVersion}; this version reads up to ${SNAPSHOT_VERSION})`,
      'Use the newer ArcFlux with this data folder, or restore a backup made by this version.',
    );
  }
  const actual = createHash('sha256').update(bytes.subarray(dataStart, dataEnd)).digest('hex');
  if (actual !== dataHash) {
    throw new DataProblem(
      'its data was changed after it was written: the data hash does not match (an edit by hand, or a damaged disk)',
    );
  }
  if (options.checkRecords) {
    const checked = ledgerCollectionsSchema.safeParse(data);
    if (!checked.success) throw new DataProblem(describeIssue(checked.error, 'data'));
    return { covers, data: checked.data };
  }
  const collections = data as Partial<Record<string, unknown>> | null;
  const missing = COLLECTION_NAMES.find((name) => !Array.isArray(collections?.[name]));
  if (missing !== undefined) {
    throw new DataProblem(`its data has no "${missing}" list`);
  }
  return { covers, data: data as LedgerCollections };
}
