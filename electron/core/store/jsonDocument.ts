import { join } from 'node:path';
import { z } from 'zod';
import type { Clock } from '../clock';
import { CoreError } from '../errors';
import { removeStaleTempFiles, writeFileAtomic } from './atomicFile';
import { DataProblem, describeIssue, quarantine } from './corruption';
import { assertPlainFileName, readIfExists } from './files';
import { SerialQueue } from './serialQueue';
import { assertVersion, upgrade, type Migrations } from './versions';

export interface DocumentSpec<T> {
  /** Name inside the data folder, e.g. 'users.json'. */
  file: string;
  /** Current schema version (>= 1). */
  version: number;
  /** Validates the `data` part. */
  schema: z.ZodType<T>;
  /** Key N migrates data from version N to N+1. */
  migrations?: Migrations;
  /** Used when the file does not exist; without it a missing file is an error. */
  initial?: () => T;
  /**
   * Whether `write`/`update` parse the whole new value (default true). A large collection
   * whose repository validates each changed record itself turns this off: re-validating
   * 100k unchanged rows on every write costs seconds. Loading always validates.
   */
  validateWrites?: boolean;
}

/**
 * One JSON file holding one value, kept in memory and replaced atomically on every write.
 * On disk: {"schemaVersion": N, "data": <T>}, pretty-printed, with a trailing newline.
 */
export class JsonDocument<T> {
  readonly #queue = new SerialQueue();
  #value: T;

  private constructor(
    /** Full path of the file. */
    readonly path: string,
    private readonly spec: DocumentSpec<T>,
    value: T,
  ) {
    this.#value = value;
  }

  /**
   * Loads the file, upgrading an older format and saving it back at the current version.
   * A missing file becomes `initial()`; a file that cannot be loaded is copied aside and
   * reported as CoreError('corrupt_data'), never reset.
   */
  static async open<T>(
    dataDir: string,
    spec: DocumentSpec<T>,
    clock: Clock,
  ): Promise<JsonDocument<T>> {
    assertPlainFileName(spec.file);
    assertVersion(spec.version, spec.file);
    const path = join(dataDir, spec.file);
    await removeStaleTempFiles(path);
    const bytes = await readIfExists(path);
    if (bytes === undefined) {
      const initial = initialValue(path, spec);
      const created = new JsonDocument(path, spec, initial);
      await created.#save(initial);
      return created;
    }
    let loaded: { value: T; savedVersion: number };
    try {
      loaded = decode(bytes, spec);
    } catch (error) {
      if (error instanceof DataProblem) throw await quarantine(path, bytes, error, clock);
      throw error;
    }
    const document = new JsonDocument(path, spec, loaded.value);
    if (loaded.savedVersion < spec.version) await document.#save(loaded.value);
    return document;
  }

  /** The last committed value. Shared, not copied: treat it as read-only. */
  get value(): T {
    return this.#value;
  }

  /**
   * Replaces the value, after the writes queued before it. An invalid value is a bug in
   * the caller: it throws CoreError('internal') and nothing is written.
   */
  async write(next: T): Promise<void> {
    const valid = this.#validate(next);
    await this.#queue.run(() => this.#save(valid));
  }

  /**
   * Read-modify-write with no other write in between. `change` gets the committed value
   * and must return a new one rather than mutate it. Returns what was committed.
   */
  update(change: (current: T) => T): Promise<T> {
    return this.#queue.run(async () => {
      const valid = this.#validate(change(this.#value));
      await this.#save(valid);
      return valid;
    });
  }

  #validate(next: T): T {
    if (this.spec.validateWrites === false) return next;
    const result = this.spec.schema.safeParse(next);
    if (result.success) return result.data;
    throw new CoreError(
      'internal',
      `ArcFlux did not save ${this.spec.file} because the new value is invalid (${describeIssue(result.error, 'data')}). Nothing was written; this is a bug, please report it with the log.`,
    );
  }

  async #save(value: T): Promise<void> {
    await writeFileAtomic(this.path, encode(this.spec.version, value));
    this.#value = value;
  }
}

const envelopeSchema = z.object({
  schemaVersion: z.number().int().min(1),
  data: z.unknown(),
});

function initialValue<T>(path: string, spec: DocumentSpec<T>): T {
  if (!spec.initial) {
    throw new CoreError(
      'corrupt_data',
      `ArcFlux could not find ${path}, and it cannot make a new one without losing what it held. ArcFlux did not start and changed nothing. Restore the file from a backup, or move the whole data folder away to start from the demo data.`,
    );
  }
  const result = spec.schema.safeParse(spec.initial());
  if (result.success) return result.data;
  throw new CoreError(
    'internal',
    `ArcFlux could not create ${spec.file}: its starting value is invalid (${describeIssue(result.error, 'data')}). This is a bug, please report it with the log.`,
  );
}

function decode<T>(bytes: Buffer, spec: DocumentSpec<T>): { value: T; savedVersion: number } {
  // A BOM is what Windows editors add when someone fixes a file by hand; it is not data.
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new DataProblem(`it is not valid JSON (${(error as Error).message})`);
  }
  const envelope = envelopeSchema.safeParse(parsed);
  if (!envelope.success) {
    throw new DataProblem(
      `it is not an ArcFlux data file, which holds {"schemaVersion": N, "data": ...} (${describeIssue(envelope.error, '')})`,
    );
  }
  const { schemaVersion, data } = envelope.data;
  return { value: upgrade(data, schemaVersion, spec, 'it'), savedVersion: schemaVersion };
}

function encode(version: number, data: unknown): string {
  return `${JSON.stringify({ schemaVersion: version, data }, null, 2)}\n`;
}
