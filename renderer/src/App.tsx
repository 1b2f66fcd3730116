import { AppHeader } from './components/AppHeader';
import { BalancePanel } from './components/BalancePanel';
import { PaymentHistory } from './components/PaymentHistory';

export function App() {
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <AppHeader />
      <main className="app-main" id="main" tabIndex={-1}>
        <h1 className="page-title">Overview</h1>
        <BalancePanel />
        <PaymentHistory />
      </main>
    </div>
  );
}
