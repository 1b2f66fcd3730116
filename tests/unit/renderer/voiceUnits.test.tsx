import { afterEach, describe, expect, it, vi } from 'vitest';
import { planRequest } from '../../../renderer/src/bridge/httpRoutes';
import {
  describeMicrophoneError,
  INSECURE,
  MICROPHONE_DISCONNECTED,
  microphoneProblem,
  NO_AUDIO_WORKLET,
  NO_MICROPHONE_API,
} from '../../../renderer/src/voice/microphoneErrors';
import { createMicrophoneVoice } from '../../../renderer/src/voice/microphoneVoice';
import { spokenAnswer } from '../../../renderer/src/voice/spokenAnswer';
import { decodeWav } from '../../../electron/core/speech/wav';

const supported = { isSecureContext: true, hasGetUserMedia: true, hasAudioWorklet: true };

describe('microphone problems, before anything is asked', () => {
  it('names the first thing that stops recording on this page', () => {
    expect(microphoneProblem(supported)).toBeNull();
    expect(
      microphoneProblem({ ...supported, isSecureContext: false, hasGetUserMedia: false }),
    ).toBe(INSECURE);
    expect(microphoneProblem({ ...supported, hasGetUserMedia: false })).toBe(NO_MICROPHONE_API);
    expect(microphoneProblem({ ...supported, hasAudioWorklet: false })).toBe(NO_AUDIO_WORKLET);
    expect(INSECURE).toMatch(/127\.0\.0\.1 or http:\/\/localhost.*desktop app/);
  });

  it('maps each getUserMedia failure to what happened and what to do', () => {
    const cases: [string, RegExp][] = [
      ['NotAllowedError', /permission was refused.*Privacy/],
      ['SecurityError', /permission was refused/],
      ['NotFoundError', /No microphone was found/],
      ['OverconstrainedError', /No microphone was found/],
      ['NotReadableError', /another app may be using it/],
      ['WorkletLoadError', /could not load its audio recorder.*Reload/],
      ['TypeError', /could not be started \(TypeError\)\. Try again, or type the command/],
    ];
    for (const [name, message] of cases) {
      expect(describeMicrophoneError(Object.assign(new Error('x'), { name }))).toMatch(message);
    }
  });
});

describe('createMicrophoneVoice without a usable microphone', () => {
  const environment = {
    ...supported,
    getUserMedia: () => Promise.reject(new Error('not reached')),
    createAudioContext: () => {
      throw new Error('not reached');
    },
    workletUrl: '/assets/captureWorklet.js',
  };
  const listener = {
    onLevel: () => undefined,
    onLimit: () => undefined,
    onError: () => undefined,
  };

  it('refuses on an insecure page without asking for the microphone', async () => {
    let asked = false;
    const voice = createMicrophoneVoice({
      ...environment,
      isSecureContext: false,
      getUserMedia: () => {
        asked = true;
        return Promise.reject(new Error('x'));
      },
    });
    expect(voice.available).toBe(false);
    await expect(voice.start(listener)).rejects.toThrow(INSECURE);
    expect(asked).toBe(false);
  });

  it('explains a refused permission', async () => {
    const voice = createMicrophoneVoice({
      ...environment,
      getUserMedia: () => Promise.reject(new DOMException('denied', 'NotAllowedError')),
    });
    expect(voice.available).toBe(true);
    await expect(voice.start(listener)).rejects.toThrow(/permission was refused/);
  });
});

/**
 * Doubles for the browser's audio pieces (a media stream and an AudioContext): nothing is
 * recorded, they count what was stopped and closed.
 */
function audioDoubles(options: { sourceFails?: boolean } = {}) {
  const track = {
    stops: 0,
    onended: null as (() => void) | null,
    stop() {
      track.stops += 1;
    },
  };
  const stream = { getTracks: () => [track], getAudioTracks: () => [track] };
  const node = () => ({ connect: (next: unknown) => next, disconnect: () => undefined });
  const context = {
    closes: 0,
    sampleRate: 48_000,
    audioWorklet: { addModule: () => Promise.resolve() },
    resume: () => Promise.resolve(),
    destination: node(),
    createMediaStreamSource() {
      if (options.sourceFails) throw new DOMException('no source', 'InvalidStateError');
      return node();
    },
    createGain: () => ({ ...node(), gain: { value: 1 } }),
    close() {
      context.closes += 1;
      return Promise.resolve();
    },
  };
  const environment = {
    ...supported,
    getUserMedia: () => Promise.resolve(stream as unknown as MediaStream),
    createAudioContext: () => context as unknown as AudioContext,
    workletUrl: '/assets/captureWorklet.js',
  };
  return { track, context, environment };
}

