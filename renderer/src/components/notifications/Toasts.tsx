import { useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { createPortal } from 'react-dom';
import { useAppStore } from '../../store/appStore';
import type { Toast, ToastTone, UndoPhase } from '../../store/notificationsSlice';
import { UndoCountdown } from './UndoCountdown';

const TOAST_MS = 6000;
const DANGER_TOAST_MS = 12000;

const UNDO_TONE: Record<UndoPhase, ToastTone> = {
  waiting: 'info',
  sending: 'info',
  sent: 'success',
  failed: 'danger',
  skipped: 'info',
  undone: 'info',
  paused: 'warning',
  held: 'warning',
};

/**
 * Short-lived messages in the corner. They live outside the app root, so a modal that
 * makes the app inert leaves them announced; hovering or focusing one holds it.
 */
export function Toasts() {
  const toasts = useAppStore((state) => state.toasts);
  const regionRef = useRef<HTMLDivElement>(null);
  useReservedSpace(regionRef);
  return createPortal(
    <div
      ref={regionRef}
      className="toasts"
      data-stays-live
      aria-live="polite"
      aria-label="Messages"
      role="region"
    >
      {toasts.map((toast) => (
        <ToastItem key={toast.id} toast={toast} />
      ))}
    </div>,
    document.body,
  );
}

/** The space kept between the toasts and a dialog's bottom edge, in pixels. */
const TOAST_GAP_PX = 8;

/**
 * Publishes how much of the window's bottom the toasts take, as `--toasts-space`, so an
 * open dialog is laid out above them (dialogs.css) and its Confirm and Cancel are never
 * under a toast, at any window size.
 */
function useReservedSpace(regionRef: RefObject<HTMLDivElement | null>) {
  useLayoutEffect(() => {
    const region = regionRef.current;
    if (!region || typeof ResizeObserver === 'undefined') return;
    const root = document.documentElement;
    const publish = () => {
      const box = region.getBoundingClientRect();
      const taken = box.height > 0 ? Math.ceil(window.innerHeight - box.top) + TOAST_GAP_PX : 0;
      root.style.setProperty('--toasts-space', `${taken}px`);
    };
    // No measure here: it forced the whole first screen's layout in the middle of React's
    // first commit. The observer reports the region's first size once laid out, before
    // paint; until then the stylesheet's fallback of 0 px is what an empty region takes.
    const observer = new ResizeObserver(publish);
    observer.observe(region);
    window.addEventListener('resize', publish);
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', publish);
      root.style.removeProperty('--toasts-space');
    };
  }, [regionRef]);
}

function ToastItem({ toast }: { toast: Toast }) {
  const dismissToast = useAppStore((state) => state.dismissToast);
  // An undo toast stays while its window is open or its run under way, then says how it
  // ended and goes like any other.
  const undoPhase = useAppStore((state) =>
    toast.undoPaymentId ? (state.undoWindows[toast.undoPaymentId]?.phase ?? 'waiting') : null,
  );
  const [held, setHeld] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const tone = undoPhase ? UNDO_TONE[undoPhase] : toast.tone;
  const settling = undoPhase === 'waiting' || undoPhase === 'sending';

  useEffect(() => {
    if (held || settling) return;
    timer.current = setTimeout(
      () => dismissToast(toast.id),
      tone === 'danger' ? DANGER_TOAST_MS : TOAST_MS,
    );
    return () => clearTimeout(timer.current);
  }, [held, settling, toast.id, tone, dismissToast]);

  return (
    <div
      className={`toast toast--${tone}`}
      onMouseEnter={() => setHeld(true)}
      onMouseLeave={() => setHeld(false)}
      onFocus={() => setHeld(true)}
      onBlur={() => setHeld(false)}
    >
      <div className="toast-text">
        <p className="toast-title">{toast.title}</p>
        {toast.undoPaymentId ? (
          <UndoCountdown paymentId={toast.undoPaymentId} label={toast.title} />
        ) : toast.body ? (
          <p className="toast-body">{toast.body}</p>
        ) : null}
      </div>
      {toast.action ? (
        <button
          type="button"
          className="button button--secondary button--small toast-action"
          aria-label={`${toast.action.label}: ${toast.title}`}
          onClick={() => {
            dismissToast(toast.id);
            toast.action?.run();
          }}
        >
          {toast.action.label}
        </button>
      ) : null}
      <button
        type="button"
        className="icon-button"
        aria-label={`Dismiss: ${toast.title}`}
        onClick={() => dismissToast(toast.id)}
      >
        <span aria-hidden="true">×</span>
      </button>
    </div>
  );
}
