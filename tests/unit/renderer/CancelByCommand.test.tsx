import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { CommandReplyCard } from '../../../renderer/src/components/command/CommandReplyCard';
import { CancelPaymentsDialog } from '../../../renderer/src/components/dialogs/CancelPaymentsDialog';
import { Toasts } from '../../../renderer/src/components/notifications/Toasts';
import { UpcomingPanel } from '../../../renderer/src/components/upcoming/UpcomingPanel';
import { AppStoreContext, createAppStore } from '../../../renderer/src/store/appStore';
import { loadEverything } from '../../../renderer/src/store/coreEvents';
import type { CommandResult, PaymentAction } from '../../../shared/contract/commands';
import type { Payment } from '../../../shared/schemas/payment';
import { samplePayment } from '../../support/samples';
import { FakeBridge, ok, standardReplies, waitUntil } from './fakeBridge';

afterEach(cleanup);

// Far from today on purpose: only the formatting of ledger data is under test here.
const weekly = samplePayment('pay_weekly', {
  amount: '120',
  status: 'scheduled',
  nextRunAt: '2030-03-08T14:00:00.000Z',
  schedule: {
    kind: 'recurring',
    rrule: 'FREQ=WEEKLY;BYDAY=FR',
    firstRun: '2030-03-08T14:00:00.000Z',
    timezone: 'America/New_York',
  },
});
const once = samplePayment('pay_once', {
  amount: '30',
  status: 'scheduled',
  nextRunAt: '2030-03-06T14:00:00.000Z',
  schedule: { kind: 'once', runAt: '2030-03-06T14:00:00.000Z' },
});

function choiceResult(action: PaymentAction, payments: Payment[]): CommandResult {
  return {
    intent:
      action === 'cancel'
        ? { kind: 'cancel', recipient: { text: 'User Two', userId: 'user2' } }
        : { kind: 'manage', action, recipient: { text: 'User Two', userId: 'user2' } },
    decision: { outcome: 'clarify', score: 0, rules: [], reply: 'Which one?' },
    status: 'needs_you',
    payment: null,
    proposal: null,
    facts: null,
    choice: { action, payments },
  };
}

async function setup(result: CommandResult) {
  const replies = standardReplies([weekly, once]);
  replies['upcoming:list'] = () =>
    ok({
      userId: 'user1',
      until: '2030-04-12T00:00:00.000Z',
      balances: [],
      schedules: [weekly, once],
      scheduleCount: 2,
      runs: [],
      coverage: [],
      lowest: [],
    });
  replies['commands:run'] = () => ok(result);
  replies['payments:cancel'] = ({ id }) =>
    ok({
      payment: { ...(id === weekly.id ? weekly : once), status: 'cancelled', nextRunAt: null },
    });
  replies['payments:restore'] = ({ id }) => ok({ payment: id === weekly.id ? weekly : once });
  replies['payments:pause'] = ({ id }) => ok({ payment: { ...weekly, id, paused: true } });
  const bridge = new FakeBridge(replies);
  const store = createAppStore(bridge);
  await loadEverything(store);
  render(
    <AppStoreContext value={store}>
      <CommandReplyCard />
      <UpcomingPanel />
      <CancelPaymentsDialog />
      <Toasts />
    </AppStoreContext>,
  );
  return { bridge, store, user: userEvent.setup() };
}

