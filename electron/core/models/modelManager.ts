import { stat } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import type {
  DownloadProgress,
  ModelChoicePatch,
  ModelChoiceSetting,
  ModelEntry,
  ModelsOverview,
  ModelStatus,
  ModelView,
} from '../../../shared/schemas/model';
import type { Clock } from '../clock';
import type { SystemConfig } from '../config/systemConfig';
import { CoreError } from '../errors';
import type { EventBus } from '../events';
import type { SettingsRepository } from '../repositories/settings';
import { currentModelChoice } from './choice';
import { engineStatuses, type EngineStatusSources } from './engineStatus';
import { ModelLibrary, type ModelLibraryOptions } from './modelLibrary';
import { findModel } from './registry';

export interface ModelManagerContext {
  readonly config: SystemConfig;
  readonly dataDir: string;
  readonly clock: Clock;
  readonly events: EventBus;
  readonly settings: SettingsRepository;
}

export interface ModelManagerOptions {
  /** Download retry seams for tests (see ModelLibraryOptions). */
  retries?: number;
  sleep?: ModelLibraryOptions['sleep'];
  whisperCppBuild?: EngineStatusSources['whisperCppBuild'];
  /**
   * A speech-to-text test double transcribes in place of the chosen model (createCore's
   * `speech` seam): speech-to-text then reports ready, as voice input really works.
   */
  speechStandIn?: boolean;
}

/** At most this many progress events per model per second reach the doors. */
const PROGRESS_EVENTS_PER_SECOND = 4;

/**
 * The model manager behind Settings > Models: downloads run in the background and report
 * through `models:progress` (throttled) and `models:changed` events; every action checks
 * what state the model is in first and refuses, changing nothing, when it doesn't fit.
 * Code that runs a model wraps the run in `use`, so a delete or reinstall can't pull the
 * files from under it.
 */
export class ModelManager {
  readonly #library: ModelLibrary;
  readonly #downloads = new Map<string, Promise<void>>();
  readonly #progress = new Map<string, DownloadProgress>();
  readonly #lastProgressAt = new Map<string, number>();
  readonly #errors = new Map<string, string>();
  readonly #inUse = new Map<string, number>();
  /** Models being installed from a folder: every other action on them waits for it. */
  readonly #installing = new Set<string>();

