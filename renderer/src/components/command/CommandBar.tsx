import { useEffect, useId, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { MAX_COMMAND_TEXT } from '../../../../shared/contract/commands';
import { useAppStore } from '../../store/appStore';
import { isReadOnly } from '../../store/householdSlice';
import { COMMAND_INPUT_ID } from './commandIds';
import { CommandReplyCard } from './CommandReplyCard';
import { IntentPreview } from './IntentPreview';
import { PushToTalkButton } from './PushToTalkButton';

/** The preview waits for a pause in typing, so the core parses words, not keystrokes. */
export const PREVIEW_DELAY_MS = 200;

/**
 * Where a payment starts: type (or say) what to pay. Enter sends, the up and down arrows
 * walk through earlier commands, and a live preview shows what ArcFlux understood, or the
 * question it needs answered, before anything is sent.
 */
export function CommandBar() {
  const draft = useAppStore((state) => state.commandDraft);
  const sending = useAppStore((state) => state.commandStatus === 'sending');
  const error = useAppStore((state) => state.commandError);
  const setCommandDraft = useAppStore((state) => state.setCommandDraft);
  const previewCommand = useAppStore((state) => state.previewCommand);
  const sendCommand = useAppStore((state) => state.sendCommand);
  const history = useAppStore((state) => state.commandHistory);
  // The household server can't be reached: nothing may be sent until it is back.
  const readOnly = useAppStore(isReadOnly);
  const inputRef = useRef<HTMLInputElement>(null);
  // Where the arrows are in the history; null while editing the draft itself.
  const [recall, setRecall] = useState<{ index: number; draft: string } | null>(null);
  const inputId = COMMAND_INPUT_ID;
  const hintId = useId();
  const errorId = useId();

  useEffect(() => {
    if (draft.trim() === '') return;
    const timer = setTimeout(() => void previewCommand(draft), PREVIEW_DELAY_MS);
    return () => clearTimeout(timer);
  }, [draft, previewCommand]);

  useFocusShortcut(inputRef);

  const send = () => {
    if (draft.trim() === '' || sending || readOnly) return;
    setRecall(null);
    void sendCommand();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowUp' && history.length > 0) {
      event.preventDefault();
      const index = recall === null ? history.length - 1 : Math.max(0, recall.index - 1);
      setRecall({ index, draft: recall?.draft ?? draft });
      setCommandDraft(history[index] ?? '');
    } else if (event.key === 'ArrowDown' && recall !== null) {
      event.preventDefault();
      const index = recall.index + 1;
      if (index >= history.length) {
        setRecall(null);
        setCommandDraft(recall.draft);
      } else {
        setRecall({ ...recall, index });
        setCommandDraft(history[index] ?? '');
      }
    } else if (event.key === 'Escape' && draft !== '') {
      event.preventDefault();
      setRecall(null);
      setCommandDraft('');
    }
  };

  return (
    <section className="panel command-panel" aria-labelledby={`${inputId}-heading`}>
      <h2 className="panel-title" id={`${inputId}-heading`}>
        What should ArcFlux pay?
      </h2>
      <form
        className="command-form"
        onSubmit={(event) => {
          event.preventDefault();
          send();
        }}
      >
        <label className="visually-hidden" htmlFor={inputId}>
          Command
        </label>
        <div className="command-input-wrap">
          <CommandIcon />
          <input
            ref={inputRef}
            id={inputId}
            className="command-input"
            type="text"
            value={draft}
            maxLength={MAX_COMMAND_TEXT}
            placeholder="Pay User Two 120 USDC every Friday"
            autoComplete="off"
            spellCheck={false}
            aria-describedby={error ? `${hintId} ${errorId}` : hintId}
            aria-invalid={error ? true : undefined}
            onChange={(event) => {
              setRecall(null);
              setCommandDraft(event.target.value);
            }}
            onKeyDown={onKeyDown}
          />
          <kbd className="command-shortcut" aria-hidden="true">
            Ctrl K
          </kbd>
        </div>
        <PushToTalkButton />
        <button
          type="submit"
          className="button button--primary command-send"
          disabled={sending || readOnly || draft.trim() === ''}
        >
          {sending ? 'Sending…' : 'Send'}
        </button>
      </form>
      <p className="visually-hidden" id={hintId}>
        Enter sends. Up and down arrows recall earlier commands. Ctrl K comes back here.
      </p>
      {error ? (
        <p className="inline-notice inline-notice--danger" id={errorId} role="alert">
          {error.message}
        </p>
      ) : null}
      <IntentPreview onPick={(text) => setCommandDraft(text)} />
      <CommandReplyCard />
    </section>
  );
}

/** Ctrl+K (Cmd+K on a Mac) focuses the command box from anywhere in the app. */
function useFocusShortcut(inputRef: RefObject<HTMLInputElement | null>) {
  useEffect(() => {
    const onKeyDown = (event: globalThis.KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
        if (document.querySelector('[aria-modal="true"]')) return;
        event.preventDefault();
        inputRef.current?.focus();
        inputRef.current?.select();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [inputRef]);
}

function CommandIcon() {
  return (
    <svg className="command-icon" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
      <path d="M4 6l4 4-4 4M10 14h6" fill="none" strokeWidth="1.8" strokeLinecap="round" />
    </svg>
  );
}
