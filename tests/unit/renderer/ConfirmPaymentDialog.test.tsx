import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfirmPaymentDialog } from '../../../renderer/src/components/dialogs/ConfirmPaymentDialog';
import {
  AppStoreContext,
  createAppStore,
  type AppStore,
} from '../../../renderer/src/store/appStore';
import type { Decision } from '../../../shared/contract/commands';
import type { Payment } from '../../../shared/schemas/payment';
import type { Proposal } from '../../../shared/schemas/proposal';
import { samplePayment, sampleProposal, sampleSettings } from '../../support/samples';
import { DEMO_USERS, FakeBridge, ok, waitUntil } from './fakeBridge';

const payment: Payment = samplePayment('pay_friday', {
  amount: '120',
  status: 'pending_confirmation',
  schedule: {
    kind: 'recurring',
    rrule: 'FREQ=WEEKLY;BYDAY=FR',
    firstRun: '2026-11-27T14:00:00.000Z',
    timezone: 'America/New_York',
  },
});

const rules: Decision['rules'] = [
  {
    name: 'whitelisted_recipient',
    kind: 'recipient',
    level: 'safe',
    explanation: 'User Two is on your trusted list.',
  },
  {
    name: 'first_payment_to_recipient',
    kind: 'recipient',
    level: 'warning',
    explanation: 'This is your first payment to User Two.',
  },
];

const proposal: Proposal = sampleProposal(payment, {
  readBack: {
    sentence: 'Pay User Two 120.00 USDC every week on Friday, starting Fri, Nov 27, 2026.',
    nextRuns: [
      { at: '2026-11-27T14:00:00.000Z', balanceAfter: '4880' },
      { at: '2026-12-04T14:00:00.000Z', balanceAfter: '4760' },
      { at: '2026-12-11T14:00:00.000Z', balanceAfter: '-40' },
    ],
    rules,
  },
});

const decision: Decision = { outcome: 'needs_confirmation', score: 0.3, rules, reply: '…' };

let clock = Date.parse('2026-11-27T08:00:00.000Z');

function setup() {
  clock = Date.parse('2026-11-27T08:00:00.000Z');
  const bridge = new FakeBridge({
    'payments:get': () =>
      ok({
        payment,
        executions: [],
        riskAssessment: {
          id: 'risk_1',
          createdAt: payment.createdAt,
          userId: 'user1',
          paymentId: payment.id,
          request: payment.sourceText,
          intent: { kind: 'confirm' },
          features: {},
          rules,
          score: 0.3,
          outcome: 'needs_confirmation',
          engine: 'rules',
          verification: 'verified',
        },
      }),
    'payments:confirm': () => ok({ payment: { ...payment, status: 'scheduled' }, proposal }),
    'payments:cancel': () => ok({ payment: { ...payment, status: 'cancelled' } }),
  });
  const store = createAppStore(bridge, { now: () => clock });
  store.setState({ settings: sampleSettings(), users: DEMO_USERS });
  return { bridge, store };
}

function renderDialog(store: AppStore) {
  return render(
    <AppStoreContext value={store}>
      <button type="button">Outside</button>
      <ConfirmPaymentDialog />
    </AppStoreContext>,
  );
}

afterEach(cleanup);

