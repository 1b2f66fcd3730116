import { useEffect, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import type { EngineState } from '../../../../shared/schemas/model';
import { useAppStore } from '../../store/appStore';
import { speechUnready } from '../../store/modelsSlice';
import { MODELS_SECTION_ID } from '../settings/settingsIds';
import { COMMAND_INPUT_ID } from './commandIds';
import { LevelMeter } from './LevelMeter';

/**
 * Push-to-talk: hold the button (pointer, Space or Enter) to speak a command and release
 * to transcribe it into the command box, or tap it once to start and again to stop. Esc
 * abandons a recording from anywhere in the window. Nothing is sent: the transcript waits
 * in the command box, with its preview, for the user to check and send.
 */
export function PushToTalkButton() {
  const state = useAppStore((store) => store.voiceState);
  const error = useAppStore((store) => store.voiceError);
  // What the core says of its speech engine, before anyone speaks: "missing", say.
  const unready = useAppStore((store) => speechUnready(store.models));
  const modelsListed = useAppStore((store) => store.models !== null);
  const loadModels = useAppStore((store) => store.loadModels);
  // The unready button was pressed or reached: its explanation and fix stay in sight.
  const [explain, setExplain] = useState(false);
  const notice = useAppStore((store) => store.voiceNotice);
  const latched = useAppStore((store) => store.voiceLatched);
  const level = useAppStore((store) => store.voiceLevel);
  const pressTalk = useAppStore((store) => store.pressTalk);
  const releaseTalk = useAppStore((store) => store.releaseTalk);
  const cancelListening = useAppStore((store) => store.cancelListening);
  const abandonHold = useAppStore((store) => store.abandonHold);
  const setView = useAppStore((store) => store.setView);
  const listening = state === 'listening';
  const transcribing = state === 'transcribing';
  // The recording began at this button (not the desktop shortcut): its transcript takes focus.
  const startedHereRef = useRef(false);
  const press = () => {
    if (unready) {
      setExplain(true);
      return;
    }
    if (!listening && !transcribing) startedHereRef.current = true;
    pressTalk();
  };
  const openModels = () => {
    setView('settings');
    // Settings renders on the next frame; the Models section is where the fix is.
    requestAnimationFrame(() =>
      document.getElementById(MODELS_SECTION_ID)?.scrollIntoView({ block: 'start' }),
    );
  };

  useEffect(() => {
    if (!modelsListed) void loadModels();
  }, [modelsListed, loadModels]);

  useEscapeCancels(listening, cancelListening);
  useHoldEndsWhenPageIsLeft(listening && !latched, abandonHold);
  // The microphone never runs with nothing on screen to show or stop it (Settings, say).
  useEffect(() => () => cancelListening(), [cancelListening]);
  useFocusCommandAfterTranscript(startedHereRef);

  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (event.key === ' ' || event.key === 'Enter') {
      event.preventDefault();
      if (!event.repeat) press();
    }
  };
  const onKeyUp = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (event.key === ' ' || event.key === 'Enter') {
      event.preventDefault();
      releaseTalk();
    }
  };

  const showFix = unready !== null && (explain || state === 'error');
  const message = showFix
    ? UNREADY_MESSAGES[unready]
    : state === 'error'
      ? (error ?? 'Voice input failed.')
      : state === 'listening'
        ? latched
          ? 'Listening… press again to stop, Esc to cancel.'
          : 'Listening… release to stop, Esc to cancel.'
        : state === 'transcribing'
          ? 'Transcribing…'
          : (notice ?? '');
  return (
    <div className="talk">
      <button
        type="button"
        className={`talk-button talk-button--${unready ? 'unready' : state}`}
        aria-pressed={listening}
        aria-describedby={unready ? 'talk-unready' : 'talk-status'}
        title={unready ? UNREADY_MESSAGES[unready] : undefined}
        // Not `disabled`: Chromium moves focus from a disabled button to <body>, and the
        // transcript's command box could then never take it back from here.
        aria-disabled={transcribing || unready !== null}
        onFocus={() => {
          if (unready) setExplain(true);
        }}
        onKeyDown={onKeyDown}
        onKeyUp={onKeyUp}
        onPointerDown={(event) => {
          if (event.button !== 0) return;
          event.currentTarget.setPointerCapture?.(event.pointerId);
          press();
        }}
        onPointerUp={() => releaseTalk()}
        onPointerCancel={() => cancelListening()}
        onClick={(event) => event.preventDefault()}
      >
        <MicrophoneIcon />
        <span className="visually-hidden">{latched ? 'Stop recording' : 'Hold to talk'}</span>
      </button>
      {listening ? <LevelMeter level={level} /> : null}
      {unready ? (
        <span id="talk-unready" className="visually-hidden">
          {UNREADY_MESSAGES[unready]}
        </span>
      ) : null}
      <p
        id="talk-status"
        className={
          message ? `talk-status talk-status--${showFix ? 'error' : state}` : 'talk-status'
        }
        role="status"
      >
        {message}
        {showFix ? (
          <>
            {' '}
            <button type="button" className="link-button" onClick={openModels}>
              Open Settings &gt; Models
            </button>
          </>
        ) : null}
      </p>
    </div>
  );
}

