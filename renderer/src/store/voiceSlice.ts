import type { SliceCreator, VoiceEngine } from './types';

export type VoiceState = 'idle' | 'listening' | 'transcribing' | 'error';

export interface VoiceSlice {
  voiceState: VoiceState;
  /** Why the last attempt failed, in words a person can act on. */
  voiceError: string | null;
  startListening(): Promise<void>;
  /** Ends capture; the transcript goes into the command box. */
  stopListening(): Promise<void>;
  cancelListening(): void;
  /** The desktop's global shortcut only reports presses: each one starts or stops. */
  toggleListening(): Promise<void>;
}

/** Until the voice issue supplies the audio, push-to-talk says so instead of pretending. */
export const unavailableVoice: VoiceEngine = {
  available: false,
  start: () =>
    Promise.reject(
      new Error('Voice input is not set up in this build yet. Type the command instead.'),
    ),
  stop: () => Promise.resolve(''),
  cancel: () => undefined,
};

export const createVoiceSlice: SliceCreator<VoiceSlice> =
  ({ voice }) =>
  (set, get) => {
    // Each press gets a number, so a release that arrives after a newer press is ignored.
    let press = 0;
    const fail = (error: unknown) =>
      set({
        voiceState: 'error',
        voiceError:
          error instanceof Error && error.message
            ? error.message
            : 'Voice input failed. Try again, or type the command.',
      });
    return {
      voiceState: 'idle',
      voiceError: null,
      async startListening() {
        if (get().voiceState === 'listening' || get().voiceState === 'transcribing') return;
        const current = ++press;
        set({ voiceState: 'listening', voiceError: null });
        try {
          await voice.start();
        } catch (error) {
          if (current === press) fail(error);
        }
      },
      async stopListening() {
        if (get().voiceState !== 'listening') return;
        const current = press;
        set({ voiceState: 'transcribing' });
        try {
          const transcript = (await voice.stop()).trim();
          if (current !== press) return;
          set({ voiceState: 'idle' });
          if (transcript) get().setCommandDraft(transcript);
        } catch (error) {
          if (current === press) fail(error);
        }
      },
      cancelListening() {
        press += 1;
        voice.cancel();
        set({ voiceState: 'idle', voiceError: null });
      },
      async toggleListening() {
        if (get().voiceState === 'listening') await get().stopListening();
        else await get().startListening();
      },
    };
  };
