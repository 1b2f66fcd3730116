import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import type {
  DownloadProgress,
  ModelEntry,
  ModelFile,
  ModelStatus,
} from '../../../shared/schemas/model';
import type { Clock } from '../clock';
import { CoreError } from '../errors';
import { writeFileAtomic } from '../store';
import { FolderFileError, openFolderFile, type FolderFileProblem } from './folderFile';
import { checkFile, downloadHubFile, hashFile, hubFileSize, type VerifiedFile } from './hubFile';
import { findModel } from './registry';
import { ThroughputMeter } from './throughput';

export interface ModelLibraryOptions {
  /** Models live in `<cacheDir>/<owner>/<name>`, the layout transformers.js reads offline. */
  cacheDir: string;
  /** The hub's base URL; tests point it at a server on loopback. */
  hubUrl: string;
  clock: Clock;
  onProgress?: (progress: DownloadProgress) => void;
  /** How often a dropped connection is resumed before the download fails. */
  retries?: number;
  /** Waits between retries, ending early when `signal` aborts; tests pass one that doesn't wait. */
  sleep?: (milliseconds: number, signal: AbortSignal) => Promise<void>;
}

const MANIFEST = 'arcflux-manifest.json';
const manifestSchema = z.object({
  id: z.string(),
  revision: z.string(),
  files: z.array(
    z.object({
      path: z.string(),
      size: z.number().int(),
      sha256: z.string(),
      // Absent in manifests written before it was recorded: such a file counts as checked
      // only where the registry's sha256 matches the one recorded.
      checksumChecked: z.boolean().optional(),
    }),
  ),
});

/**
 * Downloads, verifies, stores and removes local models. A model is assembled in a staging
 * folder and moved into place only once every file has passed its checks, so a half
 * downloaded model is never loaded. Pausing keeps the partial files; resuming continues
 * them with HTTP Range requests.
 */
export class ModelLibrary {
  readonly #active = new Map<string, { controller: AbortController; paused: boolean }>();

  constructor(
    private readonly models: readonly ModelEntry[],
    private readonly options: ModelLibraryOptions,
  ) {}

  modelDir(id: string): string {
    return join(this.options.cacheDir, ...findModel(this.models, id).id.split('/'));
  }

  async statuses(): Promise<ModelStatus[]> {
    return Promise.all(this.models.map((model) => this.status(model.id)));
  }

