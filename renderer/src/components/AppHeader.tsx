import { useAppStore } from '../store/appStore';
import { ConnectionStatus } from './ConnectionStatus';

export function AppHeader() {
  return (
    <header className="app-header">
      <div className="brand">
        <BrandMark />
        <span className="brand-name">ArcFlux</span>
      </div>
      <div className="header-meta">
        <ConnectionStatus />
        <ActingUser />
      </div>
    </header>
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
