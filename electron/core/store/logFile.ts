import { open } from 'node:fs/promises';
import { writeFileAtomic } from './atomicFile';
import { readIfExists } from './files';

/**
 * The log file as this process writes it: appends go at the committed end, each group
 * of them with one write and one fdatasync, and a failed write is cut off before the next.
 */
export class LogFile {
  #size: number;
  #needsTruncate = false;

  constructor(
    readonly path: string,
    size: number,
  ) {
    this.#size = size;
  }

  static async openOrCreate(path: string): Promise<{ file: LogFile; bytes: Buffer }> {
    const bytes = await readIfExists(path);
    if (bytes === undefined) {
      await writeFileAtomic(path, '');
      return { file: new LogFile(path, 0), bytes: Buffer.alloc(0) };
    }
    return { file: new LogFile(path, bytes.length), bytes };
  }

  /** Committed bytes. */
  get size(): number {
    return this.#size;
  }

  /** Cuts what a crash left past the good prefix (a torn last line). */
  async truncate(size: number): Promise<void> {
    const handle = await open(this.path, 'r+');
    try {
      await handle.truncate(size);
      await handle.sync();
    } finally {
      await handle.close();
    }
    this.#size = size;
  }

  /** Writes at the committed end rather than O_APPEND, so a failed write is simply overwritten. */
  async append(bytes: Buffer): Promise<void> {
    const handle = await open(this.path, 'r+');
    try {
      if (this.#needsTruncate) {
        await handle.truncate(this.#size);
        this.#needsTruncate = false;
      }
      let offset = 0;
      while (offset < bytes.length) {
        const { bytesWritten } = await handle.write(
          bytes,
          offset,
          bytes.length - offset,
          this.#size + offset,
        );
        if (bytesWritten === 0) throw new Error(`writing ${this.path} made no progress`);
        offset += bytesWritten;
      }
      // fdatasync is enough: it also flushes the new file length needed to read the data.
      await handle.datasync();
    } catch (error) {
      this.#needsTruncate = true;
      throw error;
    } finally {
      await handle.close();
    }
    this.#size += bytes.length;
  }

  /**
   * Drops the first `cut` bytes (records a snapshot now holds): the rest is copied into a
   * new file that replaces this one atomically, so a crash leaves the old or the new log.
   */
  async dropPrefix(cut: number): Promise<void> {
    const handle = await open(this.path, 'r');
    let rest: Buffer;
    try {
      rest = Buffer.alloc(this.#size - cut);
      let offset = 0;
      while (offset < rest.length) {
        const { bytesRead } = await handle.read(rest, offset, rest.length - offset, cut + offset);
        if (bytesRead === 0) throw new Error(`${this.path} is shorter than ArcFlux wrote it`);
        offset += bytesRead;
      }
    } finally {
      await handle.close();
    }
    await writeFileAtomic(this.path, rest);
    this.#size = rest.length;
    this.#needsTruncate = false;
  }
}

/** One complete line of a log file, parsed as JSON. */
export interface LogLine {
  lineNumber: number;
  text: string;
  value: unknown;
}

/** How much of a log file is good: set once `logLines` has been read to its end. */
export interface LogExtent {
  /** Bytes of the good prefix; anything after it was an append that never completed. */
  size: number;
  droppedTornLine: boolean;
}

/**
 * The lines of a log, parsed, for a loader to check. Anything after the last newline is
 * an append a crash interrupted; so is a last line that ends in a newline but is not JSON
 * (some file systems extend the file before its data lands after a power cut). Neither
 * was ever acknowledged, since acknowledgement waits for the whole line's fsync, so both
 * are left out and `extent` says where the good prefix ends. Any other line that is not
 * JSON is `notJson`'s DataProblem.
 */
export function* logLines(
  bytes: Buffer,
  extent: LogExtent,
  notJson: (lineNumber: number, reason: string) => Error,
): Generator<LogLine> {
  let size = bytes.lastIndexOf(0x0a) + 1;
  extent.droppedTornLine = size < bytes.length;
  extent.size = size;
  let start = 0;
  let lineNumber = 0;
  while (start < size) {
    const end = bytes.indexOf(0x0a, start);
    lineNumber += 1;
    const text = bytes.toString('utf8', start, end);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      if (end + 1 === size && !extent.droppedTornLine) {
        size = start;
        extent.size = size;
        extent.droppedTornLine = true;
        return;
      }
      throw notJson(lineNumber, `is not valid JSON (${(error as Error).message})`);
    }
    yield { lineNumber, text, value };
    start = end + 1;
  }
}