  async status(id: string): Promise<ModelStatus> {
    const model = findModel(this.models, id);
    const active = this.#active.get(id);
    const staged = await folderSize(this.#stagingDir(model));
    if (active && !active.paused) {
      return { id, state: 'downloading', reason: 'Downloading.', bytesOnDisk: staged };
    }
    const manifest = await this.#readManifest(model);
    if (manifest) {
      const problem = await this.#findDamage(model, manifest);
      const bytesOnDisk = await folderSize(this.modelDir(id));
      if (problem) {
        return {
          id,
          state: 'broken',
          reason: `${problem} Delete the model and download it again.`,
          bytesOnDisk,
        };
      }
      const unchecked = uncheckedFiles(model, manifest);
      return unchecked.length === 0
        ? { id, state: 'ready', reason: 'Installed and verified.', bytesOnDisk }
        : {
            id,
            state: 'installed_unverified',
            reason: `Installed, not verified: ArcFlux knows no checksum for ${unchecked.join(', ')}, so it could not check ${unchecked.length === 1 ? 'that file' : 'those files'}. Use it only if you trust where the files came from.`,
            bytesOnDisk,
          };
    }
    if (staged > 0) {
      return {
        id,
        state: 'paused',
        reason: 'Partly downloaded; resume to finish.',
        bytesOnDisk: staged,
      };
    }
    return { id, state: 'missing', reason: 'Not downloaded yet.', bytesOnDisk: 0 };
  }

  /** Downloads every file of the model; resolves with its status (ready, paused or missing). */
  async download(id: string): Promise<ModelStatus> {
    const model = findModel(this.models, id);
    if (this.#active.has(id)) {
      throw new CoreError('conflict', `${model.label} is already downloading.`);
    }
    const entry = { controller: new AbortController(), paused: false };
    this.#active.set(id, entry);
    try {
      const verified = await this.#fetchAll(model, entry.controller.signal);
      await this.#install(model, verified);
    } catch (error) {
      if (!entry.controller.signal.aborted) throw error;
    } finally {
      this.#active.delete(id);
    }
    return this.status(id);
  }

  /** Stops a download and keeps what arrived, so `download` resumes it. */
  pause(id: string): void {
    const active = this.#active.get(id);
    if (!active) return;
    active.paused = true;
    active.controller.abort();
  }

  /** Stops a download and throws its partial files away. */
  async cancel(id: string): Promise<void> {
    const model = findModel(this.models, id);
    this.#active.get(id)?.controller.abort();
    await rm(this.#stagingDir(model), { recursive: true, force: true });
  }

  /** Deletes an installed (or broken) model and any partial download of it. */
  async remove(id: string): Promise<void> {
    await this.cancel(id);
    await this.#discard(this.modelDir(id));
  }

  /**
   * For offline installs: takes the model's files from a folder the user points at,
   * checking them against the registry as a download would. Every file must be a plain
   * file inside that folder (no link, no special file, no way out of it); all of them are
   * checked and opened before the first byte is copied, so a refusal copies nothing. The
   * files are gathered in a folder of their own, so a failure removes only that and never
   * a paused download.
   */
  async installFromFolder(id: string, folder: string): Promise<ModelStatus> {
    const model = findModel(this.models, id);
    const opened: { path: string; handle: FileHandle }[] = [];
    const gathering = join(this.options.cacheDir, '.installing', randomUUID());
    try {
      for (const file of model.files) {
        opened.push({ path: file.path, handle: await this.#openSource(model, folder, file.path) });
      }
      const verified: { path: string; file: VerifiedFile }[] = [];
      for (const [index, { path, handle }] of opened.entries()) {
        const file = model.files[index]!;
        const target = join(gathering, path);
        await mkdir(dirname(target), { recursive: true });
        // Copied from the handle that was checked, never reopened by name.
        await pipeline(
          handle.createReadStream({ autoClose: false }),
          createWriteStream(target, { flags: 'wx' }),
        );
        const result = checkFile(join(folder, path), await hashFile(target), {
          expectedSize: file.size,
          expectedSha256: file.sha256,
        });
        verified.push({ path, file: result });
      }
      await this.#install(model, verified, gathering);
    } finally {
      await Promise.all(opened.map(({ handle }) => handle.close()));
      await rm(gathering, { recursive: true, force: true });
    }
    return this.status(id);
  }

  async #openSource(model: ModelEntry, folder: string, path: string): Promise<FileHandle> {
    try {
      return await openFolderFile(folder, path);
    } catch (error) {
      if (!(error instanceof FolderFileError)) throw error;
      const source = join(folder, path);
      if (error.problem === 'missing') {
        throw new CoreError(
          'not_found',
          `${source} is missing, so ${model.label} can't be installed from that folder. Pick the folder that holds ${model.files.map((each) => each.path).join(', ')}.`,
        );
      }
      throw new CoreError(
        'invalid_input',
        `${source} ${REFUSED_SOURCE[error.problem]}, so ArcFlux did not install ${model.label} from that folder. Every model file must be a plain file inside the folder you chose: copy the real file there in place of it and install again. Nothing was installed.`,
      );
    }
  }

  /** Bytes used by every model and partial download. */
  async diskUsage(): Promise<number> {
    return folderSize(this.options.cacheDir);
  }

  async #fetchAll(model: ModelEntry, signal: AbortSignal) {
    const meter = new ThroughputMeter(this.options.clock);
    const urlOf = (file: ModelFile) =>
      `${this.options.hubUrl.replace(/\/$/, '')}/${model.id}/resolve/${encodeURIComponent(model.revision)}/${file.path}`;
    // Sizes the registry lacks are asked of the hub first, so the total (and the time
    // left) is known from the first byte rather than only once the last file starts.
    const sizes = new Map(
      await Promise.all(
        model.files.map(
          async (file) =>
            [file.path, file.size ?? (await hubFileSize(urlOf(file), signal))] as const,
        ),
      ),
    );
    let completed = 0;
    const verified: { path: string; file: VerifiedFile }[] = [];
    for (const file of model.files) {
      const result = await this.#withRetries(signal, () =>
        downloadHubFile({
          url: urlOf(file),
          partPath: join(this.#stagingDir(model), file.path),
          expectedSize: file.size,
          expectedSha256: file.sha256,
          signal,
          onBytes: (done, total) => {
            if (total !== null) sizes.set(file.path, total);
            const bytesDone = completed + done;
            const bytesTotal = [...sizes.values()].every((size) => size !== null)
              ? [...sizes.values()].reduce<number>((sum, size) => sum + (size ?? 0), 0)
              : null;
            const bytesPerSecond = meter.record(bytesDone);
            this.options.onProgress?.({
              modelId: model.id,
              file: file.path,
              bytesDone,
              bytesTotal,
              bytesPerSecond,
              etaSeconds:
                bytesTotal !== null && bytesPerSecond > 0
                  ? Math.max(0, (bytesTotal - bytesDone) / bytesPerSecond)
                  : null,
            });
          },
        }),
      );
      completed += result.size;
      sizes.set(file.path, result.size);
      verified.push({ path: file.path, file: result });
    }
    return verified;
  }

  async #withRetries<T>(signal: AbortSignal, attempt: () => Promise<T>): Promise<T> {
    const retries = this.options.retries ?? 5;
    const sleep = this.options.sleep ?? abortableSleep;
    for (let tries = 0; ; tries += 1) {
      try {
        return await attempt();
      } catch (error) {
        // Checksum failures and refusals won't change by trying again; dropped connections do.
        if (signal.aborted || error instanceof CoreError || tries >= retries)
          throw toDownloadError(error, signal);
        // Pause, cancel and close abort the wait too, rather than sit out up to 30 s.
        await sleep(Math.min(30_000, 500 * 2 ** tries), signal);
        if (signal.aborted) throw toDownloadError(error, signal);
      }
    }
  }

  async #install(
    model: ModelEntry,
    verified: { path: string; file: VerifiedFile }[],
    staging = this.#stagingDir(model),
  ) {
    await writeFileAtomic(
      join(staging, MANIFEST),
      `${JSON.stringify({ id: model.id, revision: model.revision, files: verified.map(({ path, file }) => ({ path, ...file })) }, null, 2)}\n`,
    );
    const target = this.modelDir(model.id);
    await mkdir(dirname(target), { recursive: true });
    await this.#discard(target);
    // One rename publishes the whole model: loaders see all of it or none of it.
    await rename(staging, target);
  }

