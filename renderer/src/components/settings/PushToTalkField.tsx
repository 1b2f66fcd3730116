import { useEffect, useId, useState, type FormEvent } from 'react';
import { pushToTalkShortcutSchema } from '../../../../shared/contract/desktop';
import type { ArcfluxDesktopApi } from '../../arcflux';
import { parseDesktopReply } from '../../bridge/envelope';

/**
 * The global push-to-talk shortcut (desktop app only). The main process registers a new
 * one before it lets go of the old, so a refused shortcut leaves the old one working.
 */
export function PushToTalkField({ desktop }: { desktop: ArcfluxDesktopApi }) {
  const [current, setCurrent] = useState<string | null>(null);
  const [draft, setDraft] = useState('');
  const [message, setMessage] = useState<{ tone: 'danger' | 'success'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();

  const apply = (raw: unknown, success: boolean) => {
    const reply = parseDesktopReply(raw, pushToTalkShortcutSchema);
    if (reply.ok) {
      setCurrent(reply.data.accelerator);
      setDraft(reply.data.accelerator);
      if (success) {
        setMessage({ tone: 'success', text: `Push-to-talk now uses ${reply.data.accelerator}.` });
      }
    } else {
      setMessage({ tone: 'danger', text: reply.error.message });
    }
  };

  useEffect(() => {
    let live = true;
    void desktop.pushToTalkShortcut().then((raw) => {
      if (live) apply(raw, false);
    });
    return () => {
      live = false;
    };
    // Read once when the settings open.
  }, [desktop]);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setMessage(null);
    const raw = await desktop.setPushToTalkShortcut(draft.trim());
    setBusy(false);
    apply(raw, true);
  };

  const unchanged = draft.trim() === '' || draft.trim() === current;
  return (
    <form className="push-to-talk-shortcut" onSubmit={(event) => void save(event)}>
      <p className="muted">
        {current === null
          ? 'Checking…'
          : `Press ${current} anywhere to start listening, and again to stop.`}
      </p>
      <div className="field">
        <label className="field-label" htmlFor={id}>
          Push-to-talk shortcut
        </label>
        <input
          id={id}
          className="input"
          type="text"
          value={draft}
          autoComplete="off"
          spellCheck={false}
          placeholder="CommandOrControl+Shift+Space"
          aria-invalid={message?.tone === 'danger' ? true : undefined}
          onChange={(event) => setDraft(event.target.value)}
        />
      </div>
      {message ? (
        <p
          className={message.tone === 'danger' ? 'field-error' : 'muted'}
          role={message.tone === 'danger' ? 'alert' : 'status'}
        >
          {message.text}
        </p>
      ) : null}
      <div className="settings-actions">
        <button
          type="submit"
          className="button button--primary button--small"
          disabled={busy || unchanged}
        >
          Change shortcut
        </button>
      </div>
    </form>
  );
}
