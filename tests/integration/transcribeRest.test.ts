import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeWav } from '../../shared/audio';
import { MAX_WAV_BYTES } from '../../shared/contract/voice';
import { decodeWav, toSpeechAudio } from '../../electron/core/speech/wav';
import { temporaryFolder } from '../support/dataFolder';
import { useMoneyServer } from '../support/moneyServer';
import { recordingSpeechDouble } from '../support/speechDoubles';

const speech = recordingSpeechDouble('pay user 2 120 u s d c');
const rest = useMoneyServer('transcribe-token-0123456789', { speech });
const folder = temporaryFolder('arcflux-transcribe-');
afterAll(() => folder.remove());

/** espeak-ng's own WAV: 22.05 kHz mono 16-bit, as a recorder other than ours might send. */
function spokenWav(text: string): Uint8Array {
  const path = join(folder.path, 'spoken.wav');
  const spoken = spawnSync('espeak-ng', ['-w', path, text]);
  if (spoken.status !== 0) throw new Error(`espeak-ng failed: ${spoken.stderr.toString()}`);
  return readFileSync(path);
}

async function postWav(body: Uint8Array, query = '', type = 'audio/wav') {
  const response = await fetch(new URL(`/v1/transcribe${query}`, rest.server.url), {
    method: 'POST',
    headers: { authorization: `Bearer ${rest.token}`, 'content-type': type },
    body,
  });
  return { status: response.status, body: (await response.json()) as any };
}

describe('POST /v1/transcribe (recording speech double: no model runs)', () => {
  it('transcribes a 16 kHz WAV body, parses it, and changes nothing', async () => {
    const audio = toSpeechAudio(decodeWav(spokenWav('Pay User Two 120 USDC')));
    const before = rest.snapshot();
    const reply = await postWav(encodeWav(audio));
    expect(reply.status).toBe(200);
    expect(reply.body.data).toMatchObject({
      rawText: 'pay user 2 120 u s d c',
      text: 'pay User Two 120 USDC',
      model: 'recording speech double',
      parsed: { intent: { kind: 'payment', recipient: { userId: 'user2' }, amount: '120' } },
    });
    expect(reply.body.data.audioSeconds).toBeCloseTo(audio.length / 16_000, 6);
    const delivered = speech.calls.at(-1)?.audio ?? new Float32Array(0);
    expect(delivered.length).toBe(audio.length);
    // Understanding a spoken command never proposes or pays: the user still presses Send.
    expect(rest.snapshot()).toEqual(before);
  });

  it('takes the user from the query string', async () => {
    const audio = toSpeechAudio(decodeWav(spokenWav('Pay User One 5 USDC')));
    const reply = await postWav(encodeWav(audio), '?userId=user2');
    expect(reply.status).toBe(200);
    expect(speech.calls.at(-1)?.options.vocabulary).toContain('User One');
    expect(speech.calls.at(-1)?.options.vocabulary).not.toContain('User Two');
  });

  it('refuses a WAV at another rate with what to do, before any recognition', async () => {
    const calls = speech.calls.length;
    const reply = await postWav(spokenWav('Pay User Two 120 USDC'));
    expect(reply.status).toBe(400);
    expect(reply.body.error).toEqual({
      code: 'invalid_input',
      message: expect.stringMatching(
        /22\.05 kHz mono, but speech recognition takes 16 kHz mono.*sox/,
      ),
    });
    expect(speech.calls.length).toBe(calls);
  });

  it('refuses a body that is not sent as WAV', async () => {
    const reply = await postWav(new TextEncoder().encode('{"text":"pay"}'), '', 'application/json');
    // 415, as for JSON sent to a JSON route under another type (serverGuards.test.ts).
    expect(reply.status).toBe(415);
    expect(reply.body.error.code).toBe('unsupported_media_type');
    expect(reply.body.error.message).toMatch(
      /takes a WAV recording.*"application\/json".*audio\/wav/,
    );
  });

  it('refuses a recording longer than 30 s before buffering all of it', async () => {
    const reply = await postWav(new Uint8Array(MAX_WAV_BYTES + 1));
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toMatch(/larger than .* bytes, longer than the 30 s/);
  });

  it('refuses silence with "heard nothing"', async () => {
    const reply = await postWav(encodeWav(new Float32Array(16_000)));
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toMatch(/^ArcFlux heard nothing: the recording was silent/);
  });

  it('needs the token like every /v1 route', async () => {
    const response = await fetch(new URL('/v1/transcribe', rest.server.url), {
      method: 'POST',
      headers: { 'content-type': 'audio/wav' },
      body: encodeWav(new Float32Array(16_000)),
    });
    expect(response.status).toBe(401);
  });
});
