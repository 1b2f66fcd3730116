import { useState } from 'react';
import { useAppStore } from '../store/appStore';

/**
 * The household server refused the personal token (revoked, or the server's users were
 * reset). Like the browser's signed-out screen it replaces the whole app, so no figure
 * from before stays on screen; the way out is a new token or this computer's own data.
 */
export function HouseholdRefused({ url }: { url: string }) {
  const disconnect = useAppStore((state) => state.disconnectHousehold);
  const [busy, setBusy] = useState(false);
  return (
    <main className="signed-out" id="main" aria-labelledby="household-refused-title">
      <section className="panel signed-out-panel">
        <h1 id="household-refused-title" className="signed-out-title">
          The household server refused your token
        </h1>
        <p>
          {url} no longer accepts the personal token this app connected with. Ask whoever runs the
          server for a new one, then disconnect and connect again in Settings.
        </p>
        <button
          type="button"
          className="button button--primary"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            void disconnect().finally(() => setBusy(false));
          }}
        >
          Disconnect from the household server
        </button>
      </section>
    </main>
  );
}
