import { useAppStore } from '../store/appStore';
import type { View } from '../store/uiSlice';
import { ConnectionStatus } from './ConnectionStatus';
import { NotificationCentre } from './notifications/NotificationCentre';

const VIEWS: { value: View; label: string }[] = [
  { value: 'overview', label: 'Overview' },
  { value: 'settings', label: 'Settings' },
];

export function AppHeader() {
  return (
    <header className="app-header">
      <div className="brand">
        <BrandMark />
        <span className="brand-name">ArcFlux</span>
      </div>
      <MainNav />
      <div className="header-meta">
        <SimulatedMoneyMark />
        <ConnectionStatus />
        <NotificationCentre />
        <ActingUser />
      </div>
    </header>
  );
}

function MainNav() {
  const view = useAppStore((state) => state.view);
  const setView = useAppStore((state) => state.setView);
  return (
    <nav className="main-nav" aria-label="Main">
      <ul>
        {VIEWS.map((item) => (
          <li key={item.value}>
            <button
              type="button"
              className="nav-button"
              aria-current={view === item.value ? 'page' : undefined}
              onClick={() => setView(item.value)}
            >
              {item.label}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/**
 * Always in sight while the simulated connector runs: balances and payments are real to
 * ArcFlux but move no real money, and the user must never have to guess which it is.
 */
function SimulatedMoneyMark() {
  const connector = useAppStore((state) => state.connector);
  if (connector !== 'simulated') return null;
  return (
    <p
      className="simulated-mark"
      title="ArcFlux runs the simulated connector: no real money moves. The connector is chosen in system_config.json."
    >
      Simulated money
    </p>
  );
}

function ActingUser() {
  const actingUserId = useAppStore((state) => state.settings?.actingUserId ?? null);
  const name = useAppStore((state) =>
    actingUserId ? (state.userNames[actingUserId] ?? actingUserId) : null,
  );
  if (!name) {
    return <div className="acting-user acting-user--pending" aria-hidden="true" />;
  }
  return (
    <div className="acting-user">
      <span className="avatar" aria-hidden="true">
        {initialsOf(name)}
      </span>
      <span className="acting-user-text">
        <span className="acting-user-label">Acting as</span>
        <span className="acting-user-name">{name}</span>
      </span>
    </div>
  );
}

function BrandMark() {
  return (
    <svg className="brand-mark" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="8" className="brand-mark-tile" />
      <path
        d="M8 22c3.5-9 12.5-9 16 0"
        className="brand-mark-arc"
        fill="none"
        strokeWidth="3"
        strokeLinecap="round"
      />
      <circle cx="16" cy="12" r="2.5" className="brand-mark-dot" />
    </svg>
  );
}

function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words.at(-1)] : [words[0]];
  return letters
    .map((word) => word?.[0] ?? '')
    .join('')
    .toUpperCase();
}
