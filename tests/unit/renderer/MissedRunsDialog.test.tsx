import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { MissedRunsDialog } from '../../../renderer/src/components/dialogs/MissedRunsDialog';
import { AppStoreContext, createAppStore } from '../../../renderer/src/store/appStore';
import { loadEverything } from '../../../renderer/src/store/coreEvents';
import { MISSED_REVIEWS_AT_ONCE } from '../../../renderer/src/store/confirmationSlice';
import type { MissedReview } from '../../../shared/contract/paymentActions';
import type { Payment } from '../../../shared/schemas/payment';
import { samplePayment } from '../../support/samples';
import { FakeBridge, ok, standardReplies, waitUntil } from './fakeBridge';

afterEach(cleanup);

const RUNS = ['2026-11-20T14:00:00.000Z', '2026-11-27T14:00:00.000Z', '2026-12-04T14:00:00.000Z'];

/**
 * A stand-in for the core's review: 10 USDC a run from a 5,000 USDC balance, refusing
 * every chosen run after `fitting` (as a daily limit would).
 */
function fakeReview(payment: Payment, chosen: readonly string[], fitting: number): MissedReview {
  const paid = Math.min(fitting, chosen.length);
  return {
    paymentId: payment.id,
    currency: 'USDC',
    runs: (payment.missedRuns ?? []).map((at) => {
      const place = chosen.indexOf(at);
      if (place < 0) return { at, chosen: false, check: null };
      return place < fitting
        ? { at, chosen: true, check: 'fits' }
        : {
            at,
            chosen: true,
            check: 'limit_exceeded',
            reason: 'It would pass the daily limit of 15.00 USDC.',
          };
    }),
    chosen: {
      count: chosen.length,
      total: String(10 * chosen.length),
      fitting: paid,
      fittingTotal: String(10 * paid),
    },
    balance: '5000',
    balanceAfter: String(5000 - 10 * paid),
  };
}

/** The dialog over a store loaded from `replies`, and what the test needs to drive it. */
async function renderDialog(
  replies: ConstructorParameters<typeof FakeBridge>[0],
  beforeRender?: (store: ReturnType<typeof createAppStore>) => void,
) {
  const bridge = new FakeBridge(replies);
  const store = createAppStore(bridge);
  await loadEverything(store);
  beforeRender?.(store);
  render(
    <AppStoreContext value={store}>
      <MissedRunsDialog />
    </AppStoreContext>,
  );
  return { bridge, store, dialog: screen.getByRole('alertdialog', { name: 'Missed payments' }) };
}

async function setup(fitting = 99) {
  const payment = samplePayment('pay_a', {
    status: 'missed',
    recipientId: 'user2',
    missedRuns: RUNS,
  });
  const replies = standardReplies([payment]);
  replies['payments:review'] = (input: { runs?: string[] }) =>
    ok(fakeReview(payment, input.runs ?? RUNS, fitting));
  replies['payments:confirm'] = () =>
    ok({ payment: { ...payment, status: 'scheduled', missedRuns: undefined }, proposal: null });
  replies['payments:skip'] = () => ok({ payment: { ...payment, status: 'scheduled' } });
  const { bridge, store, dialog } = await renderDialog(replies);
  await within(dialog).findByText(/3 of 3 runs chosen/);
  return { bridge, store, dialog, user: userEvent.setup() };
}

