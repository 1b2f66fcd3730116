import { resolve } from 'node:path';
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
 * so a change takes effect on the next recording or command. For now the choice comes
 * from `system_config.json`; the model manager adds the user's saved choice on top.
 */
export function currentModelChoice(context: {
  readonly config: SystemConfig;
  readonly dataDir: string;
}): ModelChoice {
  const { models } = context.config;
  return {
    speechToText: models.speechToText,
    llm: models.llm,
    cacheDir: resolve(context.dataDir, models.cacheDir),
  };
}
