import { resolve } from 'node:path';
import type { ModelChoiceSetting } from '../../../shared/schemas/model';
import type { SystemConfig } from '../config/systemConfig';

/** Which local models the core uses right now, for each task. */
export interface ModelChoice {
  speechToText: SystemConfig['models']['speechToText'];
  llm: SystemConfig['models']['llm'];
  /** Absolute folder the weights live in. */
  cacheDir: string;
}

/**
 * The one place speech and language-model code asks which model to use, read at each use
 * so a change takes effect on the next recording or command. The user's saved choice (in
 * the settings document, changed through models:choose) wins over `system_config.json`,
 * which only supplies the defaults and the LLM's dtype and timeout. Callers without a
 * settings repository (a one-shot tool outside the core) get the config's defaults.
 */
export function currentModelChoice(context: {
  readonly config: SystemConfig;
  readonly dataDir: string;
  readonly settings?: { get(): { readonly models: ModelChoiceSetting } };
}): ModelChoice {
  const { models } = context.config;
  const saved = context.settings?.get().models;
  return {
    speechToText: saved?.speechToText ?? models.speechToText,
    llm: saved ? { ...models.llm, ...saved.llm } : models.llm,
    cacheDir: resolve(context.dataDir, models.cacheDir),
  };
}

/** The choice a fresh settings document starts from: system_config.json's `models`. */
export function defaultModelChoice(config: SystemConfig): ModelChoiceSetting {
  const { speechToText, llm } = config.models;
  return {
    speechToText: { engine: speechToText.engine, model: speechToText.model },
    llm: { enabled: llm.enabled, model: llm.model },
  };
}
