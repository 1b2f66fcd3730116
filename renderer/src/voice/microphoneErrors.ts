/** What the page can do with a microphone, as far as push-to-talk needs. */
export interface MicrophoneSupport {
  isSecureContext: boolean;
  hasGetUserMedia: boolean;
  hasAudioWorklet: boolean;
}

/**
 * Why this page can't record at all, or null when it can. Checked before asking for the
 * microphone, so the message names the real cause instead of a generic failure.
 */
export function microphoneProblem(support: MicrophoneSupport): string | null {
  // Browsers hide the microphone API entirely on insecure pages, so this comes first.
  if (!support.isSecureContext) return INSECURE;
  if (!support.hasGetUserMedia) return NO_MICROPHONE_API;
  if (!support.hasAudioWorklet) return NO_AUDIO_WORKLET;
  return null;
}

/** Turns what getUserMedia (or audio set-up) threw into what happened and how to fix it. */
export function describeMicrophoneError(error: unknown): string {
  const name = error instanceof Error || isDomException(error) ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return 'ArcFlux may not use the microphone: permission was refused. Allow it for this page (the microphone icon in the address bar, or site settings), and check that your system lets this app or browser use the microphone (macOS: System Settings > Privacy & Security > Microphone; Windows: Settings > Privacy > Microphone). Then try again, or type the command.';
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
      return 'No microphone was found. Plug one in or switch it on (and check it is enabled in your system sound settings), then try again. You can type the command meanwhile.';
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return 'The microphone could not be started: another app may be using it, or it was disconnected. Close apps that record (calls, recorders) or reconnect it, then try again.';
    case 'WorkletLoadError':
      return 'ArcFlux could not load its audio recorder, so nothing was recorded. Reload the page; if it repeats, rebuild the app ("npm run build") and restart it.';
    default:
      return `The microphone could not be started${name ? ` (${name})` : ''}. Try again, or type the command.`;
  }
}

export const MICROPHONE_DISCONNECTED =
  'The microphone was disconnected, so the recording stopped and nothing was transcribed. Reconnect it and try again, or type the command.';

export const INSECURE =
  'This page is not secure, so the browser will not let it use the microphone. Open ArcFlux at http://127.0.0.1 or http://localhost on this machine (the address `arcflux serve` prints), or use the desktop app.';

export const NO_MICROPHONE_API =
  'This browser offers no microphone to web pages. Use a current Chrome, Edge or Firefox, or the desktop app; you can type the command meanwhile.';

export const NO_AUDIO_WORKLET =
  'This browser cannot process audio in the background (no AudioWorklet), which push-to-talk needs. Use a current Chrome, Edge or Firefox, or the desktop app; you can type the command meanwhile.';

function isDomException(error: unknown): error is { name: string } {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { name?: unknown }).name === 'string'
  );
}
