import { useId, useState, type FormEvent } from 'react';
import type { HouseholdCheck, HouseholdCheckProblem } from '../../household/checkServer';
import type { Kept } from '../../household/householdMemory';
import { useAppStore } from '../../store/appStore';
import { SettingsSection } from './SettingsSection';

/** Each check problem in words: what failed, and what to do about it. */
const PROBLEMS: Record<HouseholdCheckProblem, string> = {
  not_a_url:
    'This is not a web address. Enter the whole address, such as https://arcflux.example.org.',
  unsupported_scheme: 'The address must start with https:// (or http:// on this computer).',
  insecure_remote:
    'Plain http would send your token unencrypted to another machine. Use the https address of the reverse proxy in front of the server (see docs/household-server.md).',
  has_credentials: 'Remove the name and password before "@"; your token goes in the field below.',
  has_path:
    'Enter only the server address, without a path, query or "#", such as https://arcflux.example.org.',
  bad_token_format:
    'This is not a personal token: it is 16 to 200 letters, digits, "-" or "_", with no spaces. Copy it again from whoever runs the server.',
  unreachable:
    'Nothing answered at this address. Check it, check that `arcflux serve` runs there, and that it lets this app call it (`--allow-origin`, see docs/household-server.md).',
  bad_token:
    'The server answered, but refused this token. Ask whoever runs the server for your personal token and enter it again.',
  origin_refused:
    'The server refuses calls from this page. Start it with `--allow-origin` naming the address this page is at.',
  not_arcflux: 'Something answered, but not an ArcFlux server. Check the address.',
};

const KEPT: Record<Kept, string> = {
  encrypted: 'Your token is kept encrypted by the system keychain.',
  session:
    'Your token is kept only until this window closes, so nothing readable is left on disk; connect again next time.',
};

/**
 * "Connect to a household server": an address and personal token, checked against the
 * server before the app switches to it, and a way back to this computer's own data.
 */
export function HouseholdSettings() {
  const available = useAppStore((state) => state.householdAvailable);
  const household = useAppStore((state) => state.household);
  if (!available) return null;
  return (
    <SettingsSection
      title="Connect to a household server"
      hint="Share payments with your household: the app then shows and pays through an ArcFlux server instead of this computer's own data."
      anchor="household"
    >
      {household ? <ConnectedServer url={household.url} /> : <ConnectForm />}
    </SettingsSection>
  );
}

function ConnectedServer({ url }: { url: string }) {
  const disconnect = useAppStore((state) => state.disconnectHousehold);
  const kept = useAppStore((state) => state.householdKept);
  const [busy, setBusy] = useState(false);
  return (
    <div className="household-connected">
      <p>
        Connected to <strong>{url}</strong>. Balances, payments and settings are the server&apos;s.
      </p>
      {kept ? <p className="muted">{KEPT[kept]}</p> : null}
      <div className="settings-actions">
        <button
          type="button"
          className="button button--secondary button--small"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            void disconnect().finally(() => setBusy(false));
          }}
        >
          Disconnect
        </button>
      </div>
    </div>
  );
}

function ConnectForm() {
  const checkHousehold = useAppStore((state) => state.checkHousehold);
  const connectHousehold = useAppStore((state) => state.connectHousehold);
  const [url, setUrl] = useState('');
  const [token, setToken] = useState('');
  const [check, setCheck] = useState<HouseholdCheck | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState<'checking' | 'connecting' | null>(null);
  const urlId = useId();
  const tokenId = useId();
  const resultId = useId();

  const edit = (change: () => void) => {
    change();
    // A result is only about what was checked: editing asks for a new check.
    setCheck(null);
    setFailure(null);
  };

  const onCheck = async (event: FormEvent) => {
    event.preventDefault();
    setBusy('checking');
    setFailure(null);
    setCheck(await checkHousehold({ url, token }));
    setBusy(null);
  };

  const onConnect = async () => {
    if (!check?.ok) return;
    setBusy('connecting');
    const outcome = await connectHousehold(check.connection);
    setBusy(null);
    // Once connected this form gives way to the connected server's panel.
    if (!outcome.ok) setFailure(outcome.error.message);
  };

  const urlProblem =
    check && !check.ok && check.problem !== 'bad_token' && check.problem !== 'bad_token_format'
      ? check.problem
      : null;
  const tokenProblem =
    check && !check.ok && (check.problem === 'bad_token' || check.problem === 'bad_token_format')
      ? check.problem
      : null;

  return (
    <form className="household-form" noValidate onSubmit={(event) => void onCheck(event)}>
      <div className="field">
        <label className="field-label" htmlFor={urlId}>
          Server address
        </label>
        <input
          id={urlId}
          className="input"
          type="url"
          inputMode="url"
          value={url}
          placeholder="https://arcflux.example.org"
          autoComplete="off"
          spellCheck={false}
          aria-invalid={urlProblem ? true : undefined}
          aria-describedby={urlProblem ? resultId : undefined}
          onChange={(event) => edit(() => setUrl(event.target.value))}
        />
      </div>
      <div className="field">
        <label className="field-label" htmlFor={tokenId}>
          Personal token
        </label>
        <input
          id={tokenId}
          className="input"
          type="password"
          value={token}
          autoComplete="off"
          spellCheck={false}
          aria-invalid={tokenProblem ? true : undefined}
          aria-describedby={tokenProblem ? resultId : undefined}
          onChange={(event) => edit(() => setToken(event.target.value))}
        />
      </div>
      {check ? (
        check.ok ? (
          <div className="inline-notice inline-notice--success" role="status" id={resultId}>
            <p>
              Reachable: ArcFlux {check.version} at {check.connection.url}, acting as{' '}
              <strong>{check.userName}</strong>.
            </p>
          </div>
        ) : (
          <p
            className="inline-notice inline-notice--danger"
            role="alert"
            id={resultId}
            data-code={check.problem}
          >
            {PROBLEMS[check.problem]}
          </p>
        )
      ) : null}
      {failure ? (
        <p className="inline-notice inline-notice--danger" role="alert">
          {failure}
        </p>
      ) : null}
      <div className="settings-actions">
        <button
          type="submit"
          className="button button--secondary button--small"
          disabled={busy !== null || url.trim() === '' || token.trim() === ''}
        >
          {busy === 'checking' ? 'Checking…' : 'Check'}
        </button>
        <button
          type="button"
          className="button button--primary button--small"
          disabled={busy !== null || !check?.ok}
          onClick={() => void onConnect()}
        >
          {busy === 'connecting' ? 'Connecting…' : 'Connect'}
        </button>
      </div>
    </form>
  );
}
