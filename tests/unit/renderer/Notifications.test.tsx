import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { NotificationCentre } from '../../../renderer/src/components/notifications/NotificationCentre';
import { Toasts } from '../../../renderer/src/components/notifications/Toasts';
import { AppStoreContext, createAppStore } from '../../../renderer/src/store/appStore';
import { loadEverything } from '../../../renderer/src/store/coreEvents';
import { formatInstant } from '../../../shared/format';
import type { Notification } from '../../../shared/schemas/notification';
import { FakeBridge, ok, standardReplies } from './fakeBridge';

afterEach(cleanup);

const note = (id: string, readAt: string | null): Notification => ({
  id,
  createdAt: '2026-11-27T10:00:00.000Z',
  userId: 'user1',
  kind: 'executed',
  title: `Paid 5.00 USDC (${id})`,
  body: 'Sent to User Two.',
  paymentId: null,
  channels: ['in_app'],
  readAt,
});

describe('notification centre', () => {
  it('shows the unread count, lists notifications and marks them read', async () => {
    const replies = standardReplies([]);
    replies['notifications:list'] = () =>
      ok({
        items: [note('n1', null), note('n2', '2026-11-27T11:00:00.000Z')],
        total: 2,
        unread: 1,
      });
    replies['notifications:read'] = () => ok({ unread: 0 });
    const bridge = new FakeBridge(replies);
    const store = createAppStore(bridge);
    await loadEverything(store);
    render(
      <AppStoreContext value={store}>
        <NotificationCentre />
        <Toasts />
      </AppStoreContext>,
    );
    const user = userEvent.setup();
    const bell = screen.getByRole('button', { name: 'Notifications, 1 unread' });
    await user.click(bell);
    const centre = screen.getByRole('region', { name: 'Notification centre' });
    expect(within(centre).getAllByRole('listitem')).toHaveLength(2);
    expect(centre.textContent).toContain('Unread: Paid 5.00 USDC (n1)');
    await user.click(within(centre).getByRole('button', { name: 'Mark all read' }));
    expect(bridge.inputsOf('notifications:read')).toEqual([{ userId: 'user1' }]);
    expect(screen.getByRole('button', { name: 'Notifications' })).toBeTruthy();
    await user.keyboard('{Escape}');
    expect(centre.hidden).toBe(true);
    expect(document.activeElement).toBe(bell);

    act(() => store.getState().receiveNotification(note('n3', null)));
    expect(screen.getByRole('button', { name: 'Notifications, 1 unread' })).toBeTruthy();
    const toasts = screen.getByRole('region', { name: 'Messages' });
    expect(toasts.textContent).toContain('Paid 5.00 USDC (n3)');
    await user.click(within(toasts).getByRole('button', { name: 'Dismiss: Paid 5.00 USDC (n3)' }));
    expect(toasts.textContent).toBe('');
  });

  it("marks an operator's alert and shows a pop-up held by quiet hours with its end", async () => {
    const replies = standardReplies([]);
    const held: Notification = {
      ...note('n4', null),
      kind: 'denied',
      title: 'User One: a payment was refused',
      operatorAlert: { event: 'denied', subjectUserId: 'user1' },
      channels: ['in_app', 'desktop'],
      deliveries: [
        {
          channel: 'desktop',
          status: 'deferred',
          attempts: 0,
          nextAttemptAt: '2026-11-27T12:00:00.000Z',
          lastError: null,
        },
      ],
    };
    replies['notifications:list'] = () =>
      ok({ items: [held, note('n5', null)], total: 2, unread: 2 });
    const store = createAppStore(new FakeBridge(replies));
    await loadEverything(store);
    render(
      <AppStoreContext value={store}>
        <NotificationCentre />
      </AppStoreContext>,
    );
    await userEvent.setup().click(screen.getByRole('button', { name: 'Notifications, 2 unread' }));
    const [alert, plain] = within(
      screen.getByRole('region', { name: 'Notification centre' }),
    ).getAllByRole('listitem');
    const until = formatInstant('2026-11-27T12:00:00.000Z', 'America/New_York');
    expect(alert?.textContent).toContain('Operator alert');
    expect(alert?.textContent).toContain(`Desktop held for quiet hours until ${until}`);
    expect(plain?.textContent).not.toContain('Operator alert');
    expect(plain?.textContent).not.toContain('held');
  });
});
