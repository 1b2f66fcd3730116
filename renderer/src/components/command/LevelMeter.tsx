/**
 * The microphone's level while recording (0 to 1, -60 to 0 dBFS), so the user sees that
 * they are being heard. Shared by push-to-talk and the Settings microphone test.
 */
export function LevelMeter({
  level,
  label = 'Microphone level',
}: {
  level: number;
  label?: string;
}) {
  const percent = Math.round(Math.max(0, Math.min(1, level)) * 100);
  return (
    <div
      className="level-meter"
      role="meter"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
    >
      <span className="level-meter-bar" style={{ transform: `scaleX(${percent / 100})` }} />
    </div>
  );
}