  /**
   * Moves a model folder out of the way in one rename before deleting it, so a loader
   * never sees half a folder, and one that already opened a file keeps reading it.
   */
  async #discard(folder: string) {
    const trash = join(this.options.cacheDir, '.trash', randomUUID());
    await mkdir(dirname(trash), { recursive: true });
    try {
      await rename(folder, trash);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    await rm(trash, { recursive: true, force: true });
  }

  async #readManifest(model: ModelEntry) {
    try {
      const raw: unknown = JSON.parse(
        await readFile(join(this.modelDir(model.id), MANIFEST), 'utf8'),
      );
      const parsed = manifestSchema.safeParse(raw);
      return parsed.success && parsed.data.id === model.id ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }

  /** Cheap check on every status call: each file is there with its verified size. */
  async #findDamage(model: ModelEntry, manifest: z.infer<typeof manifestSchema>) {
    for (const file of model.files) {
      const recorded = manifest.files.find((entry) => entry.path === file.path);
      const actual = await stat(join(this.modelDir(model.id), file.path)).catch(() => undefined);
      if (!recorded || !actual) return `${file.path} is missing.`;
      if (actual.size !== recorded.size)
        return `${file.path} has changed size since it was verified.`;
    }
    return undefined;
  }

  #stagingDir(model: ModelEntry): string {
    return join(this.options.cacheDir, '.partial', ...model.id.split('/'));
  }
}

const REFUSED_SOURCE: Record<Exclude<FolderFileProblem, 'missing'>, string> = {
  outside_folder:
    'is outside the chosen folder (through "..", an absolute path or a linked folder)',
  symlink: 'is a symbolic link',
  special_file: 'is not a regular file (it is a pipe, socket or device)',
  not_a_file: 'is a folder, not a file',
  changed: 'changed while ArcFlux was reading it',
};

/**
 * The model's files that no known sha256 vouched for. The registry's sha256, where it has
 * one, is what counts; otherwise the check recorded at install time (the hub's sha256).
 */
function uncheckedFiles(model: ModelEntry, manifest: z.infer<typeof manifestSchema>): string[] {
  return model.files
    .filter((file) => {
      const recorded = manifest.files.find((entry) => entry.path === file.path);
      if (!recorded) return true;
      return file.sha256 !== null
        ? recorded.sha256 !== file.sha256
        : recorded.checksumChecked !== true;
    })
    .map((file) => file.path);
}

/** Waits `milliseconds`, or less when `signal` aborts first. */
export function abortableSleep(milliseconds: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, milliseconds);
    signal.addEventListener('abort', done, { once: true });
  });
}

function toDownloadError(error: unknown, signal: AbortSignal): unknown {
  if (signal.aborted || error instanceof CoreError) return error;
  return new CoreError(
    'unavailable',
    `The model download kept failing (${(error as Error).message}). Check the internet connection, then resume; what arrived so far is kept.`,
  );
}

async function folderSize(path: string): Promise<number> {
  let total = 0;
  let entries;
  try {
    entries = await readdir(path, { withFileTypes: true, recursive: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return total;
}
