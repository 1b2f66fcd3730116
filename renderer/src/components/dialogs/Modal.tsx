import { useEffect, useRef, type KeyboardEvent, type ReactNode, type RefObject } from 'react';
import { createPortal } from 'react-dom';

interface ModalProps {
  /** The id of the element that names the dialog (its heading). */
  labelledBy: string;
  describedBy?: string;
  /** Esc: the dialog decides what it means (cancel, close). */
  onEscape(): void;
  /** What gets focus when the dialog opens; the dialog itself when absent. */
  initialFocus?: RefObject<HTMLElement | null>;
  className?: string;
  /** `alertdialog` for questions that interrupt (missed runs). */
  role?: 'dialog' | 'alertdialog';
  children: ReactNode;
}

/**
 * A modal dialog: rendered over the app, which becomes inert (unreachable by Tab, pointer
 * and screen readers) while it is open. Tab and Shift+Tab cycle inside it, Esc calls
 * `onEscape`, and focus goes back where it was when the dialog closes. Elements marked
 * `data-stays-live` (the toasts) stay reachable, so announcements are not lost.
 */
export function Modal({
  labelledBy,
  describedBy,
  onEscape,
  initialFocus,
  className,
  role = 'dialog',
  children,
}: ModalProps) {
  const dialogRef = useRef<HTMLDivElement>(null);
  const layerRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const layer = layerRef.current;
    if (!layer) return;
    const returnFocusTo =
      document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const madeInert: Element[] = [];
    for (const sibling of Array.from(document.body.children)) {
      if (sibling === layer || sibling.contains(layer) || sibling.hasAttribute('inert')) continue;
      if (sibling.hasAttribute('data-stays-live')) continue;
      sibling.setAttribute('inert', '');
      madeInert.push(sibling);
    }
    // The page behind stays where it is while the dialog is open.
    const overflow = document.body.style.overflow;
    document.body.style.overflow = 'hidden';
    (initialFocus?.current ?? dialogRef.current)?.focus();
    return () => {
      document.body.style.overflow = overflow;
      for (const element of madeInert) element.removeAttribute('inert');
      if (returnFocusTo?.isConnected) returnFocusTo.focus();
    };
    // The dialog sets the app inert once, for as long as it is open.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      event.preventDefault();
      onEscape();
      return;
    }
    if (event.key === 'Tab') trapTab(event, dialogRef.current);
  };

  return createPortal(
    <div className="modal-layer" ref={layerRef}>
      <div className="modal-backdrop" aria-hidden="true" />
      <div
        ref={dialogRef}
        className={className ? `modal ${className}` : 'modal'}
        role={role}
        aria-modal="true"
        aria-labelledby={labelledBy}
        aria-describedby={describedBy}
        tabIndex={-1}
        onKeyDown={onKeyDown}
      >
        {children}
      </div>
    </div>,
    document.body,
  );
}

const FOCUSABLE = [
  'a[href]',
  'button:not([disabled])',
  'input:not([disabled]):not([type="hidden"])',
  'select:not([disabled])',
  'textarea:not([disabled])',
  '[tabindex]:not([tabindex="-1"])',
].join(',');

function trapTab(event: KeyboardEvent, container: HTMLElement | null): void {
  if (!container) return;
  const focusable = Array.from(container.querySelectorAll<HTMLElement>(FOCUSABLE)).filter(
    (element) => !element.closest('[inert]'),
  );
  const first = focusable[0];
  const last = focusable.at(-1);
  if (!first || !last) {
    event.preventDefault();
    container.focus();
    return;
  }
  const active = document.activeElement;
  if (event.shiftKey && (active === first || active === container)) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && (active === last || !container.contains(active))) {
    event.preventDefault();
    first.focus();
  }
}
