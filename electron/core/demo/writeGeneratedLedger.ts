import { open, readdir, rename, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock } from '../clock';
import { DATA_FILES, LEGACY_LEDGER_FILES } from '../dataFolder';
import { CoreError } from '../errors';
import { acquireDataLock, DATA_LOCK_FILE } from '../store';
import { syncDirectory } from '../store/atomicFile';
import { LEDGER_FILES, LedgerStore } from '../store/ledgerStore';
import type { LedgerChunk } from './generateLedger';

/** How many records of each kind were written. */
export interface WrittenLedger {
  payments: number;
  transfers: number;
  executionLines: number;
  riskAssessments: number;
  proposals: number;
  notifications: number;
}

/**
 * Writes generated records into a new or empty data folder. The ledger goes through the
 * ledger store itself, one commit per chunk (each record checked against its schema, as
 * every write is), and is folded into its snapshot at the end, so the folder opens as
 * fast as any other; the contacts and balances are streamed as documents. A folder that
 * holds ArcFlux data (or anything else) is refused before anything is written. On a
 * failure part way the ledger files made here are removed; contacts are put in place
 * last, so an interrupted run never leaves a folder ArcFlux would take for a whole one.
 */
export async function writeGeneratedLedger(
  dataDir: string,
  chunks: Iterable<LedgerChunk> | AsyncIterable<LedgerChunk>,
  clock: Clock,
): Promise<WrittenLedger> {
  const lock = await acquireDataLock(dataDir, 'arcflux generate', { clock });
  const files = new Map<string, StreamedFile>();
  let ledger: LedgerStore | undefined;
  let finished = false;
  try {
    await refuseUsedFolder(dataDir);
    const documents = {
      users: await StreamedFile.create(dataDir, DATA_FILES.users, DOCUMENT),
      balances: await StreamedFile.create(dataDir, DATA_FILES.balances, DOCUMENT),
    };
    for (const file of Object.values(documents)) files.set(file.name, file);
    ledger = await LedgerStore.open(dataDir, clock, async () => undefined);
    const written: WrittenLedger = {
      payments: 0,
      transfers: 0,
      executionLines: 0,
      riskAssessments: 0,
      proposals: 0,
      notifications: 0,
    };
    for await (const chunk of chunks) {
      if (chunk.users) await documents.users.add(chunk.users);
      if (chunk.balances) await documents.balances.add(chunk.balances);
      await ledger.commit([
        ...chunk.riskAssessments.map((data) => ({ kind: 'risk' as const, data })),
        ...chunk.payments.map((data) => ({ kind: 'payment' as const, data })),
        ...chunk.proposals.map((data) => ({ kind: 'proposal' as const, data })),
        ...chunk.executions.map((data) => ({ kind: 'execution' as const, data })),
        ...chunk.notifications.map((data) => ({ kind: 'notification' as const, data })),
      ]);
      written.payments += chunk.payments.length;
      written.transfers += chunk.transfers;
      written.executionLines += chunk.executions.length;
      written.riskAssessments += chunk.riskAssessments.length;
      written.proposals += chunk.proposals.length;
      written.notifications += chunk.notifications.length;
    }
    await ledger.fold();
    await ledger.close();
    for (const file of files.values()) await file.finish();
    for (const file of [...files.values()].reverse()) await file.publish();
    await syncDirectory(dataDir);
    files.clear();
    finished = true;
    return written;
  } finally {
    for (const file of files.values()) await file.discard();
    if (ledger && !finished) {
      await ledger.close().catch(() => undefined);
      for (const name of Object.values(LEDGER_FILES)) {
        await unlink(join(dataDir, name)).catch(() => undefined);
      }
    }
    await lock.release();
  }
}

/** Names the store keeps (or an earlier ArcFlux kept) in a data folder, besides the lock. */
const DATA_NAMES: ReadonlySet<string> = new Set([
  ...Object.values(DATA_FILES),
  ...Object.values(LEGACY_LEDGER_FILES),
]);

async function refuseUsedFolder(dataDir: string): Promise<void> {
  const entries = (await readdir(dataDir)).filter(
    (name) => name !== DATA_LOCK_FILE && !name.endsWith(TEMP_SUFFIX),
  );
  const data = entries.filter((name) => DATA_NAMES.has(name));
  if (data.length > 0) {
    throw new CoreError(
      'conflict',
      `${dataDir} already holds ArcFlux data (${data.join(', ')}), so no demo data was generated there and nothing was changed. Generate into a new or empty folder with --data DIR.`,
    );
  }
  if (entries.length > 0) {
    throw new CoreError(
      'conflict',
      `${dataDir} is not empty (it holds ${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ', ...' : ''}), so no demo data was generated there and nothing was changed. Generate into a new or empty folder with --data DIR.`,
    );
  }
}

const TEMP_SUFFIX = '.generating';

/** How records are laid out in a file: the store's two formats. */
interface Layout {
  start: string;
  /** One record, given whether it is the file's first. */
  record: (value: unknown, first: boolean) => string;
  end: (empty: boolean) => string;
}

/**
 * JsonDocument's format, byte for byte what it writes: {"schemaVersion": 1, "data": [...]}
 * pretty-printed with two spaces and a trailing newline.
 */
const DOCUMENT: Layout = {
  start: '{\n  "schemaVersion": 1,\n  "data": [',
  record: (value, first) =>
    `${first ? '\n' : ',\n'}${JSON.stringify(value, null, 2).replace(/^/gm, '    ')}`,
  end: (empty) => (empty ? ']\n}\n' : '\n  ]\n}\n'),
};

/** Writes are gathered up to this size, so a million small records are not a million writes. */
const BUFFER_BYTES = 1 << 20;

/** One file being written under a temporary name. */
class StreamedFile {
  #pending: string[] = [];
  #pendingLength = 0;
  #count = 0;

  private constructor(
    readonly name: string,
    private readonly dataDir: string,
    private readonly handle: FileHandle,
    private readonly layout: Layout,
  ) {}

  static async create(dataDir: string, name: string, layout: Layout): Promise<StreamedFile> {
    const handle = await open(join(dataDir, `.${name}${TEMP_SUFFIX}`), 'w', 0o600);
    const file = new StreamedFile(name, dataDir, handle, layout);
    await file.#write(layout.start);
    return file;
  }

  async add(records: readonly unknown[]): Promise<void> {
    for (const record of records) {
      await this.#write(this.layout.record(record, this.#count === 0));
      this.#count += 1;
    }
  }

  /** Writes the end, flushes and syncs; the file is complete but not yet in place. */
  async finish(): Promise<void> {
    await this.#write(this.layout.end(this.#count === 0));
    await this.#flush();
    await this.handle.sync();
    await this.handle.close();
  }

  async publish(): Promise<void> {
    await rename(this.#tempPath(), join(this.dataDir, this.name));
  }

  /** After a failure: closes and removes the temporary file. */
  async discard(): Promise<void> {
    await this.handle.close().catch(() => undefined);
    await unlink(this.#tempPath()).catch(() => undefined);
  }

  async #write(text: string): Promise<void> {
    this.#pending.push(text);
    this.#pendingLength += text.length;
    if (this.#pendingLength >= BUFFER_BYTES) await this.#flush();
  }

  async #flush(): Promise<void> {
    if (this.#pending.length === 0) return;
    const bytes = Buffer.from(this.#pending.join(''), 'utf8');
    this.#pending = [];
    this.#pendingLength = 0;
    await this.handle.write(bytes);
  }

  #tempPath(): string {
    return join(this.dataDir, `.${this.name}${TEMP_SUFFIX}`);
  }
}
