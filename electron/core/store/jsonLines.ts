import { join } from 'node:path';
import { z } from 'zod';
import type { Clock } from '../clock';
import { CoreError } from '../errors';
import { writeFileAtomic } from './atomicFile';
import { GroupCommit } from './groupCommit';
import { LogFile, logLines, type LogExtent } from './logFile';
import { DataProblem, describeIssue, quarantine } from './corruption';
import { assertPlainFileName, readIfExists } from './files';
import { assertVersion, upgrade, type Migrations } from './versions';

export interface LogSpec<T> {
  /** Name inside the data folder, e.g. 'execution_journal.jsonl'. */
  file: string;
  /** Version written on new lines (>= 1). */
  version: number;
  /** Validates each record. */
  schema: z.ZodType<T>;
  /** Key N migrates a record from version N to N+1; old lines are upgraded on every load. */
  migrations?: Migrations;
}

/**
 * An append-only log, one `{"v":N,"data":<T>}` line per record, for facts that must never
 * be rewritten: risk assessments, the execution journal, the notification outbox.
 */
export class JsonLinesLog<T> {
  readonly #records: T[];
  readonly #droppedTornLine: boolean;
  /** The file, written at its committed end; a failed write is cut before the next. */
  readonly #file: LogFile;
  /** Appends made while a write is in progress go together in the next one. */
  readonly #commits = new GroupCommit<PendingAppend<T>>((group) => this.#write(group));

  private constructor(
    /** Full path of the file. */
    readonly path: string,
    private readonly spec: LogSpec<T>,
    loaded: LoadedLog<T>,
  ) {
    this.#records = loaded.records;
    this.#file = new LogFile(path, loaded.size);
    this.#droppedTornLine = loaded.droppedTornLine;
  }

  /**
   * Loads every line. A missing file is created empty. A torn last line, which only a
   * crash in the middle of an append leaves, is dropped and cut from the file (see
   * `droppedTornLine`). Any other bad line is copied aside and reported as
   * CoreError('corrupt_data') with its line number.
   */
  static async open<T>(dataDir: string, spec: LogSpec<T>, clock: Clock): Promise<JsonLinesLog<T>> {
    assertPlainFileName(spec.file);
    assertVersion(spec.version, spec.file);
    const path = join(dataDir, spec.file);
    const bytes = await readIfExists(path);
    if (bytes === undefined) {
      await writeFileAtomic(path, '');
      return new JsonLinesLog(path, spec, { records: [], size: 0, droppedTornLine: false });
    }
    let loaded: LoadedLog<T>;
    try {
      loaded = decodeLines(bytes, spec);
    } catch (error) {
      if (error instanceof DataProblem) throw await quarantine(path, bytes, error, clock);
      throw error;
    }
    const log = new JsonLinesLog(path, spec, loaded);
    if (loaded.size < bytes.length) await log.#file.truncate(loaded.size);
    return log;
  }

  /** Everything loaded and committed since, in order. Shared, not copied: read only. */
  get records(): readonly T[] {
    return this.#records;
  }

  /** True when open found an unfinished last line from a crash and removed it. */
  get droppedTornLine(): boolean {
    return this.#droppedTornLine;
  }

  /**
   * Appends one record or a batch, after every append queued before it. Each record is
   * validated first (an invalid one is a bug: CoreError('internal'), nothing written).
   * Appends that arrive while a write is in progress are committed together with one
   * write and one fsync (group commit). Resolves once the records are on disk; only then
   * do they show in `records`. A crash before that may keep any prefix of the batch.
   * An array argument is always a batch, so T itself must not be an array.
   */
  async append(input: T | readonly T[]): Promise<void> {
    const batch = Array.isArray(input) ? (input as readonly T[]) : [input as T];
    const records = batch.map((record) => this.#validate(record));
    if (records.length === 0) return;
    const text = records.map((data) => `${JSON.stringify({ v: this.spec.version, data })}\n`);
    await this.#commits.add({ records, text: text.join('') });
  }

  #validate(record: T): T {
    const result = this.spec.schema.safeParse(record);
    if (result.success) return result.data;
    throw new CoreError(
      'internal',
      `ArcFlux did not add to ${this.spec.file} because the record is invalid (${describeIssue(result.error, 'data')}). Nothing was written; this is a bug, please report it with the log.`,
    );
  }

  async #write(group: PendingAppend<T>[]): Promise<void> {
    await this.#file.append(Buffer.from(group.map((append) => append.text).join(''), 'utf8'));
    for (const append of group) {
      for (const record of append.records) this.#records.push(record);
    }
  }
}

interface PendingAppend<T> {
  records: T[];
  text: string;
}

interface LoadedLog<T> {
  records: T[];
  /** Length of the good prefix of the file, in bytes. */
  size: number;
  droppedTornLine: boolean;
}

const lineSchema = z.object({ v: z.number().int().min(1), data: z.unknown() });

const LOG_WAY_OUT =
  'Restore the file from a backup, or fix or delete that line, or move the file away to start with an empty log.';

function decodeLines<T>(bytes: Buffer, spec: LogSpec<T>): LoadedLog<T> {
  const records: T[] = [];
  const extent: LogExtent = { size: 0, droppedTornLine: false };
  const notJson = (lineNumber: number, reason: string) =>
    new DataProblem(`line ${lineNumber} ${reason}`, LOG_WAY_OUT);
  for (const { value, lineNumber } of logLines(bytes, extent, notJson)) {
    records.push(decodeLine(value, lineNumber, spec));
  }
  return { records, ...extent };
}

function decodeLine<T>(parsed: unknown, lineNumber: number, spec: LogSpec<T>): T {
  const line = lineSchema.safeParse(parsed);
  if (!line.success) {
    throw new DataProblem(
      `line ${lineNumber} is not an ArcFlux log line, which holds {"v": N, "data": ...} (${describeIssue(line.error, '')})`,
      LOG_WAY_OUT,
    );
  }
  try {
    return upgrade(line.data.data, line.data.v, spec, `line ${lineNumber}`);
  } catch (error) {
    if (error instanceof DataProblem && error.wayOut === undefined) {
      throw new DataProblem(error.reason, LOG_WAY_OUT);
    }
    throw error;
  }
}
