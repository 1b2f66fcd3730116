/**
 * The short tones at the start and end of a recording, made with an oscillator so no
 * sound file ships. Quiet and brief (under 0.1 s) so they don't end up in the recording.
 */
export type Cue = 'start' | 'stop' | 'cancel';

const TONES: Record<Cue, { from: number; to: number }> = {
  start: { from: 660, to: 990 },
  stop: { from: 990, to: 660 },
  cancel: { from: 440, to: 330 },
};

let shared: AudioContext | null = null;

/** Plays a cue where Web Audio exists; silently does nothing elsewhere (tests, old browsers). */
export function playCue(cue: Cue): void {
  try {
    if (typeof AudioContext === 'undefined') return;
    shared ??= new AudioContext();
    const context = shared;
    void context.resume().catch(() => undefined);
    const start = context.currentTime + 0.01;
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.type = 'sine';
    oscillator.frequency.setValueAtTime(TONES[cue].from, start);
    oscillator.frequency.linearRampToValueAtTime(TONES[cue].to, start + 0.08);
    // A soft attack and release: a hard edge would click.
    gain.gain.setValueAtTime(0, start);
    gain.gain.linearRampToValueAtTime(0.08, start + 0.01);
    gain.gain.linearRampToValueAtTime(0, start + 0.09);
    oscillator.connect(gain).connect(context.destination);
    oscillator.start(start);
    oscillator.stop(start + 0.1);
  } catch {
    // A cue is a courtesy; recording works without it.
  }
}
