import { useEffect, type KeyboardEvent } from 'react';
import { useAppStore } from '../../store/appStore';
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
  const opensSettings = useAppStore((store) => store.voiceErrorOpensSettings);
  const notice = useAppStore((store) => store.voiceNotice);
  const latched = useAppStore((store) => store.voiceLatched);
  const level = useAppStore((store) => store.voiceLevel);
  const pressTalk = useAppStore((store) => store.pressTalk);
  const releaseTalk = useAppStore((store) => store.releaseTalk);
  const cancelListening = useAppStore((store) => store.cancelListening);
  const abandonHold = useAppStore((store) => store.abandonHold);
  const setView = useAppStore((store) => store.setView);
  const listening = state === 'listening';

  useEscapeCancels(listening, cancelListening);
  useHoldEndsWhenPageIsLeft(listening && !latched, abandonHold);
  // The microphone never runs with nothing on screen to show or stop it (Settings, say).
  useEffect(() => () => cancelListening(), [cancelListening]);
  useFocusCommandAfterTranscript();

  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (event.key === ' ' || event.key === 'Enter') {
      event.preventDefault();
      if (!event.repeat) pressTalk();
    }
  };
  const onKeyUp = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (event.key === ' ' || event.key === 'Enter') {
      event.preventDefault();
      releaseTalk();
    }
  };

  const message =
    state === 'error'
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
        className={`talk-button talk-button--${state}`}
        aria-pressed={listening}
        aria-describedby="talk-status"
        disabled={state === 'transcribing'}
        onKeyDown={onKeyDown}
        onKeyUp={onKeyUp}
        onPointerDown={(event) => {
          if (event.button !== 0) return;
          event.currentTarget.setPointerCapture?.(event.pointerId);
          pressTalk();
        }}
        onPointerUp={() => releaseTalk()}
        onPointerCancel={() => cancelListening()}
        onClick={(event) => event.preventDefault()}
      >
        <MicrophoneIcon />
        <span className="visually-hidden">Hold to talk</span>
      </button>
      {listening ? <LevelMeter level={level} /> : null}
      <p
        id="talk-status"
        className={message ? `talk-status talk-status--${state}` : 'talk-status'}
        role="status"
      >
        {message}
        {state === 'error' && opensSettings ? (
          <>
            {' '}
            <button type="button" className="link-button" onClick={() => setView('settings')}>
              Open Settings
            </button>
          </>
        ) : null}
      </p>
    </div>
  );
}

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
function useFocusCommandAfterTranscript() {
  const state = useAppStore((store) => store.voiceState);
  const draft = useAppStore((store) => store.commandDraft);
  const confirmationOpen = useAppStore((store) => store.confirmation !== null);
  useEffect(() => {
    if (state !== 'idle' || draft === '' || confirmationOpen) return;
    const input = document.getElementById(COMMAND_INPUT_ID);
    if (input && document.activeElement?.closest('.talk')) input.focus();
  }, [state, draft, confirmationOpen]);
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
