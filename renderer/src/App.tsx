import { useEffect } from 'react';
import { AppHeader } from './components/AppHeader';
import { BalancePanel } from './components/BalancePanel';
import { CommandBar } from './components/command/CommandBar';
import { HouseholdBanner } from './components/HouseholdBanner';
import { HouseholdRefused } from './components/HouseholdRefused';
import { CancelPaymentsDialog } from './components/dialogs/CancelPaymentsDialog';
import { ConfirmPaymentDialog } from './components/dialogs/ConfirmPaymentDialog';
import { MissedRunsDialog } from './components/dialogs/MissedRunsDialog';
import { PaymentDrawer } from './components/ledger/PaymentDrawer';
import { PaymentHistory } from './components/ledger/PaymentHistory';
import { Toasts } from './components/notifications/Toasts';
import { SettingsView } from './components/settings/SettingsView';
import { SignedOutScreen } from './components/SignedOutScreen';
import { UpcomingPanel } from './components/upcoming/UpcomingPanel';
import { applyTheme } from './theme';
import { useAppStore } from './store/appStore';

export function App() {
  const view = useAppStore((state) => state.view);
  const theme = useAppStore((state) => state.theme);
  const signedOut = useAppStore((state) => state.signedOut);
  const household = useAppStore((state) => state.household);
  useEffect(() => applyTheme(theme), [theme]);

  // One screen that says what happened and how to get back in, in place of every panel
  // failing on its own with a Retry that can't work; nothing from before stays on screen.
  if (signedOut && household) return <HouseholdRefused url={household.url} />;
  if (signedOut) return <SignedOutScreen reason={signedOut} />;

  return (
    <>
      <div className="app">
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <AppHeader />
        <main className="app-main" id="main" tabIndex={-1}>
          <HouseholdBanner />
          {view === 'overview' ? <Overview /> : <SettingsView />}
        </main>
      </div>
      <ConfirmPaymentDialog />
      <MissedRunsDialog />
      <CancelPaymentsDialog />
      <PaymentDrawer />
      <Toasts />
    </>
  );
}

function Overview() {
  return (
    <>
      <h1 className="visually-hidden">Overview</h1>
      <div className="overview-grid">
        <div className="overview-command">
          <CommandBar />
        </div>
        <div className="overview-balance">
          <BalancePanel />
        </div>
        <div className="overview-upcoming">
          <UpcomingPanel />
        </div>
        <div className="overview-history">
          <PaymentHistory />
        </div>
      </div>
    </>
  );
}
