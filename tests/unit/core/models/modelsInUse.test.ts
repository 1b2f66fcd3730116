import { afterEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../../../electron/core/createCore';
import type { SpeechToText, Transcript } from '../../../../electron/core/speech/speechToText';
import { seededDataFolder } from '../../../support/dataFolder';
import { scriptedLanguageModelDouble } from '../../../support/languageModelDoubles';
import { ManualClock } from '../../../support/manualClock';
import { configWith } from '../../../support/moneyCore';

/** Work that waits until the test lets it finish. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/** A speech TEST DOUBLE that holds each transcription until its gate opens; no model runs. */
function heldSpeechDouble(held: Promise<void>): SpeechToText & { started: Promise<void> } {
  let started!: () => void;
  const startedPromise = new Promise<void>((resolve) => (started = resolve));
  return {
    started: startedPromise,
    async transcribe(): Promise<Transcript> {
      started();
      await held;
      return {
        text: 'what is my balance',
        engine: 'transformers',
        model: 'held speech double',
        durationMs: 1,
      };
    },
  };
}

/** A 440 Hz tone at -12 dBFS, audible enough to reach the engine. */
function tone(seconds: number): Float32Array {
  const samples = new Float32Array(seconds * 16_000);
  for (let index = 0; index < samples.length; index += 1) {
    samples[index] = 0.25 * Math.sin((2 * Math.PI * 440 * index) / 16_000);
  }
  return samples;
}

let folder: ReturnType<typeof seededDataFolder> | undefined;
let core: Core | undefined;
afterEach(async () => {
  await core?.close();
  folder?.remove();
  core = undefined;
  folder = undefined;
});

async function deleteMessage(id: string): Promise<string> {
  const result = await core!.dispatch('models:delete', { id });
  if (result.ok) throw new Error(`models:delete of ${id} succeeded, but nothing is installed`);
  return result.error.message;
}

describe('a model running in the core is in use for Settings > Models', () => {
  it('refuses to delete the speech model while a recording is transcribed (speech test double)', async () => {
    folder = seededDataFolder();
    const held = gate();
    const speech = heldSpeechDouble(held.opened);
    core = await openCore({
      dataDir: folder.path,
      owner: 'a models test',
      clock: new ManualClock('2026-11-02T14:00:00.000Z'),
      log: () => undefined,
      speech,
    });
    const transcribing = core.dispatch('voice:transcribe', {
      audio: tone(1),
      sampleRate: 16_000,
    });
    await speech.started;
    expect(await deleteMessage('Xenova/whisper-tiny.en')).toMatch(/being used right now/);
    held.open();
    expect((await transcribing).ok).toBe(true);
    // Free again: the refusal is now the ordinary one.
    expect(await deleteMessage('Xenova/whisper-tiny.en')).toMatch(/not on this machine/);
  });

  it('refuses to delete the language model while it reads a command (LLM test double)', async () => {
    folder = seededDataFolder();
    const held = gate();
    let asked!: () => void;
    const modelAsked = new Promise<void>((resolve) => (asked = resolve));
    const double = scriptedLanguageModelDouble(async () => {
      asked();
      await held.opened;
      return '{}';
    });
    core = await openCore({
      dataDir: folder.path,
      owner: 'a models test',
      configPath: configWith(folder.path, (config) => {
        config.models.llm.enabled = true;
      }),
      clock: new ManualClock('2026-11-02T14:00:00.000Z'),
      log: () => undefined,
      languageModel: () => double,
    });
    const running = core.dispatch('commands:run', { text: 'sing me a song' });
    await modelAsked;
    expect(await deleteMessage('onnx-community/Qwen3-0.6B-ONNX')).toMatch(/being used right now/);
    held.open();
    expect((await running).ok).toBe(true);
    expect(await deleteMessage('onnx-community/Qwen3-0.6B-ONNX')).toMatch(/not on this machine/);
  });
});
