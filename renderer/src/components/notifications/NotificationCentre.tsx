import { useEffect, useId, useRef } from 'react';
import { formatInstant } from '../../../../shared/format';
import type { Notification } from '../../../../shared/schemas/notification';
import type { NotificationChannel } from '../../../../shared/schemas/user';
import { useAppStore } from '../../store/appStore';
import { NOTIFICATION_TONE } from '../../store/notificationsSlice';
import { UndoCountdown } from './UndoCountdown';

/**
 * The bell in the header with the unread count, and the panel it opens: every in-app
 * notification, newest first. Esc or a click elsewhere closes it; focus returns to the bell.
 */
export function NotificationCentre() {
  const open = useAppStore((state) => state.notificationCentreOpen);
  const unread = useAppStore((state) => state.notificationsUnread);
  const setOpen = useAppStore((state) => state.setNotificationCentreOpen);
  const bellRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const panelId = useId();

  useEffect(() => {
    if (!open) return;
    panelRef.current?.focus();
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target as Node;
      if (panelRef.current?.contains(target) || bellRef.current?.contains(target)) return;
      setOpen(false);
    };
    // Esc closes from anywhere, even after the focused button went away (Mark all read).
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || document.querySelector('[aria-modal="true"]')) return;
      setOpen(false);
      bellRef.current?.focus();
    };
    document.addEventListener('pointerdown', onPointerDown);
    document.addEventListener('keydown', onKeyDown);
    return () => {
      document.removeEventListener('pointerdown', onPointerDown);
      document.removeEventListener('keydown', onKeyDown);
    };
  }, [open, setOpen]);

  return (
    <div className="notifications">
      <button
        ref={bellRef}
        type="button"
        className="icon-button bell"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={unread > 0 ? `Notifications, ${unread} unread` : 'Notifications'}
        onClick={() => setOpen(!open)}
      >
        <BellIcon />
        {unread > 0 ? (
          <span className="bell-count" aria-hidden="true">
            {unread > 99 ? '99+' : unread}
          </span>
        ) : null}
      </button>
      <div
        ref={panelRef}
        id={panelId}
        className="notification-panel"
        role="region"
        aria-label="Notification centre"
        tabIndex={-1}
        hidden={!open}
      >
        {open ? <PanelContent onMarkedAll={() => panelRef.current?.focus()} /> : null}
      </div>
    </div>
  );
}

function PanelContent({ onMarkedAll }: { onMarkedAll(): void }) {
  const status = useAppStore((state) => state.notificationsStatus);
  const error = useAppStore((state) => state.notificationsError);
  const items = useAppStore((state) => state.notifications);
  const unread = useAppStore((state) => state.notificationsUnread);
  const markNotificationsRead = useAppStore((state) => state.markNotificationsRead);
  const loadNotifications = useAppStore((state) => state.loadNotifications);

  return (
    <>
      <div className="notification-panel-header">
        <h2 className="notification-panel-title">Notifications</h2>
        <button
          type="button"
          className="button button--quiet button--small"
          disabled={unread === 0}
          onClick={() => {
            // The button disables itself; focus stays in the panel instead of dropping out.
            onMarkedAll();
            void markNotificationsRead();
          }}
        >
          Mark all read
        </button>
      </div>
      {status === 'error' && error ? (
        <div className="notification-empty">
          <p>{error.message}</p>
          <button
            type="button"
            className="button button--secondary button--small"
            onClick={() => void loadNotifications()}
          >
            Retry
          </button>
        </div>
      ) : status !== 'ready' ? (
        <p className="notification-empty" role="status">
          Loading notifications…
        </p>
      ) : items.length === 0 ? (
        <p className="notification-empty">
          Nothing yet. Confirmations, payments sent and warnings show here.
        </p>
      ) : (
        <ul className="notification-list">
          {items.map((item) => (
            <NotificationItem key={item.id} notification={item} />
          ))}
        </ul>
      )}
    </>
  );
}

function NotificationItem({ notification }: { notification: Notification }) {
  const timeZone = useAppStore((state) => state.settings?.timezone ?? 'UTC');
  const markNotificationsRead = useAppStore((state) => state.markNotificationsRead);
  const openPaymentDetail = useAppStore((state) => state.openPaymentDetail);
  const setOpen = useAppStore((state) => state.setNotificationCentreOpen);
  const unread = notification.readAt === null;
  const tone = NOTIFICATION_TONE[notification.kind];
  return (
    <li className={unread ? 'notification notification--unread' : 'notification'}>
      <span className={`notification-dot notification-dot--${tone}`} aria-hidden="true" />
      <div className="notification-text">
        <p className="notification-title">
          {unread ? <span className="visually-hidden">Unread: </span> : null}
          {notification.title}
        </p>
        <p className="notification-body">{notification.body}</p>
        {notification.kind === 'undo_window' && notification.paymentId ? (
          <UndoCountdown paymentId={notification.paymentId} label={notification.title} />
        ) : null}
        <p className="notification-meta">
          {notification.operatorAlert ? <span>Operator alert · </span> : null}
          <time dateTime={notification.createdAt}>
            {formatInstant(notification.createdAt, timeZone)}
          </time>
          {(notification.deliveries ?? [])
            .filter((delivery) => delivery.status === 'deferred' && delivery.nextAttemptAt)
            .map((delivery) => (
              <span key={delivery.channel}>
                {' · '}
                {CHANNEL_NAMES[delivery.channel]} held for quiet hours until{' '}
                <time dateTime={delivery.nextAttemptAt ?? ''}>
                  {formatInstant(delivery.nextAttemptAt ?? '', timeZone)}
                </time>
              </span>
            ))}
        </p>
        <div className="notification-actions">
          {notification.paymentId ? (
            <button
              type="button"
              className="link-button"
              onClick={() => {
                const id = notification.paymentId;
                if (!id) return;
                void markNotificationsRead([notification.id]);
                setOpen(false);
                void openPaymentDetail(id);
              }}
            >
              View payment
            </button>
          ) : null}
          {unread ? (
            <button
              type="button"
              className="link-button"
              onClick={() => void markNotificationsRead([notification.id])}
            >
              Mark read
            </button>
          ) : null}
        </div>
      </div>
    </li>
  );
}

const CHANNEL_NAMES: Record<NotificationChannel, string> = {
  in_app: 'In-app',
  desktop: 'Desktop',
  email: 'Email',
  webhook: 'Webhook',
  sms: 'SMS',
};

function BellIcon() {
  return (
    <svg viewBox="0 0 20 20" width="20" height="20" aria-hidden="true" focusable="false">
      <path
        d="M5 8a5 5 0 0 1 10 0c0 4 1.5 5.5 1.5 5.5h-13S5 12 5 8zM8.3 16.2a1.8 1.8 0 0 0 3.4 0"
        fill="none"
        strokeWidth="1.6"
        strokeLinejoin="round"
        strokeLinecap="round"
      />
    </svg>
  );
}
