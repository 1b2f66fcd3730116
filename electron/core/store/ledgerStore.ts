import { join } from 'node:path';
import type { Execution } from '../../../shared/schemas/execution';
import type { Notification } from '../../../shared/schemas/notification';
import type { Payment } from '../../../shared/schemas/payment';
import type { Proposal } from '../../../shared/schemas/proposal';
import type { RiskAssessment } from '../../../shared/schemas/risk';
import { toInstant, type Clock } from '../clock';
import { CoreError } from '../errors';
import { foldNotifications } from '../notifications/foldNotification';
import { removeStaleTempFiles } from './atomicFile';
import { CommandUnits } from './commandUnits';
import type { LedgerBackend } from './ledgerBackend';
import { decodeLog, encodeRecord, type ChainHead } from './chainedLog';
import { LogFile } from './logFile';
import { DataProblem, describeIssue, quarantine } from './corruption';
import { readIfExists } from './files';
import {
  checkedChange,
  ledgerBodySchema,
  type LedgerBody,
  type LedgerChange,
  type LedgerCollections,
} from './ledgerRecords';
import { applyChange, loadCollections } from './ledgerState';
import { EMPTY_SNAPSHOT, readSnapshot, writeSnapshot, type Snapshot } from './ledgerSnapshot';

export const LEDGER_FILES = {
  snapshot: 'ledger.json',
  log: 'ledger.jsonl',
} as const;

export interface LedgerOptions {
  /**
   * Log size, in bytes, past which the log is folded into a new snapshot. Small enough
   * that start-up replays little, large enough that folding (a rewrite of everything)
   * stays rare: at about 1 kB a command, 8 MB is some 8,000 commands.
   */
  foldBytes?: number;
  /** Test seam: called between the steps of a fold, where a crash test kills the process. */
  foldPause?: (point: 'snapshot_written') => Promise<void>;
}

type Listener = (change: LedgerChange) => void;

