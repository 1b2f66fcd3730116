import { useEffect, useId } from 'react';
import type { EngineState, ModelState, ModelView } from '../../../../shared/schemas/model';
import { formatBytes } from '../../format/bytes';
import { useAppStore } from '../../store/appStore';
import { ErrorNotice } from '../ErrorNotice';
import { ModelCard } from './ModelCard';
import { SettingsSection } from './SettingsSection';
import { MODELS_SECTION_ID } from './settingsIds';

const ENGINE_TONE: Record<EngineState, string> = {
  ready: 'success',
  downloading: 'info',
  missing: 'warning',
  broken: 'danger',
  off: 'neutral',
};

/** What the model picker adds after a model's name, so an unchecked model is never passed off as verified. */
const INSTALL_SUFFIX: Record<ModelState, string> = {
  ready: '',
  installed_unverified: ', not verified',
  missing: ', not installed',
  downloading: ', not installed',
  paused: ', not installed',
  broken: ', not installed',
};

const TASK_NAME = { 'speech-to-text': 'Speech to text', 'text-generation': 'Language model' };

/**
 * Settings > Models: which model each task uses, whether each engine can run and why not,
 * and every model with its download controls. Everything runs on this machine; the hub is
 * only contacted when you press Download.
 */
export function ModelSettings() {
  const overview = useAppStore((state) => state.models);
  const status = useAppStore((state) => state.modelsStatus);
  const error = useAppStore((state) => state.modelsError);
  const loadModels = useAppStore((state) => state.loadModels);
  useEffect(() => {
    void loadModels();
  }, [loadModels]);

  return (
    <SettingsSection
      anchor={MODELS_SECTION_ID}
      title="Models"
      hint="Local speech and language models. They run on this machine; nothing you say leaves it."
    >
      <div className="settings-section-body">
        {overview ? (
          <>
            <EngineList />
            <ChoiceFields />
            <ul className="model-list" aria-label="Models">
              {overview.models.map((model) => (
                <ModelCard key={model.id} model={model} />
              ))}
            </ul>
            <p className="muted">Models use {formatBytes(overview.diskUsageBytes)} on disk.</p>
          </>
        ) : status === 'error' && error ? (
          <ErrorNotice
            title="Models couldn't be listed"
            error={error}
            onRetry={() => void loadModels()}
          />
        ) : (
          <p className="muted" role="status">
            Checking the models…
          </p>
        )}
      </div>
    </SettingsSection>
  );
}

function EngineList() {
  const engines = useAppStore((state) => state.models?.engines ?? []);
  return (
    <dl className="facts settings-facts" aria-label="Engine status">
      {engines.map((engine) => (
        <div className="fact" key={engine.task}>
          <dt>{TASK_NAME[engine.task]}</dt>
          <dd>
            <span className={`badge badge--${ENGINE_TONE[engine.state]}`}>{engine.state}</span>{' '}
            {engine.reason}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function ChoiceFields() {
  const overview = useAppStore((state) => state.models);
  const saving = useAppStore((state) => state.modelChoiceSaving);
  const error = useAppStore((state) => state.modelChoiceError);
  const chooseModels = useAppStore((state) => state.chooseModels);
  const selectId = useId();
  const errorId = useId();
  if (!overview) return null;
  const speechModels = overview.models.filter((model) => model.task === 'speech-to-text');
  const llm = overview.models.find((model) => model.id === overview.choice.llm.model);
  const choose = (model: ModelView) =>
    void chooseModels({ speechToText: { engine: model.engine, model: model.id } });
  return (
    <div className="model-choice">
      <div className="field">
        <label className="field-label" htmlFor={selectId}>
          Speech-to-text model
        </label>
        <select
          id={selectId}
          className="select"
          value={overview.choice.speechToText.model}
          disabled={saving}
          aria-describedby={error ? errorId : undefined}
          onChange={(event) => {
            const model = speechModels.find((candidate) => candidate.id === event.target.value);
            if (model) choose(model);
          }}
        >
          {speechModels.map((model) => (
            <option key={model.id} value={model.id}>
              {model.label} ({model.engine === 'whisper-cpp' ? 'whisper.cpp' : 'transformers.js'})
              {INSTALL_SUFFIX[model.state]}
            </option>
          ))}
        </select>
      </div>
      <label className="choice">
        <input
          type="checkbox"
          role="switch"
          checked={overview.choice.llm.enabled}
          disabled={saving}
          onChange={(event) => void chooseModels({ llm: { enabled: event.target.checked } })}
        />
        <span className="choice-text">
          <span className="choice-label">Use the local language model</span>
          <span className="choice-hint">
            {llm?.label ?? overview.choice.llm.model} helps with commands the rules can't read. It
            never decides where money goes; the Guardian and your confirmation still do.
          </span>
        </span>
      </label>
      {error ? (
        <p className="field-error" id={errorId} role="alert">
          {error.message}
        </p>
      ) : null}
    </div>
  );
}
