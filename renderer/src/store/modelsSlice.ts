import type { ErrorBody } from '../../../shared/errors';
import type {
  DownloadProgress,
  EngineStatus,
  ModelChoicePatch,
  ModelsOverview,
  ModelView,
} from '../../../shared/schemas/model';
import type { LoadStatus, SliceCreator } from './types';

export type ModelAction = 'download' | 'pause' | 'resume' | 'cancel' | 'delete' | 'install';

export interface ModelsSlice {
  models: ModelsOverview | null;
  modelsStatus: LoadStatus;
  modelsError: ErrorBody | null;
  /** The action running on each model, by id. */
  modelBusy: Record<string, ModelAction>;
  /** Why the last action on each model was refused, by id, until the next one. */
  modelErrors: Record<string, ErrorBody>;
  modelChoiceSaving: boolean;
  modelChoiceError: ErrorBody | null;
  loadModels(): Promise<void>;
  receiveModels(overview: ModelsOverview): void;
  receiveModelProgress(progress: DownloadProgress): void;
  /** Runs one action on one model; resolves to null when the core accepted it, else why not. */
  runModelAction(action: Exclude<ModelAction, 'install'>, id: string): Promise<ErrorBody | null>;
  installModel(id: string, folder: string): Promise<ErrorBody | null>;
  chooseModels(patch: ModelChoicePatch): Promise<ErrorBody | null>;
}

const METHODS = {
  download: 'models:download',
  pause: 'models:pause',
  resume: 'models:resume',
  cancel: 'models:cancel',
  delete: 'models:delete',
} as const;

export const createModelsSlice: SliceCreator<ModelsSlice> =
  ({ client }) =>
  (set, get) => {
    const begin = (id: string, action: ModelAction) => {
      const { [id]: _previous, ...errors } = get().modelErrors;
      set({ modelBusy: { ...get().modelBusy, [id]: action }, modelErrors: errors });
    };
    const finish = (id: string, outcome: { view?: ModelView; error?: ErrorBody }) => {
      const { [id]: _done, ...busy } = get().modelBusy;
      const models = get().models;
      set({
        modelBusy: busy,
        ...(outcome.error ? { modelErrors: { ...get().modelErrors, [id]: outcome.error } } : {}),
        ...(outcome.view && models ? { models: replaceModel(models, outcome.view) } : {}),
      });
      return outcome.error ?? null;
    };
    return {
      models: null,
      modelsStatus: 'idle',
      modelsError: null,
      modelBusy: {},
      modelErrors: {},
      modelChoiceSaving: false,
      modelChoiceError: null,
      async loadModels() {
        if (get().models === null) set({ modelsStatus: 'loading' });
        const result = await client.call('models:list', {});
        if (result.ok) set({ models: result.data, modelsStatus: 'ready', modelsError: null });
        else set({ modelsStatus: get().models ? 'ready' : 'error', modelsError: result.error });
      },
      receiveModels(overview) {
        set({ models: overview, modelsStatus: 'ready', modelsError: null });
      },
      receiveModelProgress(progress) {
        const models = get().models;
        const model = models?.models.find((candidate) => candidate.id === progress.modelId);
        if (!models || !model) return;
        set({ models: replaceModel(models, { ...model, state: 'downloading', progress }) });
      },
      async runModelAction(action, id) {
        begin(id, action);
        const result = await client.call(METHODS[action], { id });
        return finish(id, result.ok ? { view: result.data } : { error: result.error });
      },
      async installModel(id, folder) {
        begin(id, 'install');
        const result = await client.call('models:install', { id, folder });
        return finish(id, result.ok ? { view: result.data } : { error: result.error });
      },
      async chooseModels(patch) {
        set({ modelChoiceSaving: true, modelChoiceError: null });
        const result = await client.call('models:choose', patch);
        if (result.ok) {
          set({ modelChoiceSaving: false, models: result.data, modelsStatus: 'ready' });
          return null;
        }
        set({ modelChoiceSaving: false, modelChoiceError: result.error });
        return result.error;
      },
    };
  };

/** The overview with one model's view swapped in (the engines follow with the next event). */
function replaceModel(overview: ModelsOverview, view: ModelView): ModelsOverview {
  return {
    ...overview,
    models: overview.models.map((model) => (model.id === view.id ? view : model)),
  };
}

/**
 * Whether speech-to-text can run, as the core's engine status says; null while the models
 * have not been listed (the core is then asked at the first recording, as before).
 */
export function speechEngine(models: ModelsOverview | null): EngineStatus | null {
  return models?.engines.find((engine) => engine.task === 'speech-to-text') ?? null;
}

/** Voice input can't work with the speech engine in this state; Settings > Models fixes it. */
export function speechUnready(
  models: ModelsOverview | null,
): Exclude<EngineStatus['state'], 'ready'> | null {
  const state = speechEngine(models)?.state;
  return state === undefined || state === 'ready' ? null : state;
}