interface PendingCommit {
  changes: LedgerChange[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * The ledger: payments, proposals, risk assessments, the execution journal and the
 * notification outbox, kept in memory and made durable as an append-only, hash-chained
 * log (`ledger.jsonl`) that is folded now and then into a snapshot (`ledger.json`).
 *
 * - A commit is one log line, fsync'd before the call resolves; commits that arrive
 *   while a write is in progress share the next write and fsync (group commit).
 * - `together` makes one command's records one commit.
 * - Reads see committed state only: a change shows once it is on disk.
 * - Start-up reads the snapshot plus the log after it; any record that does not verify
 *   is reported, with a copy kept, and nothing starts (never a silent reset).
 */
export class LedgerStore implements LedgerBackend {
  readonly payments = new Map<string, Payment>();
  readonly proposals = new Map<string, Proposal>();
  readonly riskAssessments: RiskAssessment[] = [];
  readonly riskById = new Map<string, RiskAssessment>();
  /** Journal entries in commit order; only ever grows while the store is open. */
  readonly executions: Execution[] = [];
  readonly notifications: Notification[] = [];

  readonly #listeners = new Set<Listener>();
  readonly #units = new CommandUnits();
  readonly #pending: PendingCommit[] = [];
  #draining: Promise<void> | undefined;
  #head: ChainHead;
  #folding: Promise<void> | undefined;
  #cutPending: { bytes: number } | undefined;

  private constructor(
    readonly dataDir: string,
    private readonly log: LogFile,
    head: ChainHead,
    private readonly clock: Clock,
    private readonly options: LedgerOptions,
  ) {
    this.#head = head;
  }

  /**
   * Opens the ledger in `dataDir`. `initial` supplies the contents when the folder has no
   * ledger yet (migrated from older files, or empty); it is written as the first
   * snapshot before anything else happens.
   */
  static async open(
    dataDir: string,
    clock: Clock,
    initial: () => Promise<LedgerCollections | undefined>,
    options: LedgerOptions = {},
  ): Promise<LedgerStore> {
    const snapshotPath = join(dataDir, LEDGER_FILES.snapshot);
    const logPath = join(dataDir, LEDGER_FILES.log);
    await removeStaleTempFiles(snapshotPath);
    await removeStaleTempFiles(logPath);
    let snapshot: Snapshot;
    const snapshotBytes = await readIfExists(snapshotPath);
    if (snapshotBytes === undefined) {
      const data = await initial();
      if (data === undefined && (await readIfExists(logPath))?.length) {
        throw new CoreError(
          'corrupt_data',
          `ArcFlux found ${logPath} but not the snapshot ${LEDGER_FILES.snapshot} it continues, so it cannot rebuild the ledger. ArcFlux did not start and changed nothing. Restore ${LEDGER_FILES.snapshot} from a backup.`,
        );
      }
      snapshot = { ...EMPTY_SNAPSHOT, data: data ?? EMPTY_SNAPSHOT.data };
      await writeSnapshot(snapshotPath, snapshot);
    } else {
      try {
        snapshot = await readSnapshot(snapshotBytes);
      } catch (error) {
        if (error instanceof DataProblem) {
          throw await quarantine(snapshotPath, snapshotBytes, error, clock);
        }
        throw error;
      }
    }
    const { file, bytes } = await LogFile.openOrCreate(logPath);
    let records;
    let size: number;
    try {
      const decoded = decodeLog<LedgerBody>(bytes, snapshot.covers);
      size = decoded.size;
      records = decoded.records.map((record, index) => {
        const body = ledgerBodySchema.safeParse(record.body);
        if (!body.success) {
          throw new DataProblem(
            `line ${index + 1} (record ${record.seq}) is not a valid ledger record (${describeIssue(body.error, 'body')})`,
          );
        }
        return { ...record, body: body.data };
      });
    } catch (error) {
      if (error instanceof DataProblem) throw await quarantine(logPath, bytes, error, clock);
      throw error;
    }
    if (size < bytes.length) await file.truncate(size);
    const last = records.at(-1);
    const head = last && last.seq > snapshot.covers.seq ? last : snapshot.covers;
    const store = new LedgerStore(
      dataDir,
      file,
      { seq: head.seq, hash: head.hash },
      clock,
      options,
    );
    loadCollections(store, snapshot.data);
    for (const record of records) {
      if (record.seq <= snapshot.covers.seq) continue;
      for (const change of record.body.changes) store.#apply(change);
    }
    return store;
  }

  /** The last committed record. */
  get head(): ChainHead {
    return { ...this.#head };
  }

  /** Hears every change as it is applied, after it is durable. */
  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Commits `changes` as one record. Outside `together` it resolves once the record is on
   * disk. Inside `together` it is added to that unit's record and resolves at once; the
   * unit commits when its work is done.
   */
  commit(input: readonly LedgerChange[]): Promise<void> {
    let changes: LedgerChange[];
    try {
      changes = input.map(checkedChange);
    } catch (error) {
      return Promise.reject(error);
    }
    if (changes.length === 0 || this.#units.join(changes)) return Promise.resolve();
    return this.#enqueue(changes);
  }

  /**
   * Runs `work` so that every commit it makes lands as one record with one fsync, once it
   * is done: all of a command's records or none. Its reads see what was committed before
   * it, not its own pending changes. If `work` throws, nothing it committed is written.
   */
  together<T>(work: () => Promise<T>): Promise<T> {
    return this.#units.run(work, (changes) => this.#enqueue(changes));
  }

  /** Runs `announce` once what the current unit committed is durable (at once outside one). */
  afterCommit(announce: () => void): void {
    this.#units.afterCommit(announce);
  }

  #enqueue(changes: LedgerChange[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#pending.push({ changes, resolve, reject });
      this.#drain();
    });
  }

  /** Waits for every commit and fold in progress. */
  async close(): Promise<void> {
    await this.#draining;
    await this.#folding;
    await this.#draining;
  }

  /** Folds the log into a new snapshot now (tests, and `arcflux generate`). */
  async fold(): Promise<void> {
    await this.#draining;
    await this.#folding;
    this.#startFold();
    await this.#folding;
    await this.#draining;
  }

  #drain(): void {
    if (this.#draining) return;
    this.#draining = (async () => {
      // Let commits made in the same tick join the first group.
      await Promise.resolve();
      while (this.#pending.length > 0 || this.#cutPending) {
        if (this.#cutPending && this.#pending.length === 0) {
          // A cut that fails leaves the whole log, whose folded records start-up skips:
          // nothing is lost, and the next fold cuts again.
          await this.#cutLog(this.#cutPending.bytes).catch(() => undefined);
          continue;
        }
        await this.#writeGroup(this.#pending.splice(0));
      }
    })().finally(() => {
      this.#draining = undefined;
      if (this.#pending.length > 0 || this.#cutPending) this.#drain();
    });
  }

