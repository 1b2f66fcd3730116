import type { RecordingListener, VoiceEngine } from '../../../renderer/src/store/types';

/**
 * Test double for the microphone: no audio device is opened. `stop` resolves to the
 * scripted samples; the test drives the level meter and the 30 s cap through `listener`.
 */
export function scriptedMicrophoneDouble(
  samples: Float32Array = tone(1),
  failure?: Error,
): VoiceEngine & { listener: RecordingListener | null; starts: number; cancels: number } {
  const double = {
    available: true,
    listener: null as RecordingListener | null,
    starts: 0,
    cancels: 0,
    async start(listener: RecordingListener) {
      double.starts += 1;
      if (failure) throw failure;
      double.listener = listener;
    },
    async stop() {
      double.listener = null;
      return samples;
    },
    cancel() {
      double.cancels += 1;
      double.listener = null;
    },
  };
  return double;
}

/** A 16 kHz tone at the given amplitude, for samples that are clearly not silence. */
export function tone(seconds: number, amplitude = 0.25): Float32Array {
  const samples = new Float32Array(Math.round(seconds * 16_000));
  for (let index = 0; index < samples.length; index += 1) {
    samples[index] = amplitude * Math.sin((2 * Math.PI * 440 * index) / 16_000);
  }
  return samples;
}
