import { useId, useState, type FormEvent } from 'react';
import type { ModelState, ModelView } from '../../../../shared/schemas/model';
import { formatBytes, formatRate, formatTimeLeft } from '../../format/bytes';
import { useAppStore } from '../../store/appStore';
import type { ModelAction } from '../../store/modelsSlice';

const STATE_DISPLAY: Record<ModelState, { label: string; tone: string }> = {
  ready: { label: 'Ready', tone: 'success' },
  installed_unverified: { label: 'Installed, not verified', tone: 'warning' },
  missing: { label: 'Not downloaded', tone: 'neutral' },
  downloading: { label: 'Downloading', tone: 'info' },
  paused: { label: 'Paused', tone: 'warning' },
  broken: { label: 'Broken', tone: 'danger' },
};

const TASK_LABEL = { 'speech-to-text': 'Speech to text', 'text-generation': 'Language model' };

const BUSY_LABEL: Record<ModelAction, string> = {
  download: 'Starting…',
  pause: 'Pausing…',
  resume: 'Resuming…',
  cancel: 'Cancelling…',
  delete: 'Deleting…',
  install: 'Installing…',
};

/** One model: what it is, its state and why, progress while downloading, and its actions. */
export function ModelCard({ model }: { model: ModelView }) {
  const busy = useAppStore((state) => state.modelBusy[model.id]);
  const error = useAppStore((state) => state.modelErrors[model.id]);
  const runModelAction = useAppStore((state) => state.runModelAction);
  const [asking, setAsking] = useState<'delete' | 'install' | null>(null);
  const headingId = useId();
  const display = STATE_DISPLAY[model.state];
  const run = (action: Exclude<ModelAction, 'install'>) => {
    setAsking(null);
    void runModelAction(action, model.id);
  };
  const button = (action: Exclude<ModelAction, 'install'>, label: string, primary = false) => (
    <button
      type="button"
      className={`button button--small${primary ? ' button--primary' : ''}`}
      disabled={busy !== undefined}
      onClick={() => run(action)}
    >
      {label}
    </button>
  );

  return (
    <li className="model-card" aria-labelledby={headingId}>
      <div className="model-card-head">
        <h3 className="model-card-title" id={headingId}>
          {model.label}
        </h3>
        <span className={`badge badge--${display.tone}`}>{display.label}</span>
      </div>
      <p className="muted">
        {TASK_LABEL[model.task]} ·{' '}
        {model.engine === 'whisper-cpp' ? 'whisper.cpp' : 'transformers.js'} · licence{' '}
        {model.licence} ·{' '}
        {model.sizeBytes === null
          ? 'size known once the download starts'
          : formatBytes(model.sizeBytes)}
        {model.bytesOnDisk > 0 ? ` · ${formatBytes(model.bytesOnDisk)} on disk` : ''}
        {model.usedBy.length > 0 ? ' · in use' : ''}
      </p>
      <p className="model-card-reason">{model.reason}</p>
      {model.state === 'installed_unverified' ? (
        <p className="inline-notice inline-notice--warning">
          ArcFlux had no checksum for some of this model's files, so it could not check that they
          are the real ones. Use it only if you trust where they came from; downloading it instead
          checks every file.
        </p>
      ) : null}
      {model.state === 'downloading' ? <DownloadProgressBar model={model} /> : null}
      {model.error ? (
        <p className="inline-notice inline-notice--danger" role="alert">
          {model.error}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" role="alert">
          {error.message}
        </p>
      ) : null}
      {asking === 'delete' ? (
        <div className="model-card-confirm" role="group" aria-label={`Delete ${model.label}?`}>
          <p>
            Delete {model.label}? Getting it back means downloading{' '}
            {model.bytesOnDisk > 0 ? formatBytes(model.bytesOnDisk) : 'it'} again.
            {model.usedBy.includes('speech-to-text')
              ? ' Voice commands stop working until you download it again or choose another model.'
              : ''}
          </p>
          <div className="settings-actions">
            <button type="button" className="button button--small" onClick={() => setAsking(null)}>
              Keep it
            </button>
            <button
              type="button"
              className="button button--small button--danger"
              onClick={() => run('delete')}
            >
              Delete
            </button>
          </div>
        </div>
      ) : asking === 'install' ? (
        <InstallFromFolder model={model} onDone={() => setAsking(null)} />
      ) : (
        <div className="model-card-actions">
          {busy ? (
            <span className="muted" role="status">
              {BUSY_LABEL[busy]}
            </span>
          ) : null}
          {model.state === 'missing' || model.state === 'broken'
            ? button('download', model.state === 'broken' ? 'Download again' : 'Download', true)
            : null}
          {model.state === 'downloading' ? button('pause', 'Pause') : null}
          {model.state === 'paused' ? button('resume', 'Resume', true) : null}
          {model.state === 'downloading' || model.state === 'paused'
            ? button('cancel', 'Cancel download')
            : null}
          {model.state === 'missing' || model.state === 'broken' ? (
            <button
              type="button"
              className="button button--small"
              disabled={busy !== undefined}
              onClick={() => setAsking('install')}
            >
              Install from a folder
            </button>
          ) : null}
          {model.state === 'ready' ||
          model.state === 'installed_unverified' ||
          model.state === 'broken' ? (
            <button
              type="button"
              className="button button--small button--danger"
              disabled={busy !== undefined}
              onClick={() => setAsking('delete')}
            >
              Delete
            </button>
          ) : null}
        </div>
      )}
    </li>
  );
}

