import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { CancelPaymentsDialog } from '../../../renderer/src/components/dialogs/CancelPaymentsDialog';
import { UpcomingPanel } from '../../../renderer/src/components/upcoming/UpcomingPanel';
import { AppStoreContext, createAppStore } from '../../../renderer/src/store/appStore';
import { loadEverything } from '../../../renderer/src/store/coreEvents';
import type { Upcoming } from '../../../shared/contract/upcoming';
import { samplePayment } from '../../support/samples';
import { FakeBridge, ok, standardReplies, waitUntil } from './fakeBridge';

afterEach(cleanup);

const rent = samplePayment('pay_rent', {
  recipientId: 'user3',
  amount: '1200',
  status: 'scheduled',
  nextRunAt: '2026-12-01T14:00:00.000Z',
  schedule: {
    kind: 'recurring',
    rrule: 'FREQ=MONTHLY;BYMONTHDAY=1',
    firstRun: '2026-12-01T14:00:00.000Z',
    timezone: 'America/New_York',
  },
});

const upcoming: Upcoming = {
  userId: 'user1',
  until: '2027-01-05T00:00:00.000Z',
  balances: [{ currency: 'USDC', amount: '2000' }],
  schedules: [rent],
  runs: [
    {
      paymentId: 'pay_rent',
      at: '2026-12-01T14:00:00.000Z',
      amount: '1200',
      currency: 'USDC',
      balanceAfter: '800',
    },
    {
      paymentId: 'pay_rent',
      at: '2027-01-01T14:00:00.000Z',
      amount: '1200',
      currency: 'USDC',
      balanceAfter: '-400',
    },
  ],
};

async function setup() {
  const replies = standardReplies([]);
  replies['upcoming:list'] = () => ok(upcoming);
  replies['payments:pause'] = () => ok({ payment: { ...rent, paused: true } });
  replies['payments:cancel'] = () => ok({ payment: { ...rent, status: 'cancelled' } });
  const bridge = new FakeBridge(replies);
  const store = createAppStore(bridge);
  await loadEverything(store);
  render(
    <AppStoreContext value={store}>
      <UpcomingPanel />
      <CancelPaymentsDialog />
    </AppStoreContext>,
  );
  return { bridge, store, user: userEvent.setup() };
}

describe('upcoming payments', () => {
  it('lists each schedule with its next runs and the balance after each', async () => {
    await setup();
    const region = screen.getByRole('region', { name: 'Upcoming payments' });
    expect(region.textContent).toContain('1,200.00 USDC to Alice Chen');
    expect(region.textContent).toContain('Every month on the 1st at 9:00 AM');
    const runs = within(region).getByRole('list', { name: 'Next payments to Alice Chen' });
    expect(
      within(runs)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual([
      'Tue, Dec 1, 2026, 9:00 AM ESTBalance after 800.00 USDC',
      'Fri, Jan 1, 2027, 9:00 AM ESTBalance after -400.00 USDC · not enough funds',
    ]);
    const forecast = within(region).getByRole('list', { name: 'Balance forecast' });
    expect(forecast.textContent).toContain('-400.00 USDC');
  });

  it('pauses, and asks before cancelling', async () => {
    const { bridge, store, user } = await setup();
    await user.click(screen.getByRole('button', { name: 'Pause payments to Alice Chen' }));
    expect(bridge.inputsOf('payments:pause')).toEqual([{ id: 'pay_rent' }]);
    await waitUntil(() => store.getState().toasts.length > 0);
    expect(store.getState().toasts.at(-1)?.title).toBe('Schedule paused');

    await user.click(screen.getByRole('button', { name: 'Cancel payments to Alice Chen' }));
    expect(bridge.inputsOf('payments:cancel')).toEqual([]);
    const question = screen.getByRole('alertdialog', { name: 'Cancel this schedule?' });
    expect(question.textContent).toContain('Cancel every remaining payment to Alice Chen?');
    expect(document.activeElement).toBe(within(question).getByRole('button', { name: 'Keep' }));
    await user.click(within(question).getByRole('button', { name: 'Keep' }));
    expect(document.activeElement).toBe(
      screen.getByRole('button', { name: 'Cancel payments to Alice Chen' }),
    );
    await user.click(screen.getByRole('button', { name: 'Cancel payments to Alice Chen' }));
    await user.click(screen.getByRole('button', { name: 'Cancel schedule' }));
    expect(bridge.inputsOf('payments:cancel')).toEqual([{ id: 'pay_rent' }]);
    await waitUntil(() => store.getState().toasts.at(-1)?.title === 'Schedule cancelled');
    expect(store.getState().toasts.at(-1)?.action?.label).toBe('Undo');
  });

  it('says why an action failed, beside the schedule', async () => {
    const { bridge, user } = await setup();
    bridge.replies['payments:pause'] = () => ({
      ok: false,
      error: { code: 'conflict', message: 'Payment pay_rent is cancelled; nothing to pause.' },
    });
    await user.click(screen.getByRole('button', { name: 'Pause payments to Alice Chen' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Payment pay_rent is cancelled; nothing to pause.',
    );
  });
});