/**
 * Why voice input can't work yet, by the speech engine's state, in the renderer's own
 * words: the core's reasons may name files and folders that are none of the screen's business.
 */
const UNREADY_MESSAGES: Record<Exclude<EngineState, 'ready'>, string> = {
  missing:
    "No speech model is installed, so voice input can't work yet. Type the command, or install a model.",
  downloading: 'The speech model is still downloading; voice input works once it is done.',
  broken: "The speech model can't run. Check it in Settings > Models.",
  off: "Speech-to-text is switched off, so voice input can't work.",
};

/** While listening, Esc cancels the recording before anything else (a dialog, the box) sees it. */
function useEscapeCancels(listening: boolean, cancel: () => void) {
  useEffect(() => {
    if (!listening) return;
    const onKeyDown = (event: globalThis.KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      event.preventDefault();
      event.stopPropagation();
      cancel();
    };
    window.addEventListener('keydown', onKeyDown, { capture: true });
    return () => window.removeEventListener('keydown', onKeyDown, { capture: true });
  }, [listening, cancel]);
}

/** A hold's release never arrives once the window loses focus or is hidden: end the hold. */
function useHoldEndsWhenPageIsLeft(holding: boolean, abandon: () => void) {
  useEffect(() => {
    if (!holding) return;
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') abandon();
    };
    window.addEventListener('blur', abandon);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      window.removeEventListener('blur', abandon);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [holding, abandon]);
}

/** A transcript put in the command box gets the keyboard, so Enter sends it after a look. */
function useFocusCommandAfterTranscript(startedHereRef: RefObject<boolean>) {
  const state = useAppStore((store) => store.voiceState);
  const draft = useAppStore((store) => store.commandDraft);
  const confirmationOpen = useAppStore((store) => store.confirmation !== null);
  useEffect(() => {
    if (state === 'listening' || state === 'transcribing') return;
    const fromButton = startedHereRef.current;
    startedHereRef.current = false;
    if (!fromButton || state !== 'idle' || draft === '' || confirmationOpen) return;
    // Only from the button (or nowhere): a field the user moved to meanwhile keeps focus.
    const active = document.activeElement;
    if (active && active !== document.body && !active.closest('.talk')) return;
    document.getElementById(COMMAND_INPUT_ID)?.focus();
  }, [state, draft, confirmationOpen, startedHereRef]);
}

function MicrophoneIcon() {
  return (
    <svg className="talk-icon" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
      <rect x="7" y="2.5" width="6" height="10" rx="3" fill="none" strokeWidth="1.6" />
      <path
        d="M4.5 9.5a5.5 5.5 0 0 0 11 0M10 15v2.5"
        fill="none"
        strokeWidth="1.6"
        strokeLinecap="round"
      />
    </svg>
  );
}
