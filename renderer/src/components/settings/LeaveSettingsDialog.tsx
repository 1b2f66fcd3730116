import { useId, useRef } from 'react';
import { useAppStore } from '../../store/appStore';
import { Modal } from '../dialogs/Modal';

const PAGE_NAMES = { overview: 'Overview', settings: 'Settings' } as const;

/**
 * Asks before leaving Settings with edits that are not saved. Staying is the safe choice,
 * so it has the focus and Esc; leaving drops the edits.
 */
export function LeaveSettingsDialog() {
  const leavingTo = useAppStore((state) => state.leavingTo);
  const answerLeave = useAppStore((state) => state.answerLeave);
  const titleId = useId();
  const bodyId = useId();
  const stayRef = useRef<HTMLButtonElement>(null);
  if (leavingTo === null) return null;
  return (
    <Modal
      labelledBy={titleId}
      describedBy={bodyId}
      role="alertdialog"
      initialFocus={stayRef}
      onEscape={() => answerLeave(false)}
    >
      <header className="modal-header">
        <h2 className="modal-title" id={titleId}>
          Leave without saving?
        </h2>
      </header>
      <div className="modal-body">
        <p id={bodyId}>
          You changed settings that are not saved. If you go to {PAGE_NAMES[leavingTo]} now, those
          changes are dropped and ArcFlux keeps running with the saved settings.
        </p>
      </div>
      <footer className="modal-footer">
        <button
          type="button"
          className="button button--secondary"
          onClick={() => answerLeave(true)}
        >
          Leave without saving
        </button>
        <button
          ref={stayRef}
          type="button"
          className="button button--primary"
          onClick={() => answerLeave(false)}
        >
          Keep editing
        </button>
      </footer>
    </Modal>
  );
}
