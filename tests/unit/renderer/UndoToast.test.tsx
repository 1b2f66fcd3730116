import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NotificationCentre } from '../../../renderer/src/components/notifications/NotificationCentre';
import { Toasts } from '../../../renderer/src/components/notifications/Toasts';
import { AppStoreContext, createAppStore } from '../../../renderer/src/store/appStore';
import { connectStoreToCore } from '../../../renderer/src/store/coreEvents';
import type { Execution } from '../../../shared/schemas/execution';
import type { Notification } from '../../../shared/schemas/notification';
import type { Payment } from '../../../shared/schemas/payment';
import { samplePayment } from '../../support/samples';
import { FakeBridge, ok, standardReplies, waitUntil } from './fakeBridge';

/**
 * The undo toast on an injected clock: only the countdown's interval is faked, so the
 * test moves the renderer's time without waiting for it.
 */
const OPENED = '2026-11-27T10:00:00.000Z';
const UNTIL = '2026-11-27T10:00:10.000Z';

let clock = Date.parse(OPENED);
beforeEach(() => {
  clock = Date.parse(OPENED);
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const waiting: Payment = samplePayment('pay_undo', {
  amount: '4',
  status: 'scheduled',
  nextRunAt: UNTIL,
  undoUntil: UNTIL,
  createdAt: OPENED,
  updatedAt: OPENED,
});

const notice: Notification = {
  id: 'n_undo',
  createdAt: OPENED,
  userId: 'user1',
  kind: 'undo_window',
  title: '4.00 USDC to User Two',
  body: 'Nothing is paid yet: it is sent in 10 seconds unless you undo it.',
  paymentId: waiting.id,
  channels: ['in_app'],
  readAt: null,
};

const execution = (status: Execution['status']): Execution => ({
  id: 'exe_1',
  paymentId: waiting.id,
  occurrenceAt: UNTIL,
  idempotencyKey: `${waiting.id}:${UNTIL}`,
  attempt: 1,
  status,
  amount: '4',
  currency: 'USDC',
  startedAt: UNTIL,
  finishedAt: status === 'started' ? null : UNTIL,
  transferId: status === 'succeeded' ? 'tx_1' : null,
  error: null,
  ...(status === 'failed' ? { failure: 'rejected' as const, error: 'Refused.' } : {}),
  ...(status === 'skipped' ? { skipReason: 'user' as const, transferId: null } : {}),
});

async function setup(detail: { payment: Payment; executions: Execution[] }) {
  const replies = standardReplies([]);
  replies['payments:get'] = () => ok({ ...detail, riskAssessment: null });
  replies['payments:undo'] = () => ok({ payment: { ...waiting, status: 'cancelled' } });
  const bridge = new FakeBridge(replies);
  const store = createAppStore(bridge, { now: () => clock });
  connectStoreToCore(store, bridge);
  // Everything loaded first, so the first load never replaces what the events bring.
  await waitUntil(() => store.getState().notificationsStatus === 'ready');
  render(
    <AppStoreContext value={store}>
      <NotificationCentre />
      <Toasts />
    </AppStoreContext>,
  );
  return { bridge, store };
}

/** Moves the injected clock and lets the countdown's interval see it. */
function advance(milliseconds: number) {
  clock += milliseconds;
  act(() => vi.advanceTimersByTime(milliseconds));
}

function toasts() {
  return screen.getByRole('region', { name: 'Messages' });
}

describe('the undo toast', () => {
  it('counts down to undoUntil with Undo, and Undo cancels the payment', async () => {
    const { bridge } = await setup({ payment: waiting, executions: [] });
    act(() => {
      bridge.emit('payment:changed', { payment: waiting });
      bridge.emit('notification:created', { notification: notice });
    });
    const toast = within(toasts());
    expect(toast.getByText('4.00 USDC to User Two')).toBeTruthy();
    expect(toast.getByRole('timer').textContent).toBe('10 s');
    advance(3_500);
    expect(toast.getByRole('timer').textContent).toBe('7 s');

    await userEvent
      .setup({ advanceTimers: vi.advanceTimersByTime })
      .click(toast.getByRole('button', { name: 'Undo: 4.00 USDC to User Two' }));
    expect(bridge.inputsOf('payments:undo')).toEqual([{ id: waiting.id }]);
    expect(bridge.inputsOf('payments:cancel')).toEqual([]);
    await waitUntil(() => toasts().textContent?.includes('Undone: nothing was paid.') ?? false);
    expect(toast.queryByRole('button', { name: /^Undo/ })).toBeNull();
    expect(toast.queryByRole('timer')).toBeNull();
  });

  it('when the window ends, says sent (or failed) from the payment and its execution', async () => {
    const executed = { ...waiting, status: 'executed' as const, nextRunAt: null, updatedAt: UNTIL };
    const { bridge } = await setup({ payment: executed, executions: [execution('succeeded')] });
    act(() => {
      bridge.emit('payment:changed', { payment: waiting });
      bridge.emit('notification:created', { notification: notice });
    });
    advance(10_000);
    // The renderer's time is up but the core has not taken the run yet: no Undo offered.
    expect(toasts().textContent).toContain('Sending now…');
    expect(within(toasts()).queryByRole('button', { name: /^Undo/ })).toBeNull();
    act(() => bridge.emit('payment:changed', { payment: executed }));
    await waitUntil(() => toasts().textContent?.includes('Sent.') ?? false);
    expect(toasts().querySelector('.toast--success')).not.toBeNull();
  });

  it('shows a failed run as failed, and a late Undo as too late', async () => {
    const failed = { ...waiting, status: 'failed' as const, nextRunAt: null, updatedAt: UNTIL };
    const { bridge, store } = await setup({ payment: failed, executions: [execution('failed')] });
    bridge.replies['payments:undo'] = () => ({
      ok: false,
      error: { code: 'already_started', message: 'Payment pay_undo can no longer be undone.' },
    });
    act(() => {
      bridge.emit('payment:changed', { payment: waiting });
      bridge.emit('notification:created', { notification: notice });
    });
    await act(() => store.getState().undoPayment(waiting.id));
    await waitUntil(() => toasts().textContent?.includes('Not sent') ?? false);
    expect(toasts().textContent).toContain('Too late to undo: the payment had already started.');
    expect(toasts().querySelector('.toast--danger')).not.toBeNull();
  });

  it('a payment paused in its window says it is paused, never "sending"', async () => {
    const paused = { ...waiting, paused: true, updatedAt: '2026-11-27T10:00:02.000Z' };
    const { bridge } = await setup({ payment: paused, executions: [] });
    act(() => {
      bridge.emit('payment:changed', { payment: waiting });
      bridge.emit('notification:created', { notification: notice });
    });
    act(() => bridge.emit('payment:changed', { payment: paused }));
    await waitUntil(() => toasts().textContent?.includes('Paused: nothing is paid') ?? false);
    expect(toasts().textContent).not.toContain('Sending');
    expect(within(toasts()).queryByRole('button', { name: /^Undo/ })).toBeNull();
  });

  it('a window whose run the user skipped says skipped, never "sending"', async () => {
    const later = '2026-12-04T10:00:10.000Z';
    const skipped = { ...waiting, nextRunAt: later, updatedAt: '2026-11-27T10:00:02.000Z' };
    const { bridge } = await setup({ payment: skipped, executions: [execution('skipped')] });
    act(() => {
      bridge.emit('payment:changed', { payment: waiting });
      bridge.emit('notification:created', { notification: notice });
    });
    act(() => bridge.emit('payment:changed', { payment: skipped }));
    await waitUntil(
      () => toasts().textContent?.includes('Skipped: this run was not paid.') ?? false,
    );
    expect(toasts().textContent).not.toContain('Sending');
    expect(within(toasts()).queryByRole('button', { name: /^Undo/ })).toBeNull();
  });

  it('the notification centre shows the same countdown and Undo', async () => {
    const { bridge } = await setup({ payment: waiting, executions: [] });
    act(() => {
      bridge.emit('payment:changed', { payment: waiting });
      bridge.emit('notification:created', { notification: notice });
    });
    await userEvent
      .setup({ advanceTimers: vi.advanceTimersByTime })
      .click(screen.getByRole('button', { name: /^Notifications/ }));
    const centre = within(screen.getByRole('region', { name: 'Notification centre' }));
    expect(centre.getByRole('timer').textContent).toBe('10 s');
    expect(centre.getByRole('button', { name: 'Undo: 4.00 USDC to User Two' })).toBeTruthy();
  });
});
