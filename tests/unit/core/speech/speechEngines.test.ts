import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSystemConfig } from '../../../../electron/core/config/systemConfig';
import type { CoreContext } from '../../../../electron/core/handlers/types';
import { SpeechEngines } from '../../../../electron/core/speech/speechEngines';
import { repositoryRoot } from '../../../support/dataFolder';
import { recordingSpeechDouble } from '../../../support/speechDoubles';

/** The parts of a core context SpeechEngines reads: the config's model choice and `use`. */
function contextChoosing(speechToText: { engine: string; model: string }): CoreContext {
  const raw = JSON.parse(readFileSync(join(repositoryRoot, 'system_config.json'), 'utf8'));
  raw.models.speechToText = { ...raw.models.speechToText, ...speechToText };
  return {
    config: parseSystemConfig(JSON.stringify(raw), 'system_config.json'),
    dataDir: repositoryRoot,
    models: { use: <T>(_id: string, work: () => Promise<T>) => work() },
  } as unknown as CoreContext;
}

const closing = {
  code: 'unavailable',
  message: expect.stringMatching(/^Speech recognition has stopped because ArcFlux is closing\./),
};

describe('the speech engines of a core', () => {
  it('refuses a transcription after close (speech test double)', async () => {
    const double = recordingSpeechDouble('pay bob 20');
    const engines = new SpeechEngines(
      contextChoosing({ engine: 'transformers', model: 'Xenova/whisper-tiny.en' }),
      double,
    );
    await expect(engines.transcribe(new Float32Array(160), {})).resolves.toMatchObject({
      text: 'pay bob 20',
    });
    await engines.close();
    await expect(engines.transcribe(new Float32Array(160), {})).rejects.toMatchObject(closing);
    expect(double.calls).toHaveLength(1);
  });

  it('builds no engine for a transcription that was waiting when the core closed', async () => {
    // A whisper.cpp model that isn't there: a built engine would answer "not installed".
    const engines = new SpeechEngines(
      contextChoosing({ engine: 'whisper-cpp', model: '/nonexistent/ggml-none.bin' }),
    );
    const waiting = engines.transcribe(new Float32Array(160), {});
    await engines.close();
    await expect(waiting).rejects.toMatchObject(closing);
    await expect(engines.transcribe(new Float32Array(160), {})).rejects.toMatchObject(closing);
  });
});