describe('missed runs', () => {
  it('asks for a few reviews at a time, so many missed payments leave the other requests room', async () => {
    const payments = Array.from({ length: 12 }, (_, index) =>
      samplePayment(`pay_${index}`, { status: 'missed', recipientId: 'user2', missedRuns: RUNS }),
    );
    const replies = standardReplies(payments);
    // Every review waits until the test lets it answer, so the ones in flight can be counted.
    let inFlight = 0;
    let most = 0;
    const held: (() => void)[] = [];
    replies['payments:review'] = (input: { id: string }) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      const payment = payments.find((candidate) => candidate.id === input.id) as Payment;
      return new Promise((resolve) =>
        held.push(() => {
          inFlight -= 1;
          resolve(ok(fakeReview(payment, RUNS, 99)));
        }),
      );
    };
    const { bridge, dialog } = await renderDialog(replies);
    await waitUntil(() => held.length === MISSED_REVIEWS_AT_ONCE);
    // Answering one lets exactly one more go, until all twelve have answered.
    while (held.length > 0) {
      held.shift()?.();
      await waitUntil(
        () => held.length > 0 || bridge.inputsOf('payments:review').length === payments.length,
      );
      expect(inFlight).toBeLessThanOrEqual(MISSED_REVIEWS_AT_ONCE);
    }
    expect(most).toBe(MISSED_REVIEWS_AT_ONCE);
    expect(bridge.inputsOf('payments:review')).toHaveLength(payments.length);
    await waitFor(() =>
      expect(within(dialog).getAllByText(/3 of 3 runs chosen/)).toHaveLength(payments.length),
    );
  });

  it('marks every row as being reviewed in one store change, not one per row', async () => {
    // Each store change re-checks every subscriber on the page: hundreds of rows asking on
    // mount, one change each, once held the whole page for seconds.
    const payments = Array.from({ length: 12 }, (_, index) =>
      samplePayment(`pay_${index}`, { status: 'missed', recipientId: 'user2', missedRuns: RUNS }),
    );
    const replies = standardReplies(payments);
    // No review answers here: only the marks before any answer are counted.
    replies['payments:review'] = () => new Promise(() => undefined);
    let changes = 0;
    const { store } = await renderDialog(replies, (store) =>
      store.subscribe((state, previous) => {
        if (state.missedReviews !== previous.missedReviews) changes += 1;
      }),
    );
    await waitUntil(() => Object.keys(store.getState().missedReviews).length === payments.length);
    expect(Object.values(store.getState().missedReviews).map((entry) => entry.status)).toEqual(
      payments.map(() => 'loading'),
    );
    expect(changes).toBe(1);
  });

  it('shows the count, total and balance after from the core, run by run', async () => {
    const { bridge, dialog, user } = await setup();
    expect(dialog.textContent).toContain('3 of 3 runs chosen, 30.00 USDC.');
    expect(dialog.textContent).toContain('Balance now 5,000.00 USDC, after 4,970.00 USDC.');
    const boxes = within(dialog).getAllByRole('checkbox');
    expect(boxes.map((box) => (box as HTMLInputElement).checked)).toEqual([true, true, true]);

    await user.click(boxes[1] as HTMLElement);
    await within(dialog).findByText(/2 of 3 runs chosen, 20.00 USDC/);
    expect(bridge.inputsOf('payments:review').at(-1)).toEqual({
      id: 'pay_a',
      runs: [RUNS[0], RUNS[2]],
    });
    expect(dialog.textContent).toContain('after 4,980.00 USDC');
  });

  it('asks once more before paying, with not paying as the default', async () => {
    const { bridge, store, dialog, user } = await setup();
    // The dialog's own default is to leave everything as it is.
    expect(within(dialog).getByRole('button', { name: 'Decide later' }).className).toContain(
      'button--primary',
    );
    await user.click(within(dialog).getAllByRole('checkbox')[2] as HTMLElement);
    await within(dialog).findByText(/2 of 3 runs chosen/);
    await user.click(within(dialog).getByRole('button', { name: 'Pay 2 missed runs to User Two' }));
    const question = within(dialog).getByRole('group', { name: 'Pay missed runs to User Two?' });
    expect(question.textContent).toContain('Pay 2 runs to User Two: 20.00 USDC in all');
    expect(question.textContent).toContain('leaving 4,980.00 USDC');
    expect(question.textContent).toContain('Runs you did not choose are skipped.');
    const dontPay = within(question).getByRole('button', { name: "Don't pay" });
    expect(dontPay.className).toContain('button--primary');
    expect(document.activeElement).toBe(dontPay);

    await user.click(dontPay);
    expect(bridge.inputsOf('payments:confirm')).toEqual([]);

    await user.click(within(dialog).getByRole('button', { name: 'Pay 2 missed runs to User Two' }));
    await user.click(within(dialog).getByRole('button', { name: 'Pay 20.00 USDC' }));
    expect(bridge.inputsOf('payments:confirm')).toEqual([
      { id: 'pay_a', runs: [RUNS[0], RUNS[1]] },
    ]);
    await waitUntil(() => !store.getState().missedDialogOpen);
  });

  it('names the runs the checks would refuse, and does not count them as paid', async () => {
    const { dialog, user } = await setup(1);
    expect(dialog.textContent).toContain('1 would be paid, 2 refused.');
    expect(
      within(dialog).getAllByText(/Would be refused: It would pass the daily limit/),
    ).toHaveLength(2);
    await user.click(within(dialog).getByRole('button', { name: 'Pay 3 missed runs to User Two' }));
    const question = within(dialog).getByRole('group', { name: 'Pay missed runs to User Two?' });
    expect(question.textContent).toContain('Pay 1 run to User Two: 10.00 USDC in all');
    expect(question.textContent).toContain('2 chosen runs would be refused and not paid.');
  });

  it('offers no payment when nothing is chosen, and skips them all on request', async () => {
    const { bridge, dialog, user } = await setup();
    for (const box of within(dialog).getAllByRole('checkbox')) await user.click(box);
    await within(dialog).findByText('No run chosen. Choose the runs to pay, or skip them all.');
    expect(
      (within(dialog).getByRole('button', { name: /Pay 0 missed runs/ }) as HTMLButtonElement)
        .disabled,
    ).toBe(true);
    await user.click(within(dialog).getByRole('button', { name: 'Skip missed runs to User Two' }));
    await waitFor(() => expect(bridge.inputsOf('payments:skip')).toEqual([{ id: 'pay_a' }]));
  });
});
