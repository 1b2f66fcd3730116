import { rootMeanSquare, SPEECH_SAMPLE_RATE, toDecibels } from '../../../shared/audio';
import { MAX_RECORDING_SECONDS } from '../../../shared/contract/voice';
import { concatenate, Resampler } from '../../../shared/resample';
import type { RecordingListener, VoiceEngine } from '../store/types';
import { playCue } from './cues';
import {
  describeMicrophoneError,
  MICROPHONE_DISCONNECTED,
  microphoneProblem,
  type MicrophoneSupport,
} from './microphoneErrors';

/** The browser pieces a recording uses; the page passes its own, tests pass doubles. */
export interface MicrophoneEnvironment extends MicrophoneSupport {
  getUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream>;
  createAudioContext(): AudioContext;
  /** Where the built capture worklet is served (same origin, see captureWorklet.ts). */
  workletUrl: string;
}

/**
 * Push-to-talk's microphone: getUserMedia into an AudioWorklet at the device's rate, mixed
 * to mono, and resampled with a low-pass filter to 16 kHz block by block as it arrives (so
 * stopping a 30 s recording doesn't stall the window filtering all of it at once). It stops
 * taking audio at 30 s and says so through `onLimit`.
 */
export function createMicrophoneVoice(environment: MicrophoneEnvironment): VoiceEngine {
  let recording: Recording | null = null;
  // Bumped by every start and cancel, so a microphone that opens after a cancel is closed.
  let generation = 0;
  return {
    available: microphoneProblem(environment) === null,
    async start(listener) {
      const problem = microphoneProblem(environment);
      if (problem) throw new Error(problem);
      recording?.close();
      recording = null;
      const current = ++generation;
      playCue('start');
      let opened: Recording;
      try {
        opened = await openRecording(environment, listener);
      } catch (error) {
        throw new Error(describeMicrophoneError(error));
      }
      if (current !== generation) {
        opened.close();
        return;
      }
      recording = opened;
    },
    async stop() {
      const finished = recording;
      recording = null;
      generation += 1;
      if (!finished) return new Float32Array(0);
      playCue('stop');
      return finished.finish();
    },
    cancel() {
      generation += 1;
      if (recording) playCue('cancel');
      recording?.close();
      recording = null;
    },
  };
}

interface Recording {
  /** Ends the recording: what was heard, at 16 kHz. */
  finish(): Promise<Float32Array>;
  /** Ends it and throws the audio away. */
  close(): void;
}

/** Below this the meter shows nothing; a quiet room sits just above it. */
const METER_FLOOR_DB = -60;

async function openRecording(
  environment: MicrophoneEnvironment,
  listener: RecordingListener,
): Promise<Recording> {
  // Echo cancellation, noise suppression and gain control reshape speech in ways Whisper
  // was not trained on, and would change the level the meter and the tests measure.
  const stream = await environment.getUserMedia({
    audio: {
      channelCount: 1,
      echoCancellation: false,
      noiseSuppression: false,
      autoGainControl: false,
    },
  });
  const stopTracks = () => stream.getTracks().forEach((track) => track.stop());
  let context: AudioContext | null = null;
  try {
    context = environment.createAudioContext();
    return await startCapture(context, stream, stopTracks, listener, environment.workletUrl);
  } catch (error) {
    // Whatever failed part-way (the worklet, the graph), the microphone is let go.
    stopTracks();
    void context?.close().catch(() => undefined);
    throw error;
  }
}

async function startCapture(
  context: AudioContext,
  stream: MediaStream,
  stopTracks: () => void,
  listener: RecordingListener,
  workletUrl: string,
): Promise<Recording> {
  try {
    await context.audioWorklet.addModule(workletUrl);
  } catch {
    throw Object.assign(new Error('worklet'), { name: 'WorkletLoadError' });
  }
  // Started by a key press or the global shortcut, the context may begin suspended.
  await context.resume();
  const rate = context.sampleRate;
  const limit = Math.floor(rate * MAX_RECORDING_SECONDS);
  const resampler = new Resampler(rate, SPEECH_SAMPLE_RATE);
  const speech: Float32Array[] = [];
  let frames = 0;
  let limited = false;
  const source = context.createMediaStreamSource(stream);
  const node = new AudioWorkletNode(context, 'arcflux-capture', {
    numberOfInputs: 1,
    numberOfOutputs: 1,
    channelCountMode: 'explicit',
    channelCount: 1,
  });
  // Routed to the speakers through a silent gain: a node nothing pulls may not be run.
  const mute = context.createGain();
  mute.gain.value = 0;
  source.connect(node).connect(mute).connect(context.destination);
  let flushed: (() => void) | null = null;
  node.port.onmessage = (event: MessageEvent<Float32Array | string>) => {
    if (event.data === 'flushed') {
      flushed?.();
      return;
    }
    if (typeof event.data === 'string' || limited) return;
    const block = event.data.subarray(0, Math.max(0, limit - frames));
    speech.push(resampler.push(block));
    frames += block.length;
    const decibels = toDecibels(rootMeanSquare(block));
    listener.onLevel(Math.max(0, Math.min(1, 1 - decibels / METER_FLOOR_DB)));
    if (frames >= limit) {
      limited = true;
      listener.onLimit();
    }
  };
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    node.port.postMessage('stop');
    node.port.onmessage = null;
    source.disconnect();
    node.disconnect();
    stopTracks();
    void context.close().catch(() => undefined);
  };
  // An unplugged microphone ends its track; without this the recording would sit silent.
  for (const track of stream.getAudioTracks()) {
    track.onended = () => {
      if (!closed) listener.onError(new Error(MICROPHONE_DISCONNECTED));
    };
  }
  return {
    async finish() {
      // The worklet holds up to one block; ask for it, but never wait long.
      await new Promise<void>((resolve) => {
        flushed = resolve;
        node.port.postMessage('flush');
        setTimeout(resolve, 250);
      });
      close();
      const samples = concatenate([...speech, resampler.finish()]);
      const most = SPEECH_SAMPLE_RATE * MAX_RECORDING_SECONDS;
      return samples.length > most ? samples.slice(0, most) : samples;
    },
    close,
  };
}

/** The page's own microphone environment (browser mode and the desktop window alike). */
export function pageMicrophone(workletUrl: string): MicrophoneEnvironment {
  const media = typeof navigator === 'undefined' ? undefined : navigator.mediaDevices;
  return {
    isSecureContext: typeof window !== 'undefined' && window.isSecureContext,
    hasGetUserMedia: typeof media?.getUserMedia === 'function',
    hasAudioWorklet:
      typeof AudioWorkletNode !== 'undefined' &&
      typeof AudioContext !== 'undefined' &&
      'audioWorklet' in AudioContext.prototype,
    getUserMedia: (constraints) => {
      if (!media)
        return Promise.reject(Object.assign(new Error('no media'), { name: 'NotFoundError' }));
      return media.getUserMedia(constraints);
    },
    createAudioContext: () => new AudioContext(),
    workletUrl,
  };
}