describe('confirmation dialog', () => {
  it('offers no Confirm while the household server is unreachable, and does once it is back', async () => {
    const { bridge, store } = setup();
    store.setState({ household: { url: 'https://household.example' }, connection: 'reconnecting' });
    renderDialog(store);
    act(() => store.getState().openConfirmation({ payment, proposal, decision }));
    const dialog = screen.getByRole('dialog', { name: /Confirm payment/ });
    const confirm = within(dialog).getByRole('button', { name: 'Confirm' }) as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    fireEvent.click(confirm);
    expect(bridge.inputsOf('payments:confirm')).toEqual([]);
    act(() => store.getState().setConnection('live'));
    expect(confirm.disabled).toBe(false);
  });

  it("reads back the core's proposal: sentence, amount, recipient, runs and rules", async () => {
    const { store } = setup();
    renderDialog(store);
    act(() => store.getState().openConfirmation({ payment, proposal, decision }));

    const dialog = screen.getByRole('dialog', { name: /Confirm payment/ });
    expect(dialog).toHaveProperty('ariaModal', 'true');
    expect(within(dialog).getByText(proposal.readBack.sentence)).toBeTruthy();
    expect(dialog.textContent).toContain('120.00');
    expect(within(dialog).getByText('User Two')).toBeTruthy();
    expect(await within(dialog).findByText('Verified')).toBeTruthy();
    expect(within(dialog).getByText('Every week on Friday at 9:00 AM')).toBeTruthy();

    const runs = within(dialog).getAllByRole('row').slice(1);
    expect(runs).toHaveLength(3);
    expect(runs[0]?.textContent).toContain('Fri, Nov 27, 2026, 9:00 AM EST');
    expect(runs[0]?.textContent).toContain('4,880.00 USDC');
    expect(runs[2]?.textContent).toContain('-40.00 USDC');

    const checks = within(dialog).getByRole('list');
    expect(checks.textContent).toContain('Warning');
    expect(checks.textContent).toContain('This is your first payment to User Two.');
    expect(checks.textContent).toContain('OK');
    expect(within(dialog).getByRole('timer').textContent).toBe('Expires in 10:00');
  });

  it("leads with the schedule's dangers, titled from their codes", () => {
    const scheduleRules: Decision['rules'] = [
      ...rules,
      {
        name: 'schedule_exhausts_balance',
        kind: 'funds',
        level: 'danger',
        explanation:
          'By its run 3 on Sun, Nov 29, 2026, 9:00 AM EST the balance would be -1,000.00 USDC: this schedule uses it up (your other scheduled payments counted).',
        figures: { currency: 'USDC', at: '2026-11-29T14:00:00.000Z', run: 3, amount: '-1000' },
      },
      {
        name: 'schedule_monthly_limit',
        kind: 'limit',
        level: 'danger',
        explanation:
          'In November 2026 your payments would total 56,000.00 USDC, over the monthly limit of 50,000.00 USDC; runs past the limit will be refused.',
        figures: { currency: 'USDC', period: '2026-11', amount: '56000', limit: '50000' },
      },
    ];
    const { store } = setup();
    renderDialog(store);
    act(() =>
      store.getState().openConfirmation({
        payment,
        proposal: { ...proposal, readBack: { ...proposal.readBack, rules: scheduleRules } },
        decision: { ...decision, rules: scheduleRules },
      }),
    );
    const checks = within(screen.getByRole('dialog')).getByRole('list');
    const items = within(checks).getAllByRole('listitem');
    expect(items.map((item) => item.querySelector('.rule-name')?.textContent)).toEqual([
      'Schedule exhausts balance',
      'Schedule monthly limit',
      'First payment to recipient',
      'Whitelisted recipient',
    ]);
    expect(items[0]?.textContent).toContain('Risk');
    expect(items[0]?.textContent).toContain('the balance would be -1,000.00 USDC');
    expect(items[1]?.textContent).toContain('over the monthly limit of 50,000.00 USDC');
  });

  it("shows the local model's explanation apart, labelled as the model's", () => {
    const { store } = setup();
    renderDialog(store);
    const narrated: Proposal = {
      ...proposal,
      readBack: {
        ...proposal.readBack,
        narrative: {
          text: 'This is your first payment to User Two, so ArcFlux asks first.',
          model: 'Qwen3-0.6B-ONNX',
        },
      },
    };
    act(() => store.getState().openConfirmation({ payment, proposal: narrated, decision }));
    const dialog = screen.getByRole('dialog', { name: /Confirm payment/ });
    const words = within(dialog).getByRole('figure');
    expect(words.textContent).toContain(
      'This is your first payment to User Two, so ArcFlux asks first.',
    );
    // Its own section, not one of the Guardian's checks.
    const summary = within(dialog).getByRole('region', {
      name: "Local model's summary (not a check)",
    });
    expect(summary.contains(words)).toBe(true);
    const checks = within(dialog).getByRole('region', { name: 'Guardian checks' });
    expect(checks.contains(words)).toBe(false);
    expect(words.textContent).toContain('Worded by the local model (Qwen3-0.6B-ONNX)');
    expect(words.textContent).toContain('It changes nothing.');
  });

  it('shows no model words when the read-back has none', () => {
    const { store } = setup();
    renderDialog(store);
    act(() => store.getState().openConfirmation({ payment, proposal, decision }));
    expect(within(screen.getByRole('dialog')).queryByRole('figure')).toBeNull();
  });

  it('traps focus inside and cancels on Esc, leaving nothing scheduled', async () => {
    const user = userEvent.setup();
    const { bridge, store } = setup();
    renderDialog(store);
    act(() => store.getState().openConfirmation({ payment, proposal, decision }));
    const dialog = screen.getByRole('dialog', { name: /Confirm payment/ });
    expect(document.activeElement).toBe(dialog);
    expect(screen.getByText('Outside').closest('[inert]')).not.toBeNull();

    await user.tab();
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Cancel' }));
    await user.tab();
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Confirm' }));
    await user.tab();
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Cancel' }));
    await user.tab({ shift: true });
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Confirm' }));

    await user.keyboard('{Escape}');
    await waitUntil(() => store.getState().confirmation === null);
    expect(bridge.inputsOf('payments:cancel')).toEqual([{ id: payment.id }]);
    expect(bridge.inputsOf('payments:confirm')).toEqual([]);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByText('Outside').closest('[inert]')).toBeNull();
    expect(store.getState().toasts.at(-1)?.title).toBe('Payment cancelled');
  });

  it('confirms the exact proposal it shows', async () => {
    const user = userEvent.setup();
    const { bridge, store } = setup();
    renderDialog(store);
    act(() => store.getState().openConfirmation({ payment, proposal, decision }));
    await user.click(screen.getByRole('button', { name: 'Confirm' }));
    await waitUntil(() => store.getState().confirmation === null);
    expect(bridge.inputsOf('payments:confirm')).toEqual([
      { id: payment.id, proposalId: proposal.id },
    ]);
    expect(store.getState().toasts.at(-1)?.title).toBe('Payment confirmed');
  });

  it("shows the core's refusal and stays open", async () => {
    const user = userEvent.setup();
    const { bridge, store } = setup();
    bridge.replies['payments:confirm'] = () => ({
      ok: false,
      error: { code: 'insufficient_funds', message: 'The balance no longer covers it.' },
    });
    renderDialog(store);
    act(() => store.getState().openConfirmation({ payment, proposal, decision }));
    await user.click(screen.getByRole('button', { name: 'Confirm' }));
    expect((await screen.findByRole('alert')).textContent).toBe('The balance no longer covers it.');
    expect(screen.getByRole('dialog', { name: /Confirm payment/ })).toBeTruthy();
  });

  it('counts down to the expiry, then offers only Close', async () => {
    const { store } = setup();
    renderDialog(store);
    act(() => store.getState().openConfirmation({ payment, proposal, decision }));
    clock += 9 * 60_000 + 1_000;
    await act(() => new Promise((resolve) => setTimeout(resolve, 1_100)));
    expect(screen.getByRole('timer').textContent).toBe('Expires in 0:59');

    clock += 60_000;
    await act(() => new Promise((resolve) => setTimeout(resolve, 1_100)));
    expect(screen.getByRole('timer').textContent).toBe('Expired');
    expect(screen.queryByRole('button', { name: 'Confirm' })).toBeNull();
    expect(screen.getByRole('alert').textContent).toContain('expired');
    await userEvent.setup().click(screen.getByRole('button', { name: 'Close' }));
    expect(store.getState().confirmation).toBeNull();
  });
});
