import type { ConnectionState } from '../bridge/bridge';
import { useAppStore } from '../store/appStore';

const LABELS: Record<ConnectionState, { text: string; detail: string }> = {
  connecting: { text: 'Connecting…', detail: 'Opening live updates from ArcFlux.' },
  live: { text: 'Live', detail: 'Balances and payments update as they change.' },
  reconnecting: {
    text: 'Reconnecting…',
    detail: 'Live updates paused; figures may be out of date until the connection is back.',
  },
  offline: {
    text: 'Offline',
    detail:
      'Live updates stopped. Reload the page; if it is signed out, run arcflux web for a fresh link.',
  },
};

/** A quiet indicator of whether what's on screen is current. */
export function ConnectionStatus() {
  const connection = useAppStore((state) => state.connection);
  const label = LABELS[connection];
  return (
    <p className={`connection connection--${connection}`} role="status" title={label.detail}>
      <span className="connection-dot" aria-hidden="true" />
      <span>{label.text}</span>
      <span className="visually-hidden">. {label.detail}</span>
    </p>
  );
}
