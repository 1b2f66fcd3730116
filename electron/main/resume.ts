import type { CoreDoor } from './ipc';

/** The part of Electron's powerMonitor used; tests pass an EventEmitter. */
export interface PowerMonitorLike {
  on(event: 'resume' | 'unlock-screen', listener: () => void): unknown;
  removeListener(event: 'resume' | 'unlock-screen', listener: () => void): unknown;
}

/**
 * When the machine wakes (or is unlocked), the scheduler runs at once instead of waiting
 * for its next tick: runs that fell due while asleep are held as missed and the renderer
 * is told through the usual payment events, so the missed-runs dialog opens.
 */
export function checkSchedulerOnResume(
  powerMonitor: PowerMonitorLike,
  core: Pick<CoreDoor, 'dispatch'>,
  log: (line: string) => void,
): () => void {
  let running = false;
  const check = () => {
    if (running) return;
    running = true;
    void core
      .dispatch('scheduler:tick', {})
      .then((result) => {
        if (!result.ok)
          log(`ArcFlux: the scheduler check after resume failed: ${result.error.message}`);
      })
      .finally(() => {
        running = false;
      });
  };
  powerMonitor.on('resume', check);
  powerMonitor.on('unlock-screen', check);
  return () => {
    powerMonitor.removeListener('resume', check);
    powerMonitor.removeListener('unlock-screen', check);
  };
}
