import type { KeyboardEvent } from 'react';
import { useAppStore } from '../../store/appStore';
import type { VoiceState } from '../../store/voiceSlice';

const STATUS: Record<VoiceState, string> = {
  idle: '',
  listening: 'Listening… release to stop.',
  transcribing: 'Transcribing…',
  error: '',
};

/**
 * Push-to-talk: hold the button (pointer, Space or Enter) to speak a command; releasing
 * it transcribes into the command box. Esc abandons a recording. The audio itself comes
 * from the voice engine; this button is its place and its states.
 */
export function PushToTalkButton() {
  const state = useAppStore((store) => store.voiceState);
  const error = useAppStore((store) => store.voiceError);
  const startListening = useAppStore((store) => store.startListening);
  const stopListening = useAppStore((store) => store.stopListening);
  const cancelListening = useAppStore((store) => store.cancelListening);

  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (event.key === ' ' || event.key === 'Enter') {
      event.preventDefault();
      if (!event.repeat) void startListening();
    } else if (event.key === 'Escape' && state === 'listening') {
      event.preventDefault();
      event.stopPropagation();
      cancelListening();
    }
  };
  const onKeyUp = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (event.key === ' ' || event.key === 'Enter') {
      event.preventDefault();
      void stopListening();
    }
  };

  const message = state === 'error' ? (error ?? 'Voice input failed.') : STATUS[state];
  return (
    <div className="talk">
      <button
        type="button"
        className={`talk-button talk-button--${state}`}
        aria-pressed={state === 'listening'}
        aria-describedby="talk-status"
        onKeyDown={onKeyDown}
        onKeyUp={onKeyUp}
        onPointerDown={(event) => {
          if (event.button !== 0) return;
          event.currentTarget.setPointerCapture?.(event.pointerId);
          void startListening();
        }}
        onPointerUp={() => void stopListening()}
        onPointerCancel={() => cancelListening()}
        onClick={(event) => event.preventDefault()}
      >
        <MicrophoneIcon />
        <span className="visually-hidden">Hold to talk</span>
      </button>
      <p
        id="talk-status"
        className={message ? `talk-status talk-status--${state}` : 'talk-status'}
        role="status"
      >
        {message}
      </p>
    </div>
  );
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