  async #writeGroup(group: PendingCommit[]): Promise<void> {
    const at = toInstant(this.clock.now());
    let head = this.#head;
    const lines: string[] = [];
    for (const commit of group) {
      const seq = head.seq + 1;
      const { line, hash } = encodeRecord(seq, head.hash, { v: 1, at, changes: commit.changes });
      lines.push(line);
      head = { seq, hash };
    }
    try {
      await this.log.append(Buffer.from(lines.join(''), 'utf8'));
    } catch (error) {
      for (const commit of group) commit.reject(error);
      return;
    }
    this.#head = head;
    for (const commit of group) {
      for (const change of commit.changes) this.#apply(change);
    }
    for (const commit of group) commit.resolve();
    if (this.log.size >= (this.options.foldBytes ?? DEFAULT_FOLD_BYTES) && !this.#folding) {
      this.#startFold();
    }
  }

  /**
   * Folding: the state as of the last record is captured at once (rows are replaced, never
   * changed in place, so the capture is a list of references), written as the new
   * snapshot while commits go on, and only then is the folded part cut from the log. A
   * crash before the cut leaves records the snapshot already holds; start-up checks they
   * chain to it and skips them.
   */
  #startFold(): void {
    const snapshot: Snapshot = { covers: { ...this.#head }, data: this.#collections() };
    const cut = this.log.size;
    this.#folding = (async () => {
      await writeSnapshot(join(this.dataDir, LEDGER_FILES.snapshot), snapshot);
      await this.options.foldPause?.('snapshot_written');
      this.#cutPending = { bytes: cut };
      this.#drain();
      await this.#draining;
    })().finally(() => {
      this.#folding = undefined;
    });
    // A fold that fails leaves the log whole; the next commit past the size tries again.
    this.#folding.catch(() => undefined);
  }

  async #cutLog(bytes: number): Promise<void> {
    this.#cutPending = undefined;
    await this.log.dropPrefix(bytes);
  }

  /**
   * The ledger as a snapshot keeps it. Journal entries that a later entry of the same
   * attempt supersedes are left out, except successes: two successes of one occurrence
   * must stay visible to `validate` however often the log is folded.
   */
  #collections(): LedgerCollections {
    const seen = new Set<string>();
    const executions: Execution[] = [];
    for (let index = this.executions.length - 1; index >= 0; index -= 1) {
      const entry = this.executions[index] as Execution;
      if (!seen.has(entry.id) || entry.status === 'succeeded') executions.push(entry);
      seen.add(entry.id);
    }
    executions.reverse();
    return {
      payments: [...this.payments.values()],
      proposals: [...this.proposals.values()],
      riskAssessments: [...this.riskAssessments],
      executions,
      notifications: foldNotifications(this.notifications),
    };
  }

  #apply(change: LedgerChange): void {
    applyChange(this, change);
    for (const listener of this.#listeners) listener(change);
  }
}

const DEFAULT_FOLD_BYTES = 8 * 1024 * 1024;

/** What `verifyLedgerFiles` found wrong, naming the file and, in the message, the record. */
export interface LedgerFileProblem {
  file: string;
  message: string;
}

/**
 * Reads the ledger's files as they are on disk now and checks everything start-up trusts:
 * every snapshot row against its schema, the snapshot's data hash, and the log's chain of
 * hashes, naming the first record that breaks it.
 */
export async function verifyLedgerFiles(dataDir: string): Promise<LedgerFileProblem[]> {
  const snapshotBytes = await readIfExists(join(dataDir, LEDGER_FILES.snapshot));
  if (snapshotBytes === undefined) {
    return [{ file: LEDGER_FILES.snapshot, message: 'is missing' }];
  }
  let snapshot: Snapshot;
  try {
    snapshot = await readSnapshot(snapshotBytes, { checkRecords: true });
  } catch (error) {
    if (error instanceof DataProblem)
      return [{ file: LEDGER_FILES.snapshot, message: error.reason }];
    throw error;
  }
  const logBytes = (await readIfExists(join(dataDir, LEDGER_FILES.log))) ?? Buffer.alloc(0);
  try {
    const { records } = decodeLog<LedgerBody>(logBytes, snapshot.covers);
    records.forEach((record, index) => {
      const body = ledgerBodySchema.safeParse(record.body);
      if (!body.success) {
        throw new DataProblem(
          `line ${index + 1} (record ${record.seq}) is not a valid ledger record (${describeIssue(body.error, 'body')})`,
        );
      }
    });
  } catch (error) {
    if (error instanceof DataProblem) return [{ file: LEDGER_FILES.log, message: error.reason }];
    throw error;
  }
  return [];
}
