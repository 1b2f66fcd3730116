import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeWav } from '../../../../shared/audio';
import { openCore, type Core } from '../../../../electron/core/createCore';
import { CoreError } from '../../../../electron/core/errors';
import { whisperPrompt } from '../../../../electron/core/speech/whisperCppSpeech';
import { seededDataFolder } from '../../../support/dataFolder';
import { ManualClock } from '../../../support/manualClock';
import { recordingSpeechDouble, type RecordingSpeechDouble } from '../../../support/speechDoubles';

/** A 440 Hz tone at -12 dBFS: clearly audible, not speech (the double doesn't care). */
function tone(seconds: number, sampleRate = 16_000, amplitude = 0.25): Float32Array {
  const samples = new Float32Array(Math.round(seconds * sampleRate));
  for (let index = 0; index < samples.length; index += 1) {
    samples[index] = amplitude * Math.sin((2 * Math.PI * 440 * index) / sampleRate);
  }
  return samples;
}

let folder: ReturnType<typeof seededDataFolder>;
let core: Core;
let speech: RecordingSpeechDouble;

async function openWith(double: RecordingSpeechDouble) {
  speech = double;
  core = await openCore({
    dataDir: folder.path,
    owner: 'a voice test',
    clock: new ManualClock('2026-11-02T14:00:00.000Z'),
    log: () => undefined,
    speech: double,
  });
}

beforeEach(() => {
  folder = seededDataFolder();
});

afterEach(async () => {
  await core?.close();
  folder.remove();
});

describe('voice:transcribe with a recording speech double (no model runs)', () => {
  it('hands the 16 kHz samples and the contacts to the engine, normalises and parses', async () => {
    await openWith(recordingSpeechDouble('pay user 2 120 u.s.d.c.'));
    const audio = tone(1.5);
    const result = await core.dispatch('voice:transcribe', { audio, sampleRate: 16_000 });
    expect(result).toMatchObject({
      ok: true,
      data: {
        rawText: 'pay user 2 120 u.s.d.c.',
        text: 'pay User Two 120 USDC',
        engine: 'transformers',
        model: 'recording speech double',
        audioSeconds: 1.5,
        processingMs: 7,
        parsed: {
          text: 'pay User Two 120 USDC',
          engine: 'rules',
          intent: { kind: 'payment', recipient: { userId: 'user2' }, amount: '120' },
        },
      },
    });
    expect(speech.calls).toHaveLength(1);
    expect(speech.calls[0]?.audio).toEqual(audio);
    // user1's contacts: every other user's name, then user1's own nicknames.
    expect(speech.calls[0]?.options.vocabulary).toEqual([
      'User Two',
      'Alice Chen',
      'Bob Martinez',
      "Carol's Bakery",
      'Alex Kim',
      'Alex Rivera',
      'landlord',
      'bakery',
    ]);
  });

  it('uses the named user’s contacts, not the acting user’s', async () => {
    await openWith(recordingSpeechDouble('pay user one 5 usdc'));
    const result = await core.dispatch('voice:transcribe', {
      audio: tone(1),
      sampleRate: 16_000,
      userId: 'user2',
    });
    expect(result).toMatchObject({ ok: true, data: { text: 'pay User One 5 USDC' } });
    expect(speech.calls[0]?.options.vocabulary).toContain('User One');
    expect(speech.calls[0]?.options.vocabulary).not.toContain('User Two');
  });

  it('reads a 16 kHz mono WAV (the REST form) like the samples', async () => {
    await openWith(recordingSpeechDouble('Pay User Two 120 USDC'));
    const audio = tone(2);
    const result = await core.dispatch('voice:transcribe', { wav: encodeWav(audio) });
    expect(result).toMatchObject({ ok: true, data: { audioSeconds: 2 } });
    const delivered = speech.calls[0]?.audio ?? new Float32Array(0);
    expect(delivered.length).toBe(audio.length);
    // 16-bit PCM: each sample within one quantisation step.
    const worst = delivered.reduce(
      (most, sample, index) => Math.max(most, Math.abs(sample - (audio[index] ?? 0))),
      0,
    );
    expect(worst).toBeLessThan(1 / 0x7fff);
  });

  it.each([
    ['empty', { audio: new Float32Array(0), sampleRate: 16_000 }, /recording is empty/],
    ['too short', { audio: tone(0.05), sampleRate: 16_000 }, /only 0\.05 s long, too short/],
    [
      'over 30 s',
      { audio: tone(30.5), sampleRate: 16_000 },
      /30\.5 s long; ArcFlux transcribes at most 30 s/,
    ],
    ['not 16 kHz', { audio: tone(1, 48_000), sampleRate: 48_000 }, /at 48000 Hz.*takes 16000 Hz/],
    [
      'garbled samples',
      {
        audio: Float32Array.from([...tone(1)].map((value, index) => (index === 9 ? NaN : value))),
        sampleRate: 16_000,
      },
      /garbled: sample 9 is NaN/,
    ],
    [
      'a 44.1 kHz WAV',
      { wav: encodeWav(tone(1, 44_100), 44_100) },
      /44\.1 kHz mono, but speech recognition takes 16 kHz mono.*sox/,
    ],
    ['bytes that are not a WAV', { wav: new TextEncoder().encode('hello') }, /not a WAV file/],
    ['no audio at all', { sampleRate: 16_000 }, /Invalid input for voice:transcribe/],
  ])(
    'refuses %s, saying why and what to do, without running the engine',
    async (_case, input, message) => {
      await openWith(recordingSpeechDouble('Pay User Two 5 USDC'));
      const result = await core.dispatch('voice:transcribe', input);
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      if (!result.ok) expect(result.error.message).toMatch(message);
      expect(speech.calls).toHaveLength(0);
    },
  );

  it('says it heard nothing for silence, without running the engine', async () => {
    await openWith(recordingSpeechDouble('Thank you.'));
    const result = await core.dispatch('voice:transcribe', {
      audio: new Float32Array(16_000),
      sampleRate: 16_000,
    });
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'invalid_input',
        message: expect.stringMatching(
          /^ArcFlux heard nothing: the recording was silent\. Check that the right microphone/,
        ),
      },
    });
    expect(speech.calls).toHaveLength(0);
  });

  it('says it heard nothing when the engine finds no words ("[BLANK_AUDIO]")', async () => {
    await openWith(recordingSpeechDouble(' [BLANK_AUDIO] '));
    const result = await core.dispatch('voice:transcribe', { audio: tone(1), sampleRate: 16_000 });
    expect(result).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('heard nothing: no words were recognised') },
    });
  });

  it('passes the engine’s own error through (a model that is not installed)', async () => {
    await openWith(
      recordingSpeechDouble(
        new CoreError(
          'unavailable',
          'Whisper tiny (English) is not installed: … Download it in Settings > Models, or install it from a folder.',
        ),
      ),
    );
    const result = await core.dispatch('voice:transcribe', { audio: tone(1), sampleRate: 16_000 });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'unavailable', message: expect.stringContaining('Settings > Models') },
    });
  });
});

