import { useNow } from '../../hooks/useNow';
import { useAppStore } from '../../store/appStore';
import { undoRemainingMs, type UndoWindow } from '../../store/notificationsSlice';

/**
 * A payment's undo window as the toast and the notification centre show it: the seconds
 * left and Undo while it waits, then what became of it (sent, failed, undone), from the
 * payment's events and its execution. Renders nothing for a payment not heard of.
 */
export function UndoCountdown({ paymentId, label }: { paymentId: string; label: string }) {
  const window = useAppStore((state) => state.undoWindows[paymentId]);
  const clock = useAppStore((state) => state.now);
  const undoPayment = useAppStore((state) => state.undoPayment);
  const now = useNow(clock, 250, window?.phase === 'waiting');
  if (!window) return null;
  const remaining = undoRemainingMs(window, now);
  const open = window.phase === 'waiting' && remaining > 0;
  return (
    <div className="undo-countdown" data-phase={open ? 'waiting' : phaseShown(window)}>
      {open ? (
        <>
          <p className="undo-status">
            Sending in{' '}
            <span role="timer" className="undo-seconds">
              {Math.ceil(remaining / 1000)} s
            </span>
            . Nothing is paid yet.
          </p>
          <button
            type="button"
            className="button button--secondary button--small"
            aria-label={`Undo: ${label}`}
            disabled={window.undoing}
            onClick={() => void undoPayment(paymentId)}
          >
            {window.undoing ? 'Undoing…' : 'Undo'}
          </button>
        </>
      ) : (
        <p className="undo-status" role="status">
          {PHASE_TEXT[phaseShown(window)]}
        </p>
      )}
      {window.error ? (
        <p className="undo-error" role="alert">
          {window.error.code === 'already_started'
            ? 'Too late to undo: the payment had already started.'
            : window.error.message}
        </p>
      ) : null}
    </div>
  );
}

/** A window whose time ran out but that the core has not taken yet is being sent. */
function phaseShown(window: UndoWindow): Exclude<UndoWindow['phase'], 'waiting'> {
  return window.phase === 'waiting' ? 'sending' : window.phase;
}

const PHASE_TEXT = {
  sending: 'Sending now…',
  sent: 'Sent.',
  failed: 'Not sent: the payment failed. Open it for the reason.',
  skipped: 'Skipped: this run was not paid.',
  undone: 'Undone: nothing was paid.',
  paused: 'Paused: nothing is paid until you resume it.',
  held: 'On hold: it fell due while ArcFlux was closed; answer in Missed runs.',
} as const;