describe('a cancel by command', () => {
  it('lists the matching payments from their data, each with its own button, and cancels nothing', async () => {
    const { bridge, store } = await setup(choiceResult('cancel', [weekly, once]));
    await store.getState().sendCommand('cancel the payment to User Two');
    const list = await screen.findByRole('list', { name: 'Payments to cancel' });
    const items = within(list).getAllByRole('listitem');
    expect(items.map((item) => item.textContent)).toEqual([
      expect.stringMatching(
        /^120\.00 USDC to User TwoEvery week on Friday at 9:00 AM · next Fri, Mar 8, 2030, 9:00 AM EST/,
      ),
      expect.stringMatching(
        /^30\.00 USDC to User TwoOnce, on Wed, Mar 6, 2030, 9:00 AM EST · next Wed, Mar 6, 2030, 9:00 AM EST/,
      ),
    ]);
    expect(
      within(items[0] as HTMLElement).getByRole('button', {
        name: 'Cancel 120.00 USDC to User Two',
      }),
    ).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Cancel all 2' })).toBeTruthy();
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(bridge.inputsOf('payments:cancel')).toEqual([]);
  });

  it("asks the Upcoming panel's question for the chosen one, cancels only it, and Undo restores it", async () => {
    const { bridge, store, user } = await setup(choiceResult('cancel', [weekly, once]));
    await store.getState().sendCommand('cancel the payment to User Two');
    await user.click(await screen.findByRole('button', { name: 'Cancel 30.00 USDC to User Two' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Cancel this payment?' });
    expect(within(dialog).getByRole('list', { name: 'Payments to cancel' }).textContent).toContain(
      '30.00 USDC to User Two',
    );
    expect(dialog.textContent).not.toContain('120.00 USDC');
    expect(bridge.inputsOf('payments:cancel')).toEqual([]);
    await user.click(within(dialog).getByRole('button', { name: 'Cancel payment' }));
    await waitUntil(() => store.getState().toasts.length > 0);
    expect(bridge.inputsOf('payments:cancel')).toEqual([{ id: once.id }]);
    expect(screen.queryByRole('alertdialog')).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Undo: Payment cancelled' }));
    await waitUntil(() => store.getState().toasts.some((toast) => toast.title === 'Cancel undone'));
    expect(bridge.inputsOf('payments:restore')).toEqual([{ id: once.id }]);
  });

  it("shows the same dialog as the Upcoming panel's Cancel button, and Keep changes nothing", async () => {
    const { bridge, store, user } = await setup(choiceResult('cancel', [weekly]));
    // The weekly schedule's card comes first in the Upcoming panel.
    const [weeklyCancel] = screen.getAllByRole('button', { name: 'Cancel payments to User Two' });
    await user.click(weeklyCancel as HTMLElement);
    const fromButton = screen.getByRole('alertdialog', { name: 'Cancel this schedule?' });
    const buttonDialog = {
      text: fromButton.textContent,
      buttons: within(fromButton)
        .getAllByRole('button')
        .map((button) => button.textContent),
    };
    expect(document.activeElement).toBe(within(fromButton).getByRole('button', { name: 'Keep' }));
    await user.click(within(fromButton).getByRole('button', { name: 'Keep' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();

    // One match: the command goes straight to the confirmation.
    await store.getState().sendCommand('stop paying User Two weekly');
    const fromCommand = screen.getByRole('alertdialog', { name: 'Cancel this schedule?' });
    expect({
      text: fromCommand.textContent,
      buttons: within(fromCommand)
        .getAllByRole('button')
        .map((button) => button.textContent),
    }).toEqual(buttonDialog);
    expect(fromCommand.textContent).toContain('Cancel every remaining payment to User Two?');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(bridge.inputsOf('payments:cancel')).toEqual([]);
  });

  it('"all N" names every payment and cancels each after the one yes', async () => {
    const { bridge, store, user } = await setup(choiceResult('cancel', [weekly, once]));
    await store.getState().sendCommand('cancel the payment to User Two');
    await user.click(await screen.findByRole('button', { name: 'Cancel all 2' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Cancel 2 payments?' });
    expect(within(within(dialog).getByRole('list')).getAllByRole('listitem')).toHaveLength(2);
    await user.click(within(dialog).getByRole('button', { name: 'Cancel 2 payments' }));
    await waitUntil(() => store.getState().toasts.length > 0);
    expect(bridge.inputsOf('payments:cancel')).toEqual([{ id: weekly.id }, { id: once.id }]);
    expect(store.getState().toasts.at(-1)).toMatchObject({
      title: '2 payments cancelled',
      action: { label: 'Undo' },
    });
    // The choice is answered: the reply card goes.
    expect(store.getState().commandReply).toBeNull();
  });

  it('"cancel all my payments" goes straight to the question naming every one', async () => {
    const all = choiceResult('cancel', [weekly, once]);
    const { bridge, store } = await setup({ ...all, intent: { kind: 'cancel', target: 'all' } });
    await store.getState().sendCommand('cancel all my payments');
    const dialog = await screen.findByRole('alertdialog', { name: 'Cancel 2 payments?' });
    expect(dialog.textContent).toContain('120.00 USDC to User Two');
    expect(dialog.textContent).toContain('30.00 USDC to User Two');
    expect(bridge.inputsOf('payments:cancel')).toEqual([]);
  });

  it('a pause with several matches asks which one, then pauses it at once like the button', async () => {
    const other = { ...weekly, id: 'pay_weekly_2', amount: '45' };
    const { bridge, store, user } = await setup(choiceResult('pause', [weekly, other]));
    await store.getState().sendCommand('pause my payments to User Two');
    const list = await screen.findByRole('list', { name: 'Payments to pause' });
    expect(bridge.inputsOf('payments:pause')).toEqual([]);
    await user.click(within(list).getByRole('button', { name: 'Pause 45.00 USDC to User Two' }));
    await waitUntil(() => store.getState().commandReply === null);
    expect(bridge.inputsOf('payments:pause')).toEqual([{ id: other.id }]);
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });
});