describe('voice:transcribe with the configured engine and no weights installed', () => {
  it('answers with the clear "not installed" message from the real transformers engine', async () => {
    core = await openCore({
      dataDir: folder.path,
      owner: 'a voice test',
      clock: new ManualClock('2026-11-02T14:00:00.000Z'),
      log: () => undefined,
    });
    const result = await core.dispatch('voice:transcribe', { audio: tone(1), sampleRate: 16_000 });
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'unavailable',
        message: expect.stringMatching(
          /is not installed: .* is missing\. Download it in Settings > Models/,
        ),
      },
    });
    // The file's name, never the folders of the model cache (they reach the screen).
    if (!result.ok) expect(result.error.message).not.toContain(folder.path);
    if (!result.ok) expect(result.error.message).not.toMatch(/\/[^\s]*\//);
  }, 60_000);
});

describe('whisperPrompt (whisper.cpp --prompt through a shell)', () => {
  it('keeps names and drops every character a shell could act on', () => {
    expect(whisperPrompt(['User Two', "Carol's Bakery", 'Zoë Ñúñez'])).toBe(
      "User Two, Carol's Bakery, Zoë Ñúñez",
    );
    const hostile = whisperPrompt(['Bob"; rm -rf ~; echo "', '$(reboot)', '`id` %PATH% !x']);
    expect(hostile).not.toMatch(/["$`;%!~()]/);
    expect(hostile).toBe('Bob rm -rf echo, reboot, id PATH x');
  });

  it('stays under Whisper’s prompt window', () => {
    const many = Array.from({ length: 200 }, (_unused, index) => `Contact Number ${index}`);
    const prompt = whisperPrompt(many);
    expect(prompt.length).toBeLessThanOrEqual(400);
    expect(prompt.startsWith('Contact Number 0, Contact Number 1')).toBe(true);
  });
});