  constructor(
    private readonly registry: readonly ModelEntry[],
    private readonly context: ModelManagerContext,
    private readonly options: ModelManagerOptions = {},
  ) {
    this.#library = new ModelLibrary(registry, {
      cacheDir: this.cacheDir,
      hubUrl: context.config.models.hubUrl,
      clock: context.clock,
      onProgress: (progress) => this.#onProgress(progress),
      retries: options.retries,
      sleep: options.sleep,
    });
  }

  get cacheDir(): string {
    return currentModelChoice(this.context).cacheDir;
  }

  /** Every registry model with its state, the disk used, the choice and engine status. */
  async overview(): Promise<ModelsOverview> {
    const statuses = await this.#library.statuses();
    const choice = this.context.settings.get().models;
    return {
      models: statuses.map((status) => this.#view(status, choice)),
      diskUsageBytes: await this.#library.diskUsage(),
      choice,
      engines: engineStatuses(choice, {
        registry: this.registry,
        statuses,
        cacheDir: this.cacheDir,
        whisperCppBuild: this.options.whisperCppBuild,
      }).map((engine) =>
        engine.task === 'speech-to-text' && this.options.speechStandIn
          ? {
              ...engine,
              state: 'ready',
              reason: 'A test double transcribes in place of the model.',
            }
          : engine,
      ),
    };
  }

  /** Starts a download in the background; progress and the outcome arrive as events. */
  async download(id: string): Promise<ModelView> {
    const model = findModel(this.registry, id);
    const status = await this.#library.status(id);
    this.#assertNotInstalling(model, 'download it');
    if (isInstalled(status)) {
      throw new CoreError(
        'conflict',
        `${model.label} is already ${installedWords(status)}, so nothing was downloaded. Delete it first to download it again.`,
      );
    }
    this.#assertNotDownloading(model, status, 'download it again');
    this.#start(model);
    return this.#viewOf(id);
  }

  /** Continues a paused download from the bytes already on disk. */
  async resume(id: string): Promise<ModelView> {
    const model = findModel(this.registry, id);
    const status = await this.#library.status(id);
    this.#assertNotInstalling(model, 'resume its download');
    this.#assertNotDownloading(model, status, 'resume it');
    if (status.state !== 'paused') {
      throw new CoreError(
        'conflict',
        `${model.label} has no paused download to resume (it is ${stateWords(status)}). ${isInstalled(status) ? 'It is already installed.' : 'Use Download instead.'}`,
      );
    }
    this.#start(model);
    return this.#viewOf(id);
  }

  /** Stops a running download and keeps what arrived, for `resume`. */
  async pause(id: string): Promise<ModelView> {
    const model = findModel(this.registry, id);
    const running = this.#downloads.get(id);
    if (!running) {
      throw new CoreError(
        'conflict',
        `${model.label} is not downloading, so there is nothing to pause.`,
      );
    }
    this.#library.pause(id);
    await running;
    return this.#viewOf(id);
  }

  /** Stops a running or paused download and throws its partial files away. */
  async cancel(id: string): Promise<ModelView> {
    const model = findModel(this.registry, id);
    const running = this.#downloads.get(id);
    const status = await this.#library.status(id);
    this.#assertNotInstalling(model, 'cancel a download of it');
    if (!running && status.state !== 'paused') {
      throw new CoreError(
        'conflict',
        `${model.label} has no download to cancel (it is ${stateWords(status)}). Nothing was changed.`,
      );
    }
    // Stop the writer before deleting its files, so no write lands after the delete.
    this.#library.pause(id);
    await running;
    await this.#library.cancel(id);
    this.#errors.delete(id);
    await this.#announce();
    return this.#viewOf(id);
  }

  /** Deletes an installed, broken or partial model; refused while it downloads or runs. */
  async remove(id: string): Promise<ModelView> {
    const model = findModel(this.registry, id);
    const status = await this.#library.status(id);
    this.#assertNotInstalling(model, 'delete it');
    this.#assertNotDownloading(model, status, 'delete it', 'Cancel the download instead.');
    this.#assertNotInUse(model, 'deleted');
    if (status.state === 'missing') {
      throw new CoreError(
        'conflict',
        `${model.label} is not on this machine, so there is nothing to delete.`,
      );
    }
    await this.#library.remove(id);
    this.#errors.delete(id);
    await this.#announce();
    return this.#viewOf(id);
  }

  /** Installs a model from a folder on this machine, checking every file as a download would. */
  async install(id: string, folder: string): Promise<ModelView> {
    const model = findModel(this.registry, id);
    if (!isAbsolute(folder)) {
      throw new CoreError(
        'invalid_input',
        `"${folder}" is not a full path, so ArcFlux can't tell which folder you mean. Give the whole path, such as /home/you/models/${model.id.split('/')[1]}.`,
      );
    }
    const found = await stat(folder).catch(() => undefined);
    if (!found?.isDirectory()) {
      throw new CoreError(
        'not_found',
        `${folder} is not a folder on this machine. Check the path; nothing was installed.`,
      );
    }
    const status = await this.#library.status(id);
    this.#assertNotInstalling(model, 'install it again');
    this.#assertNotDownloading(model, status, 'install it', 'Cancel the download first.');
    if (isInstalled(status)) {
      throw new CoreError(
        'conflict',
        `${model.label} is already ${installedWords(status)}, so nothing was changed. Delete it first to install it again.`,
      );
    }
    if (status.state === 'paused') {
      // Its partial files may be gigabytes the user would have to fetch again.
      throw new CoreError(
        'conflict',
        `${model.label} has a paused download, so ArcFlux didn't install it from the folder. Cancel the paused download first (its partial files are deleted), or resume it. Nothing was changed.`,
      );
    }
    this.#assertNotInUse(model, 'replaced');
    // Marked with no await since the checks above, so two actions can't both pass them.
    this.#installing.add(id);
    try {
      await this.#library.installFromFolder(id, folder);
      this.#errors.delete(id);
    } finally {
      this.#installing.delete(id);
      await this.#announce();
    }
    return this.#viewOf(id);
  }

  /**
   * Changes which model a task uses. The model must be in the registry, made for that task
   * and, for speech, run by the engine named; it need not be downloaded yet (the engine
   * status then says so).
   */
  async choose(patch: ModelChoicePatch): Promise<ModelsOverview> {
    const current = this.context.settings.get().models;
    const next: ModelChoiceSetting = {
      speechToText: patch.speechToText ?? current.speechToText,
      llm: { ...current.llm, ...patch.llm },
    };
    if (patch.speechToText) {
      const { engine, model } = patch.speechToText;
      const entry = this.#entryFor(model, 'speech-to-text', 'speechToText.model');
      if (entry.engine !== engine) {
        const others = this.registry.filter(
          (candidate) => candidate.task === 'speech-to-text' && candidate.engine === engine,
        );
        throw new CoreError(
          'invalid_input',
          `"speechToText.model" ${entry.label} runs on the ${entry.engine} engine, not ${engine}. Choose engine "${entry.engine}" for it, or one of the ${engine} models: ${others.map((other) => other.id).join(', ') || 'none'}. Nothing was changed.`,
        );
      }
    }
    if (patch.llm?.model !== undefined) {
      this.#entryFor(patch.llm.model, 'text-generation', 'llm.model');
    }
    const settings = await this.context.settings.chooseModels(next);
    this.context.events.emit('settings:changed', { settings });
    const overview = await this.overview();
    this.context.events.emit('models:changed', { overview });
    return overview;
  }

  /**
   * Runs `work` with the model marked in use: while it runs, deleting or replacing the
   * model is refused with a message, instead of pulling files from under it.
   */
  async use<T>(id: string, work: () => Promise<T>): Promise<T> {
    this.#inUse.set(id, (this.#inUse.get(id) ?? 0) + 1);
    try {
      return await work();
    } finally {
      const left = (this.#inUse.get(id) ?? 1) - 1;
      if (left > 0) this.#inUse.set(id, left);
      else this.#inUse.delete(id);
    }
  }

  /** Pauses every running download (their partial files stay for a resume) and waits. */
  async close(): Promise<void> {
    for (const id of this.#downloads.keys()) this.#library.pause(id);
    await Promise.all(this.#downloads.values());
  }

  #start(model: ModelEntry) {
    // Checked again here, with no await since: two clicks must not start two downloads.
    if (this.#downloads.has(model.id)) {
      throw new CoreError('conflict', `${model.label} is already downloading.`);
    }
    this.#assertNotInstalling(model, 'download it');
    this.#errors.delete(model.id);
    this.#lastProgressAt.delete(model.id);
    const running = this.#library
      .download(model.id)
      .then(
        () => undefined,
        (error: unknown) => {
          this.#errors.set(model.id, describeFailure(model, error));
        },
      )
      .finally(() => {
        this.#downloads.delete(model.id);
        this.#progress.delete(model.id);
        return this.#announce();
      });
    this.#downloads.set(model.id, running);
    void this.#announce();
  }

  #onProgress(progress: DownloadProgress) {
    this.#progress.set(progress.modelId, progress);
    const now = this.context.clock.now().getTime();
    const last = this.#lastProgressAt.get(progress.modelId);
    if (last !== undefined && now - last < 1000 / PROGRESS_EVENTS_PER_SECOND) return;
    this.#lastProgressAt.set(progress.modelId, now);
    this.context.events.emit('models:progress', { progress });
  }

  /** Tells every door the overview changed. Best effort: a failed read must not fail the action. */
  async #announce(): Promise<void> {
    try {
      this.context.events.emit('models:changed', { overview: await this.overview() });
    } catch {
      // The next models:list shows the state; the action itself has succeeded.
    }
  }

  async #viewOf(id: string): Promise<ModelView> {
    return this.#view(await this.#library.status(id), this.context.settings.get().models);
  }

  #view(status: ModelStatus, choice: ModelChoiceSetting): ModelView {
    const entry = findModel(this.registry, status.id);
    const sizes = entry.files.map((file) => file.size);
    return {
      id: entry.id,
      label: entry.label,
      task: entry.task,
      engine: entry.engine,
      licence: entry.licence,
      sizeBytes: sizes.every((size) => size !== null)
        ? sizes.reduce<number>((sum, size) => sum + (size ?? 0), 0)
        : null,
      state: status.state,
      reason: status.reason,
      bytesOnDisk: status.bytesOnDisk,
      progress: status.state === 'downloading' ? (this.#progress.get(entry.id) ?? null) : null,
      error: this.#errors.get(entry.id) ?? null,
      usedBy: [
        ...(choice.speechToText.model === entry.id ? (['speech-to-text'] as const) : []),
        ...(choice.llm.enabled && choice.llm.model === entry.id && entry.task === 'text-generation'
          ? (['text-generation'] as const)
          : []),
      ],
    };
  }

  #entryFor(id: string, task: ModelEntry['task'], field: string): ModelEntry {
    const entry = this.registry.find((candidate) => candidate.id === id);
    const fitting = this.registry.filter((candidate) => candidate.task === task);
    if (!entry || entry.task !== task) {
      throw new CoreError(
        'invalid_input',
        `"${field}" ${entry ? `${entry.label} is a ${entry.task} model, not a ${task} one` : `"${id}" is not a model ArcFlux knows`}. Choose one of: ${fitting.map((candidate) => candidate.id).join(', ')}. Nothing was changed.`,
      );
    }
    return entry;
  }

  #assertNotDownloading(model: ModelEntry, status: ModelStatus, action: string, hint = '') {
    if (status.state === 'downloading' || this.#downloads.has(model.id)) {
      throw new CoreError(
        'conflict',
        `${model.label} is downloading right now, so ArcFlux can't ${action}.${hint ? ` ${hint}` : ' Wait for it to finish, or pause it.'}`,
      );
    }
  }

  #assertNotInstalling(model: ModelEntry, action: string) {
    if (this.#installing.has(model.id)) {
      throw new CoreError(
        'conflict',
        `${model.label} is being installed from a folder right now, so ArcFlux can't ${action}. Wait for the install to finish; nothing was changed.`,
      );
    }
  }

  #assertNotInUse(model: ModelEntry, verb: string) {
    if (this.#inUse.has(model.id)) {
      throw new CoreError(
        'conflict',
        `${model.label} is being used right now (a recording is being transcribed or a command understood), so it can't be ${verb}. Try again in a moment; nothing was changed.`,
      );
    }
  }
}

/** Installed and usable, whether or not a checksum vouched for it. */
function isInstalled(status: ModelStatus): boolean {
  return status.state === 'ready' || status.state === 'installed_unverified';
}

function installedWords(status: ModelStatus): string {
  return status.state === 'ready' ? 'installed and verified' : 'installed (not verified)';
}

/** The state inside a sentence; the other codes read as words already. */
function stateWords(status: ModelStatus): string {
  return status.state === 'installed_unverified' ? 'installed, not verified' : status.state;
}

function describeFailure(model: ModelEntry, error: unknown): string {
  if (error instanceof CoreError) return error.message;
  const detail = error instanceof Error ? error.message : String(error);
  return `The download of ${model.label} failed (${detail}). Check the disk space and the connection, then resume; what arrived so far is kept.`;
}
