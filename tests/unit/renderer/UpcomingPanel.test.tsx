import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { CancelPaymentsDialog } from '../../../renderer/src/components/dialogs/CancelPaymentsDialog';
import { UpcomingPanel } from '../../../renderer/src/components/upcoming/UpcomingPanel';
import { AppStoreContext, createAppStore } from '../../../renderer/src/store/appStore';
import { loadEverything } from '../../../renderer/src/store/coreEvents';
import { UPCOMING_PAGE } from '../../../renderer/src/store/upcomingSlice';
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
  scheduleCount: 1,
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
  coverage: [{ paymentId: 'pay_rent', runs: 2, listed: 2, countedUntil: null }],
  lowest: [
    {
      paymentId: 'pay_rent',
      at: '2027-01-01T14:00:00.000Z',
      amount: '1200',
      currency: 'USDC',
      balanceAfter: '-400',
    },
  ],
};

async function setup(data: Upcoming = upcoming) {
  const replies = standardReplies([]);
  replies['upcoming:list'] = () => ok(data);
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

  it("shows the core's lowest balance and says what each card leaves out", async () => {
    // Five listed runs of a daily schedule of 21; the lowest point is a run no card lists.
    const daily = samplePayment('pay_daily', {
      recipientId: 'user3',
      amount: '100',
      status: 'scheduled',
      nextRunAt: '2026-12-01T14:00:00.000Z',
      schedule: {
        kind: 'recurring',
        rrule: 'FREQ=DAILY',
        firstRun: '2026-12-01T14:00:00.000Z',
        timezone: 'America/New_York',
      },
    });
    const fast = samplePayment('pay_fast', {
      recipientId: 'user2',
      amount: '1',
      status: 'scheduled',
      nextRunAt: '2026-12-01T14:00:00.000Z',
      schedule: {
        kind: 'recurring',
        rrule: 'FREQ=MINUTELY',
        firstRun: '2026-12-01T14:00:00.000Z',
        timezone: 'America/New_York',
      },
    });
    const runOf = (paymentId: string, at: string, amount: string, balanceAfter: string) => ({
      paymentId,
      at,
      amount,
      currency: 'USDC' as const,
      balanceAfter,
    });
    await setup({
      ...upcoming,
      schedules: [daily, fast],
      scheduleCount: 2,
      runs: [
        runOf('pay_daily', '2026-12-01T14:00:00.000Z', '100', '1900'),
        runOf('pay_fast', '2026-12-01T14:00:00.000Z', '1', '1899'),
        runOf('pay_daily', '2026-12-02T14:00:00.000Z', '100', '1799'),
      ],
      coverage: [
        { paymentId: 'pay_daily', runs: 21, listed: 2, countedUntil: null },
        {
          paymentId: 'pay_fast',
          runs: 100,
          listed: 1,
          countedUntil: '2026-12-01T15:39:00.000Z',
        },
      ],
      lowest: [runOf('pay_daily', '2026-12-21T14:00:00.000Z', '100', '-200')],
    });
    const forecast = screen.getByRole('list', { name: 'Balance forecast' });
    expect(forecast.textContent).toBe(
      'Lowest USDC balance-200.00 USDCafter Mon, Dec 21, 2026, 9:00 AM EST',
    );
    const cards = screen
      .getAllByRole('listitem')
      .filter((item) => item.className === 'schedule-card');
    expect(cards[0]?.textContent).toContain(
      '19 more runs before Mon, Jan 4, 2027, 7:00 PM EST, counted in the balances.',
    );
    expect(cards[1]?.textContent).toContain(
      'the forecast counts 100 runs, until Tue, Dec 1, 2026, 10:39 AM EST',
    );
  });

  it('lists a page of schedules and says how many more there are, with a button for them', async () => {
    const many = Array.from({ length: 120 }, (_, index) =>
      samplePayment(`pay_many_${String(index).padStart(3, '0')}`, {
        ...rent,
        id: `pay_many_${String(index).padStart(3, '0')}`,
      }),
    );
    const page = (limit: number): Upcoming => ({
      ...upcoming,
      schedules: many.slice(0, limit),
      scheduleCount: many.length,
      runs: [],
      coverage: [],
    });
    const { bridge, user } = await setup(page(UPCOMING_PAGE));
    bridge.replies['upcoming:list'] = (input) => ok(page(input.limit ?? UPCOMING_PAGE));
    const cards = () =>
      screen.getAllByRole('listitem').filter((item) => item.className === 'schedule-card');
    expect(cards()).toHaveLength(UPCOMING_PAGE);
    expect(screen.getByText('120 schedules')).toBeTruthy();
    expect(screen.getByText(/^Showing 50 of 120 schedules, soonest first\./)).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Show 50 more' }));
    await waitUntil(() => cards().length === 100);
    expect(bridge.inputsOf('upcoming:list').at(-1)).toMatchObject({ limit: 100 });
    // The last page holds what is left.
    await user.click(screen.getByRole('button', { name: 'Show 20 more' }));
    await waitUntil(() => cards().length === 120);
    expect(screen.queryByText(/^Showing/)).toBeNull();
    expect(screen.queryByRole('button', { name: /^Show \d+ more$/ })).toBeNull();
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
