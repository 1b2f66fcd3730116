import type { CoreDoor } from './ipc';

/** What the tray shows for a number of payments waiting for the user's yes. */
export function trayStatus(pending: number): { tooltip: string; title: string; item: string } {
  if (pending === 0) {
    return { tooltip: 'ArcFlux', title: '', item: 'No payments waiting for confirmation' };
  }
  const noun = pending === 1 ? 'payment' : 'payments';
  return {
    tooltip: `ArcFlux: ${pending} ${noun} waiting for your confirmation`,
    // The title shows beside the icon on macOS; other systems show the tooltip.
    title: String(pending),
    item: `${pending} ${noun} waiting for confirmation…`,
  };
}

/** The parts of Electron's Tray and Menu the controller drives; tests pass fakes. */
export interface TrayLike {
  setToolTip(text: string): void;
  setTitle(text: string): void;
  setContextMenu(menu: unknown): void;
  on(event: 'click', listener: () => void): void;
  destroy(): void;
}

export interface TrayMenuItem {
  label: string;
  enabled?: boolean;
  click?: () => void;
  type?: 'separator';
}

export interface TrayOptions {
  tray: TrayLike;
  buildMenu(items: TrayMenuItem[]): unknown;
  /** Brings the window forward (and, with a count, to the waiting confirmation). */
  showWindow(): void;
  quit(): void;
}

/** Keeps the tray's tooltip, title and menu in step with the pending count. */
export function createTrayController(options: TrayOptions): {
  setPending(count: number): void;
  destroy(): void;
} {
  const { tray } = options;
  tray.on('click', options.showWindow);
  const render = (count: number) => {
    const status = trayStatus(count);
    tray.setToolTip(status.tooltip);
    tray.setTitle(status.title);
    tray.setContextMenu(
      options.buildMenu([
        { label: status.item, enabled: count > 0, click: options.showWindow },
        { label: 'Open ArcFlux', click: options.showWindow },
        { label: '', type: 'separator' },
        { label: 'Quit ArcFlux', click: options.quit },
      ]),
    );
  };
  render(0);
  return { setPending: render, destroy: () => tray.destroy() };
}

/**
 * Reports the number of payments waiting for confirmation now and whenever a payment
 * changes (coalesced, since a tick changes many at once). Returns the unsubscribe.
 */
export function watchPendingConfirmations(
  core: Pick<CoreDoor, 'dispatch' | 'on'>,
  onCount: (count: number) => void,
  delayMs = 200,
): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const count = async () => {
    const result = await core.dispatch('payments:list', {
      status: 'pending_confirmation',
      limit: 1,
    });
    if (stopped || !result.ok) return;
    const total = (result.data as { total?: unknown }).total;
    if (typeof total === 'number') onCount(total);
  };
  const unsubscribe = core.on('payment:changed', () => {
    clearTimeout(timer);
    timer = setTimeout(() => void count(), delayMs);
  });
  void count();
  return () => {
    stopped = true;
    clearTimeout(timer);
    unsubscribe();
  };
}
