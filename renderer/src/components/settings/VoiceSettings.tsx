import { useEffect } from 'react';
import { useAppStore } from '../../store/appStore';
import { LevelMeter } from '../command/LevelMeter';
import { SettingsSection } from './SettingsSection';

/** How long the microphone test listens (tests pass less). */
export const MICROPHONE_TEST_SECONDS = 3;

/**
 * Voice input's own check: record a few seconds, show the level, and say whether sound
 * was heard, with the same explanations push-to-talk gives when the microphone fails.
 */
export function VoiceSettings({ seconds = MICROPHONE_TEST_SECONDS }: { seconds?: number }) {
  const test = useAppStore((state) => state.microphoneTest);
  const level = useAppStore((state) => state.voiceLevel);
  const voiceBusy = useAppStore(
    (state) => state.voiceState === 'listening' || state.voiceState === 'transcribing',
  );
  const testMicrophone = useAppStore((state) => state.testMicrophone);
  const cancelMicrophoneTest = useAppStore((state) => state.cancelMicrophoneTest);
  // Leaving Settings mid-test stops the microphone; nothing would show it running.
  useEffect(() => () => cancelMicrophoneTest(), [cancelMicrophoneTest]);
  const recording = test.status === 'recording';
  return (
    <SettingsSection
      title="Voice"
      className="microphone-test"
      hint={
        <>
          Speak while the test runs; it records {seconds} seconds on this machine and keeps nothing.
        </>
      }
    >
      <div className="settings-actions">
        <button
          type="button"
          className="button"
          disabled={recording || voiceBusy}
          onClick={() => void testMicrophone(seconds)}
        >
          {recording ? 'Listening…' : 'Test microphone'}
        </button>
        {recording ? <LevelMeter level={level} /> : null}
      </div>
      <p
        role="status"
        className={
          test.status === 'error' || (test.status === 'done' && !test.heard)
            ? 'inline-notice inline-notice--warning'
            : test.status === 'done'
              ? 'inline-notice inline-notice--success'
              : 'visually-hidden'
        }
      >
        {test.status === 'done' || test.status === 'error'
          ? test.message
          : recording
            ? 'Listening to the microphone…'
            : ''}
      </p>
    </SettingsSection>
  );
}