function DownloadProgressBar({ model }: { model: ModelView }) {
  const progress = model.progress;
  const done = progress?.bytesDone ?? model.bytesOnDisk;
  const total = progress?.bytesTotal ?? model.sizeBytes;
  const parts = [
    total === null
      ? `${formatBytes(done)} so far`
      : `${formatBytes(done)} of ${formatBytes(total)}`,
    progress && progress.bytesPerSecond > 0 ? formatRate(progress.bytesPerSecond) : null,
    progress && progress.etaSeconds !== null ? formatTimeLeft(progress.etaSeconds) : null,
  ].filter((part): part is string => part !== null);
  const text = parts.join(' · ');
  return (
    <div className="model-progress">
      <div
        className="progress"
        role="progressbar"
        aria-label={`Downloading ${model.label}`}
        aria-valuemin={0}
        aria-valuemax={total ?? undefined}
        aria-valuenow={total === null ? undefined : done}
        aria-valuetext={text}
      >
        <span
          className="progress-fill"
          style={{ width: total ? `${Math.min(100, (done / total) * 100)}%` : '0%' }}
        />
      </div>
      <p className="muted model-progress-text">{text}</p>
    </div>
  );
}

function InstallFromFolder({ model, onDone }: { model: ModelView; onDone(): void }) {
  const installModel = useAppStore((state) => state.installModel);
  const busy = useAppStore((state) => state.modelBusy[model.id]);
  const [folder, setFolder] = useState('');
  const id = useId();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const error = await installModel(model.id, folder.trim());
    if (!error) onDone();
  };
  return (
    <form className="model-install" onSubmit={(event) => void submit(event)}>
      <div className="field">
        <label className="field-label" htmlFor={id}>
          Folder holding the model's files
        </label>
        <input
          id={id}
          className="input"
          type="text"
          value={folder}
          autoComplete="off"
          spellCheck={false}
          placeholder={`/path/to/${model.id.split('/')[1] ?? model.id}`}
          onChange={(event) => setFolder(event.target.value)}
        />
        <p className="field-hint">
          The whole path of a folder with the model's files as on the hub (config.json, onnx/…).
          Only plain files inside that folder are taken, never links. A file ArcFlux has no checksum
          for leaves the model installed but not verified.
        </p>
      </div>
      <div className="settings-actions">
        <button type="button" className="button button--small" onClick={onDone}>
          Back
        </button>
        <button
          type="submit"
          className="button button--small button--primary"
          disabled={busy !== undefined || folder.trim() === ''}
        >
          {busy === 'install' ? 'Installing…' : 'Install'}
        </button>
      </div>
    </form>
  );
}