/** Stands in for the AudioWorkletNode constructor jsdom lacks (the AudioWorkletNode double). */
class AudioWorkletNodeDouble {
  port = { onmessage: null as unknown, postMessage: () => undefined };
  connect = (next: unknown) => next;
  disconnect = () => undefined;
}

describe('createMicrophoneVoice with audio doubles', () => {
  afterEach(() => vi.unstubAllGlobals());
  const listener = () => ({
    errors: [] as Error[],
    onLevel: () => undefined,
    onLimit: () => undefined,
    onError(error: Error) {
      this.errors.push(error);
    },
  });

  it('lets the microphone go when building the audio graph throws', async () => {
    const { track, context, environment } = audioDoubles({ sourceFails: true });
    const voice = createMicrophoneVoice(environment);
    await expect(voice.start(listener())).rejects.toThrow(/could not be started/);
    expect(track.stops).toBe(1);
    expect(context.closes).toBe(1);
  });

  it('lets the microphone go when the worklet node cannot be made', async () => {
    // jsdom has no AudioWorkletNode at all: the constructor call itself throws.
    const { track, context, environment } = audioDoubles();
    const voice = createMicrophoneVoice(environment);
    await expect(voice.start(listener())).rejects.toThrow(/could not be started/);
    expect(track.stops).toBe(1);
    expect(context.closes).toBe(1);
  });

  it('reports an unplugged microphone (its track ended) as disconnected', async () => {
    vi.stubGlobal('AudioWorkletNode', AudioWorkletNodeDouble);
    const { track, environment } = audioDoubles();
    const voice = createMicrophoneVoice(environment);
    const heard = listener();
    await voice.start(heard);
    track.onended?.();
    expect(heard.errors.map((error) => error.message)).toEqual([MICROPHONE_DISCONNECTED]);
    expect(MICROPHONE_DISCONNECTED).toMatch(
      /microphone was disconnected.*Reconnect it and try again/,
    );
    // Once the recording was cancelled, a late "ended" says nothing more.
    voice.cancel();
    track.onended?.();
    expect(heard.errors).toHaveLength(1);
  });
});

describe('spokenAnswer', () => {
  it.each([
    ['Yes.', 'yes'],
    [' yeah ', 'yes'],
    ['Confirm!', 'yes'],
    ['Yes, confirm it.', 'yes'],
    ['No.', 'no'],
    ['Cancel.', 'no'],
    ['No, cancel it', 'no'],
    ["Don't.", 'no'],
  ])('hears %j as %s', (text, answer) => {
    expect(spokenAnswer(text)).toBe(answer);
  });

  it.each(['Yes pay Bob 50', 'No, pay Alice instead', 'okay', 'sure', 'stop', 'yes no', ''])(
    'hears %j as no answer',
    (text) => {
      expect(spokenAnswer(text)).toBeNull();
    },
  );
});

describe('the HTTP door for recordings', () => {
  it('sends voice:transcribe as a 16 kHz WAV body with the user in the query', () => {
    const audio = Float32Array.from({ length: 1600 }, (_unused, index) => Math.sin(index / 5) / 2);
    const plan = planRequest('voice:transcribe', { audio, sampleRate: 16_000, userId: 'user1' });
    expect(plan).toMatchObject({
      method: 'POST',
      url: '/v1/transcribe?userId=user1',
      contentType: 'audio/wav',
    });
    if (!('body' in plan) || !(plan.body instanceof Uint8Array)) throw new Error('no WAV body');
    const decoded = decodeWav(plan.body);
    expect(decoded).toMatchObject({ sampleRate: 16_000, channels: 1 });
    expect(decoded.samples).toHaveLength(1600);
    expect(decoded.samples[7]).toBeCloseTo(audio[7] ?? 0, 4);
  });

  it('says what is missing instead of sending an empty body', () => {
    expect(planRequest('voice:transcribe', { sampleRate: 16_000 } as never)).toEqual({
      problem: "voice:transcribe needs the recording's samples and their sample rate.",
    });
  });
});
