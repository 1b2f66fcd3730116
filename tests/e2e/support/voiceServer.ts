/**
 * TEST-ONLY server entry: the same core and server `arcflux serve` starts (serveCore),
 * with a recording speech-to-text TEST DOUBLE injected instead of a model. Every recording
 * the core would hand a speech engine is written, as raw little-endian Float32 samples at
 * 16 kHz, to `<pcm folder>/delivered-<n>.f32`, and answered with the scripted transcript.
 *
 * Usage: node --import tsx tests/e2e/support/voiceServer.ts <data folder> <pcm folder> <transcript>
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveCore } from '../../../electron/cli/commands/serve';
import { openCore } from '../../../electron/core/createCore';
import { recordingSpeechDouble } from '../../support/speechDoubles';

const [dataDir, pcmDir, transcript] = process.argv.slice(2);
if (!dataDir || !pcmDir || !transcript) {
  throw new Error('usage: voiceServer.ts <data folder> <pcm folder> <transcript>');
}

const speech = recordingSpeechDouble((audio) => {
  // The double records the call before it asks the script for the text.
  const index = speech.calls.length - 1;
  writeFileSync(
    join(pcmDir, `delivered-${index}.f32`),
    new Uint8Array(audio.buffer, audio.byteOffset, audio.byteLength),
  );
  return transcript;
});

const core = await openCore({ dataDir, owner: 'the voice e2e test server', speech });
const running = await serveCore(core, { port: 0, host: '127.0.0.1' }, (line) => console.log(line));
await new Promise<void>((resolve) => {
  process.once('SIGINT', () => resolve());
  process.once('SIGTERM', () => resolve());
});
await running.close();
await core.close();
