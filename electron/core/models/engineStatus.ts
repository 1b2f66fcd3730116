import { existsSync } from 'node:fs';
import type {
  EngineStatus,
  ModelChoiceSetting,
  ModelEntry,
  ModelStatus,
} from '../../../shared/schemas/model';
import { whisperCppModelPath } from '../speech/createSpeechToText';
import { whisperCppBuildState } from '../speech/whisperCppSpeech';

export interface EngineStatusSources {
  registry: readonly ModelEntry[];
  /** Statuses of every registry model, as the library reports them. */
  statuses: readonly ModelStatus[];
  cacheDir: string;
  /** whisper.cpp's build state; injected so tests can describe a machine without a compiler. */
  whisperCppBuild?: () => { built: boolean; missingTools: string[] };
}

/**
 * Whether each task can run right now, and why not: speech-to-text with the chosen model
 * (plus, for whisper.cpp, whether it is built or can be), and the LLM if it is on.
 */
export function engineStatuses(
  choice: ModelChoiceSetting,
  sources: EngineStatusSources,
): EngineStatus[] {
  const { engine, model } = choice.speechToText;
  const speech: EngineStatus = {
    task: 'speech-to-text',
    engine,
    model,
    ...(engine === 'whisper-cpp'
      ? whisperCppState(model, sources)
      : modelState(model, 'speech-to-text', sources)),
  };
  const llm: EngineStatus = {
    task: 'text-generation',
    engine: 'transformers',
    model: choice.llm.model,
    ...(choice.llm.enabled
      ? modelState(choice.llm.model, 'text-generation', sources)
      : {
          state: 'off',
          reason:
            'Switched off: commands are understood by the rules engine alone. Turn it on in Settings > Models.',
        }),
  };
  return [speech, llm];
}

type State = Pick<EngineStatus, 'state' | 'reason'>;

function modelState(id: string, task: ModelEntry['task'], sources: EngineStatusSources): State {
  const entry = sources.registry.find((candidate) => candidate.id === id);
  const status = sources.statuses.find((candidate) => candidate.id === id);
  if (!entry || !status || entry.task !== task) {
    return {
      state: 'broken',
      reason: `${id} is not a ${task} model in ArcFlux's registry. Choose another in Settings > Models.`,
    };
  }
  switch (status.state) {
    case 'ready':
      return { state: 'ready', reason: `${entry.label} is installed and verified.` };
    case 'installed_unverified':
      // It runs; the reason keeps the missing check in view wherever the engine is shown.
      return {
        state: 'ready',
        reason: `${entry.label} is installed, but not verified: ArcFlux had no checksum to check its files against.`,
      };
    case 'downloading':
      return { state: 'downloading', reason: `${entry.label} is downloading.` };
    case 'paused':
      return {
        state: 'missing',
        reason: `${entry.label} is only partly downloaded. Resume the download in Settings > Models.`,
      };
    case 'missing':
      return {
        state: 'missing',
        reason: `${entry.label} is not downloaded. Download it in Settings > Models, or install it from a folder.`,
      };
    case 'broken':
      return { state: 'broken', reason: `${entry.label}: ${status.reason}` };
  }
}

function whisperCppState(model: string, sources: EngineStatusSources): State {
  const inRegistry = sources.registry.some(
    (candidate) => candidate.id === model && candidate.engine === 'whisper-cpp',
  );
  let file: State;
  if (inRegistry) {
    file = modelState(model, 'speech-to-text', sources);
  } else {
    const path = whisperCppModelPath(model, sources.cacheDir, sources.registry);
    file = existsSync(path)
      ? { state: 'ready', reason: `The ggml model ${path} is present.` }
      : {
          state: 'missing',
          reason: `The ggml model ${path} is missing. Download a whisper.cpp model in Settings > Models.`,
        };
  }
  if (file.state !== 'ready') return file;
  const build = (sources.whisperCppBuild ?? whisperCppBuildState)();
  if (build.built) return { state: 'ready', reason: `${file.reason} whisper.cpp is built.` };
  if (build.missingTools.length > 0) {
    return {
      state: 'broken',
      reason: `${file.reason} But whisper.cpp has to be built on first use, and ${build.missingTools.join(', ')} ${build.missingTools.length === 1 ? 'is' : 'are'} not installed. Install a C/C++ compiler and make (Debian: "apt-get install build-essential"; macOS: "xcode-select --install"), or use the transformers engine.`,
    };
  }
  return {
    state: 'ready',
    reason: `${file.reason} whisper.cpp will be built on the first recording, which takes a few minutes.`,
  };
}
