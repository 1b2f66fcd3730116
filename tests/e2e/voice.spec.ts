import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LaunchOptions } from '@playwright/test';
import { encodeWav, rootMeanSquare, toDecibels, trimSilence } from '../../shared/audio';
import { decodeWav, toSpeechAudio } from '../../electron/core/speech/wav';
import { startArcfluxServer } from './support/arcfluxServer';
import { attachScreenshot, expect, openApp, test, watchForPageProblems } from './support/fixtures';

const SPOKEN = 'Pay User Two 120 USDC';
/**
 * Silence around the speech in the fake microphone's file. The lead covers the time
 * between Chromium opening the fake device (when the file starts) and our worklet being
 * connected, which is longer on a slow, busy machine; both ends are trimmed before the
 * comparison, so their exact length never matters.
 */
const LEAD_SECONDS = 2;
const TAIL_SECONDS = 1;

/**
 * Push-to-talk in browser mode, with Chromium's fake microphone playing an espeak-ng WAV.
 * The server is the real one over the real core, with a recording speech-to-text TEST
 * DOUBLE in place of a model (tests/e2e/support/voiceServer.ts): it writes down the PCM
 * the core received and answers with the scripted transcript.
 */
test('push-to-talk delivers the spoken WAV to the core as 16 kHz PCM, then the command reaches Confirm payment (speech-to-text test double)', async ({
  playwright,
}, testInfo) => {
  test.setTimeout(120_000);
  const folder = testInfo.outputPath('voice');
  mkdirSync(folder, { recursive: true });
  const spokenPath = join(folder, 'spoken.wav');
  const espeak = spawnSync('espeak-ng', ['-w', spokenPath, SPOKEN]);
  test.skip(
    espeak.status !== 0,
    `espeak-ng could not make the test WAV (${espeak.error?.message ?? espeak.stderr?.toString()})`,
  );
  const spoken = decodeWav(readFileSync(spokenPath), spokenPath);
  const padded = new Float32Array(
    Math.round((LEAD_SECONDS + TAIL_SECONDS) * spoken.sampleRate) + spoken.samples.length,
  );
  padded.set(spoken.samples, Math.round(LEAD_SECONDS * spoken.sampleRate));
  const microphonePath = join(folder, 'microphone.wav');
  writeFileSync(microphonePath, encodeWav(padded, spoken.sampleRate));
  const fileSeconds = padded.length / spoken.sampleRate;

  const server = await startArcfluxServer({
    command: (dataDir, root) => [
      '--import',
      'tsx',
      'tests/e2e/support/voiceServer.ts',
      dataDir,
      root,
      SPOKEN,
    ],
  });
  const configured = (testInfo.project.use.launchOptions ?? {}) as LaunchOptions;
  const browser = await playwright.chromium.launch({
    ...configured,
    args: [
      ...(configured.args ?? []),
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      // %noloop: after the file, the fake device gives silence instead of starting over.
      `--use-file-for-fake-audio-capture=${microphonePath}%noloop`,
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    const problems = watchForPageProblems(page);
    await openApp(page, server);

    const talk = page.getByRole('button', { name: 'Hold to talk' });
    await talk.hover();
    await page.mouse.down();
    await expect(page.getByRole('meter', { name: 'Microphone level' })).toBeVisible();
    await expect(page.locator('#talk-status')).toHaveText(/release to stop/);
    // Held past the file's end (plus a margin for a slow start): what comes after the
    // file is the fake device's silence, which the comparison trims.
    await page.waitForTimeout(fileSeconds * 1000 + 1500);
    await attachScreenshot(page, testInfo, 'voice-listening');
    await page.mouse.up();

    const command = page.getByRole('textbox', { name: 'Command' });
    await expect(command).toHaveValue(SPOKEN, { timeout: 30_000 });
    const preview = page.getByRole('group', { name: 'What ArcFlux understood' });
    await expect(preview).toContainText('120.00 USDC');
    await expect(preview).toContainText('User Two');
    await attachScreenshot(page, testInfo, 'voice-transcript');

    // What reached the core: 16 kHz, like the WAV in duration and energy.
    const bytes = readFileSync(join(server.root, 'delivered-0.f32'));
    const delivered = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
    const reference = toSpeechAudio(spoken);
    const heard = trimSilence(delivered, 16_000);
    const said = trimSilence(reference, 16_000);
    const heardSeconds = heard.length / 16_000;
    const saidSeconds = said.length / 16_000;
    // The rate the page recorded at, which the renderer resampled from.
    // (A string, since this file is type-checked without the DOM library.)
    const deviceRate = await page.evaluate<number>(
      '(async () => { const context = new AudioContext(); const rate = context.sampleRate; await context.close(); return rate; })()',
    );
    const levelDifference = toDecibels(rootMeanSquare(heard)) - toDecibels(rootMeanSquare(said));
    testInfo.annotations.push({
      type: 'measured',
      description: `recorded at ${deviceRate} Hz; delivered ${(delivered.length / 16_000).toFixed(2)} s; speech ${heardSeconds.toFixed(3)} s vs WAV ${saidSeconds.toFixed(3)} s; RMS difference ${levelDifference.toFixed(2)} dB`,
    });
    console.log(testInfo.annotations.at(-1)?.description);
    expect(saidSeconds).toBeGreaterThan(1);
    expect(heardSeconds / saidSeconds).toBeGreaterThan(0.95);
    expect(heardSeconds / saidSeconds).toBeLessThan(1.05);
    // Both sides are band-limited to 8 kHz by the same resampler and Chromium adds no gain
    // with echo cancellation, noise suppression and gain control off, so the levels agree
    // closely; 1.5 dB leaves room for Chromium's own resampling to its device rate, 16-bit
    // rounding in the WAV body and the trim's 20 ms edges, while a wrong gain, a lost
    // channel or a recording that caught only part of the speech is far outside it.
    expect(Math.abs(levelDifference)).toBeLessThan(1.5);

    // The spoken command takes the typed path: Send, the Guardian, then the dialog.
    await page.getByRole('button', { name: 'Send' }).click();
    const dialog = page.getByRole('dialog', { name: /Confirm payment/ });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('Pay User Two 120.00 USDC');
    await attachScreenshot(page, testInfo, 'voice-confirm');
    expect(problems).toEqual([]);
  } finally {
    await browser.close();
    await server.stop();
  }
});
