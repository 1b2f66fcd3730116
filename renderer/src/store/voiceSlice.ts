import { rootMeanSquare, SILENCE_RMS, peakLevel, toDecibels } from '../../../shared/audio';
import { SPEECH_SAMPLE_RATE } from '../../../shared/audio';
import { MAX_RECORDING_SECONDS } from '../../../shared/contract/voice';
import type { ErrorBody } from '../../../shared/errors';
import type { RiskRuleResult } from '../../../shared/schemas/risk';
import { spokenAnswer } from '../voice/spokenAnswer';
import { speechUnready } from './modelsSlice';
import type { SliceCreator, VoiceEngine } from './types';

export type VoiceState = 'idle' | 'listening' | 'transcribing' | 'error';

/** The Settings microphone check: recording, then whether anything was heard. */
export type MicrophoneTest =
  | { status: 'idle' }
  | { status: 'recording' }
  | { status: 'done'; heard: boolean; message: string }
  | { status: 'error'; message: string };

export interface VoiceSlice {
  voiceState: VoiceState;
  /** Why the last attempt failed, in words a person can act on. */
  voiceError: string | null;
  /** Something worth saying that is not an error ("Stopped at the 30-second limit."). */
  voiceNotice: string | null;
  /** The microphone's level while listening, 0 to 1. */
  voiceLevel: number;
  /** A tap started this recording: it runs until the next press, not until release. */
  voiceLatched: boolean;
  startListening(): Promise<void>;
  /** Ends capture; the transcript goes into the command box (or answers the open dialog). */
  stopListening(): Promise<void>;
  /** Throws a listening recording away; does nothing otherwise (the microphone test is not one). */
  cancelListening(): void;
  /** The desktop's global shortcut only reports presses: each one starts or stops. */
  toggleListening(): Promise<void>;
  /** The talk button went down (pointer, Space or Enter). */
  pressTalk(): void;
  /** The talk button came up: a hold stops the recording, a short tap leaves it running. */
  releaseTalk(): void;
  /**
   * The window lost focus or was hidden during a hold, so its release will never arrive:
   * a held recording stops (a tapped, latched one, or the shortcut's, keeps running).
   */
  abandonHold(): void;

  microphoneTest: MicrophoneTest;
  /** Records a few seconds and says whether any sound was heard. */
  testMicrophone(seconds?: number): Promise<void>;
  /** The test's panel went away: the microphone stops and the test is forgotten. */
  cancelMicrophoneTest(): void;
}

/** A press shorter than this is a tap, which latches the recording on. */
export const LATCH_MS = 350;

/**
 * The wall-clock cap, past the 30 s the engine counts in samples: a microphone that stops
 * delivering audio (so the sample count never reaches the cap) still never runs unseen.
 */
export const RECORDING_CAP_MS = (MAX_RECORDING_SECONDS + 2) * 1000;

/** Until a page supplies a microphone, push-to-talk says so instead of pretending. */
export const unavailableVoice: VoiceEngine = {
  available: false,
  start: () =>
    Promise.reject(new Error('Voice input is not available here. Type the command instead.')),
  stop: () => Promise.resolve(new Float32Array(0)),
  cancel: () => undefined,
};

