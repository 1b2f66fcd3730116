import { useEffect, useId, useState, type FormEvent } from 'react';
import { circleKeyStatusSchema, type CircleKeyStatus } from '../../../../shared/contract/desktop';
import type { ArcfluxDesktopApi } from '../../arcflux';
import { parseDesktopReply } from '../../bridge/envelope';

/**
 * Entering the Circle API key (desktop app only). It goes to the OS keychain through the
 * main process and can't be read back: the field only ever says whether one is stored.
 */
export function CircleKeyField({ desktop }: { desktop: ArcfluxDesktopApi }) {
  const [status, setStatus] = useState<CircleKeyStatus | null>(null);
  const [draft, setDraft] = useState('');
  const [acceptWeak, setAcceptWeak] = useState(false);
  const [message, setMessage] = useState<{ tone: 'danger' | 'success'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();

  const apply = (raw: unknown, success: string) => {
    const reply = parseDesktopReply(raw, circleKeyStatusSchema);
    if (reply.ok) {
      setStatus(reply.data);
      if (success) setMessage({ tone: 'success', text: success });
    } else {
      setMessage({ tone: 'danger', text: reply.error.message });
    }
  };

  useEffect(() => {
    let current = true;
    void desktop.circleKeyStatus().then((raw) => {
      if (current) apply(raw, '');
    });
    return () => {
      current = false;
    };
    // Read once when the settings open.
  }, [desktop]);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const raw = await desktop.saveCircleKey(draft, acceptWeak);
    setBusy(false);
    setDraft('');
    apply(raw, 'Key stored in the system keychain. Restart ArcFlux to use it.');
  };

  return (
    <form className="circle-key" onSubmit={(event) => void save(event)}>
      <p className="muted">
        {status === null
          ? 'Checking…'
          : status.stored
            ? 'A key is stored. Enter a new one to replace it.'
            : 'No key is stored.'}
      </p>
      <div className="field">
        <label className="field-label" htmlFor={id}>
          Circle API key
        </label>
        <input
          id={id}
          className="input"
          type="password"
          value={draft}
          autoComplete="off"
          spellCheck={false}
          onChange={(event) => setDraft(event.target.value)}
        />
      </div>
      {status?.weakProtection ? (
        <label className="choice">
          <input
            type="checkbox"
            checked={acceptWeak}
            onChange={(event) => setAcceptWeak(event.target.checked)}
          />
          <span className="choice-text">
            <span className="choice-label">Store it without a keyring</span>
            <span className="choice-hint">
              This system has no keyring, so anyone with your files could read the key.
            </span>
          </span>
        </label>
      ) : null}
      {message ? (
        <p
          className={message.tone === 'danger' ? 'field-error' : 'muted'}
          role={message.tone === 'danger' ? 'alert' : 'status'}
        >
          {message.text}
        </p>
      ) : null}
      <div className="settings-actions">
        {status?.stored ? (
          <button
            type="button"
            className="button button--secondary button--small"
            disabled={busy}
            onClick={() => void desktop.clearCircleKey().then((raw) => apply(raw, 'Key removed.'))}
          >
            Remove key
          </button>
        ) : null}
        <button
          type="submit"
          className="button button--primary button--small"
          disabled={busy || draft.trim().length < 8}
        >
          Store key
        </button>
      </div>
    </form>
  );
}