export const createVoiceSlice: SliceCreator<VoiceSlice> =
  ({ voice, client, now, attentive }) =>
  (set, get) => {
    // Each recording gets a number, so a late answer for an abandoned one is ignored.
    let recording = 0;
    let pressedAt: number | null = null;
    // The proposal whose dialog was open when the user began to speak: a spoken answer
    // answers that one or nothing, never a dialog that opened while they were talking.
    let askedAbout: string | null = null;
    let capTimer: ReturnType<typeof setTimeout> | null = null;
    const clearCap = () => {
      if (capTimer !== null) clearTimeout(capTimer);
      capTimer = null;
    };
    const fail = (error: unknown) => {
      clearCap();
      set({
        voiceState: 'error',
        voiceLevel: 0,
        voiceLatched: false,
        voiceError:
          error instanceof Error && error.message
            ? error.message
            : 'Voice input failed. Try again, or type the command.',
      });
    };
    const stopAtLimit = (current: number) => {
      if (current !== recording || get().voiceState !== 'listening') return;
      set({ voiceNotice: `Stopped at the ${MAX_RECORDING_SECONDS}-second limit.` });
      void get().stopListening();
    };
    /** The microphone failed mid-recording (unplugged): it is closed and the user told. */
    const lose = (current: number, error: Error) => {
      if (current !== recording) return;
      recording += 1;
      pressedAt = null;
      voice.cancel();
      if (get().microphoneTest.status === 'recording') {
        set({ microphoneTest: { status: 'error', message: error.message }, voiceLevel: 0 });
      } else {
        fail(error);
      }
    };
    const refuse = async (error: ErrorBody) => {
      set({ voiceState: 'error', voiceError: error.message });
      // "unavailable" is also a lost connection: the speech engine's state, asked afresh,
      // says whether a missing or broken model is why (the talk button then offers the fix).
      if (error.code === 'unavailable') await get().loadModels();
    };
    /**
     * A lone "yes" or "no" while a confirmation is open answers it, through the same path
     * as the dialog's buttons, pinned to the proposal that was open when the user began to
     * speak. True when the transcript was taken as an answer (or refused as one), and
     * voice input is idle again; false when it is a command for the user to check in the box.
     */
    const answerConfirmation = async (text: string): Promise<boolean> => {
      const open = get().confirmation;
      const answer = open && get().confirmationStatus === 'idle' ? spokenAnswer(text) : null;
      if (!open || !answer) return false;
      if (open.proposal.id !== askedAbout) {
        set({
          voiceNotice: `A different confirmation opened while you spoke, so “${text}” answers nothing: it is in the command box.`,
        });
        return false;
      }
      if (!attentive()) {
        set({
          voiceNotice: `ArcFlux was not in front when “${text}” was heard, so it answers nothing: it is in the command box.`,
        });
        return false;
      }
      if (answer === 'yes' && readWithModel(open.decision.rules)) {
        // The model's reading is exactly what the user must check with their eyes.
        set({
          voiceState: 'idle',
          voiceNotice:
            'This payment was read with help from the local model: press Confirm after checking it.',
        });
        return true;
      }
      if (answer === 'yes') {
        set({ voiceState: 'idle', voiceNotice: `Heard “${text}”: confirming.` });
        await get().confirmPayment(open.proposal.id);
      } else {
        set({ voiceState: 'idle', voiceNotice: `Heard “${text}”: cancelling.` });
        await get().cancelConfirmation(open.proposal.id);
      }
      return true;
    };
    const busy = () =>
      get().voiceState === 'listening' ||
      get().voiceState === 'transcribing' ||
      get().microphoneTest.status === 'recording';

    return {
      voiceState: 'idle',
      voiceError: null,
      voiceNotice: null,
      voiceLevel: 0,
      voiceLatched: false,
      async startListening() {
        // No recording the core could not transcribe: the talk button says why and offers the fix.
        if (busy() || speechUnready(get().models)) return;
        const current = ++recording;
        askedAbout = get().confirmation?.proposal.id ?? null;
        set({
          voiceState: 'listening',
          voiceError: null,
          voiceNotice: null,
          voiceLevel: 0,
          voiceLatched: false,
        });
        try {
          await voice.start({
            onLevel: (level) => {
              if (current === recording && get().voiceState === 'listening') {
                set({ voiceLevel: level });
              }
            },
            onLimit: () => stopAtLimit(current),
            onError: (error) => lose(current, error),
          });
          if (current === recording) {
            clearCap();
            capTimer = setTimeout(() => stopAtLimit(current), RECORDING_CAP_MS);
          }
        } catch (error) {
          if (current === recording) fail(error);
        }
      },
      async stopListening() {
        if (get().voiceState !== 'listening') return;
        const current = recording;
        pressedAt = null;
        clearCap();
        set({ voiceState: 'transcribing', voiceLevel: 0, voiceLatched: false });
        let audio: Float32Array;
        try {
          audio = await voice.stop();
        } catch (error) {
          if (current === recording) fail(error);
          return;
        }
        if (current !== recording) return;
        const userId = get().settings?.actingUserId;
        const result = await client.call('voice:transcribe', {
          audio,
          sampleRate: SPEECH_SAMPLE_RATE,
          ...(userId ? { userId } : {}),
        });
        if (current !== recording) return;
        if (!result.ok) {
          await refuse(result.error);
          return;
        }
        const { text, parsed } = result.data;
        if (await answerConfirmation(text)) return;
        // The draft lands before the state turns idle, so the button hands focus to the box.
        get().setCommandDraft(text);
        set({ voiceState: 'idle', commandPreview: { status: 'ready', text: parsed.text, parsed } });
      },
      cancelListening() {
        if (get().voiceState !== 'listening') return;
        recording += 1;
        pressedAt = null;
        clearCap();
        voice.cancel();
        set({
          voiceState: 'idle',
          voiceError: null,
          voiceLevel: 0,
          voiceLatched: false,
          voiceNotice: 'Recording cancelled.',
        });
      },
      async toggleListening() {
        if (get().voiceState === 'listening') await get().stopListening();
        else await get().startListening();
      },
      pressTalk() {
        if (get().voiceState === 'listening') {
          // The press that ends a latched recording; its release does nothing more.
          pressedAt = null;
          void get().stopListening();
          return;
        }
        if (busy()) return;
        pressedAt = now();
        void get().startListening();
      },
      releaseTalk() {
        if (pressedAt === null) return;
        const held = now() - pressedAt;
        pressedAt = null;
        if (get().voiceState !== 'listening') return;
        if (held < LATCH_MS) set({ voiceLatched: true });
        else void get().stopListening();
      },
      abandonHold() {
        if (pressedAt === null) return;
        pressedAt = null;
        void get().stopListening();
      },

      microphoneTest: { status: 'idle' },
      async testMicrophone(seconds = 3) {
        if (busy()) return;
        const current = ++recording;
        set({ microphoneTest: { status: 'recording' }, voiceLevel: 0 });
        try {
          await voice.start({
            onLevel: (level) => {
              if (current === recording) set({ voiceLevel: level });
            },
            onLimit: () => undefined,
            onError: (error) => lose(current, error),
          });
          await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
          if (current !== recording) return;
          const audio = await voice.stop();
          if (current !== recording) return;
          set({ microphoneTest: describeTest(audio, seconds), voiceLevel: 0 });
        } catch (error) {
          if (current !== recording) return;
          set({
            microphoneTest: {
              status: 'error',
              message:
                error instanceof Error && error.message
                  ? error.message
                  : 'The microphone could not be tested. Try again.',
            },
            voiceLevel: 0,
          });
        } finally {
          // Whatever happened, the test ends: a test stuck 'recording' blocks push-to-talk.
          if (current === recording && get().microphoneTest.status === 'recording') {
            set({ microphoneTest: { status: 'idle' }, voiceLevel: 0 });
          }
        }
      },
      cancelMicrophoneTest() {
        if (get().microphoneTest.status !== 'recording') return;
        recording += 1;
        voice.cancel();
        set({ microphoneTest: { status: 'idle' }, voiceLevel: 0 });
      },
    };
  };

/** Whether the local model, not the rules alone, read the payment (the rules' `kind`). */
function readWithModel(rules: readonly Pick<RiskRuleResult, 'kind'>[]): boolean {
  return rules.some((rule) => rule.kind === 'reading');
}

/** The verdict uses the core's own silence threshold, so "heard" here means it will listen. */
function describeTest(audio: Float32Array, seconds: number): MicrophoneTest {
  const rms = rootMeanSquare(audio);
  if (audio.length === 0 || rms < SILENCE_RMS) {
    return {
      status: 'done',
      heard: false,
      message: `No sound was heard in ${seconds} seconds. Check that the microphone is plugged in, not muted, and chosen as the input in your system's sound settings, then test again.`,
    };
  }
  const loudest = Math.round(toDecibels(peakLevel(audio)));
  return {
    status: 'done',
    heard: true,
    message: `Sound was heard (loudest ${loudest} dBFS, average ${Math.round(toDecibels(rms))} dBFS): the microphone works.`,
  };
}
