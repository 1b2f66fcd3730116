import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfirmPaymentDialog } from '../../../renderer/src/components/dialogs/ConfirmPaymentDialog';
import { AppStoreContext, createAppStore } from '../../../renderer/src/store/appStore';
import { connectStoreToCore } from '../../../renderer/src/store/coreEvents';
import type { Decision } from '../../../shared/contract/commands';
import type { Payment } from '../../../shared/schemas/payment';
import type { Proposal } from '../../../shared/schemas/proposal';
import { sampleAssessment, samplePayment } from '../../support/samples';
import { DEMO_USERS, FakeBridge, ok, standardReplies, waitUntil } from './fakeBridge';

afterEach(cleanup);

const payment: Payment = samplePayment('pay_cli', {
  amount: '25',
  status: 'pending_confirmation',
  sourceText: 'Pay User Two 25 USDC',
});

function proposalFor(target: Payment, status: Proposal['status'] = 'pending'): Proposal {
  return {
    id: `prop_${target.id}`,
    paymentId: target.id,
    userId: target.userId,
    riskAssessmentId: `risk_${target.id}`,
    createdAt: '2026-11-27T08:00:00.000Z',
    expiresAt: '2026-11-27T08:10:00.000Z',
    status,
    decidedAt: status === 'pending' ? null : '2026-11-27T08:01:00.000Z',
    fingerprint: 'b'.repeat(64),
    readBack: {
      sentence: `Pay User Two ${target.amount}.00 USDC once, now.`,
      nextRuns: [{ at: '2026-11-27T08:00:00.000Z', balanceAfter: '4975' }],
      rules: [],
    },
  };
}

const decision: Decision = { outcome: 'needs_confirmation', score: 0.2, rules: [], reply: '…' };

/** The app wired to a fake core, as main.tsx wires it, with only the dialog rendered. */
async function setup(
  proposals: Record<string, Proposal>,
  replies: ConstructorParameters<typeof FakeBridge>[0] = {},
) {
  const bridge = new FakeBridge({
    ...standardReplies(),
    ...replies,
    'proposals:get': ({ paymentId }: { paymentId: string }) => {
      const proposal = proposals[paymentId];
      if (!proposal) return { ok: false, error: { code: 'not_found', message: 'No proposal.' } };
      return ok({ payment: { ...payment, id: paymentId }, proposal, decision });
    },
    'payments:get': ({ id }: { id: string }) =>
      ok({ payment, executions: [], riskAssessment: sampleAssessment(id) }),
    'payments:confirm': () =>
      ok({ payment: { ...payment, status: 'scheduled' }, proposal: proposals[payment.id] }),
  });
  const store = createAppStore(bridge);
  connectStoreToCore(store, bridge);
  await waitUntil(() => store.getState().settings !== null);
  render(
    <AppStoreContext value={store}>
      <ConfirmPaymentDialog />
    </AppStoreContext>,
  );
  return { bridge, store, user: userEvent.setup() };
}

describe('a confirmation asked for at another door', () => {
  it('opens the Confirm payment dialog from the core event, and confirms that proposal', async () => {
    const { bridge, user } = await setup({ [payment.id]: proposalFor(payment) });
    expect(screen.queryByRole('dialog')).toBeNull();

    act(() => bridge.emit('payment:changed', { payment }));
    const dialog = await screen.findByRole('dialog', { name: /Confirm payment/ });
    expect(within(dialog).getByText('Pay User Two 25.00 USDC once, now.')).toBeTruthy();
    expect(bridge.inputsOf('proposals:get')).toEqual([{ paymentId: payment.id }]);

    // The same event again (another door re-sends it) neither re-fetches nor re-opens.
    act(() => bridge.emit('payment:changed', { payment }));
    expect(bridge.inputsOf('proposals:get')).toHaveLength(1);

    await user.click(within(dialog).getByRole('button', { name: 'Confirm' }));
    await waitUntil(() => screen.queryByRole('dialog') === null);
    expect(bridge.inputsOf('payments:confirm')).toEqual([
      { id: payment.id, proposalId: `prop_${payment.id}` },
    ]);
  });

  it("ignores other users' payments, settled proposals and other statuses", async () => {
    const settled = samplePayment('pay_done', { status: 'pending_confirmation' });
    const { bridge } = await setup({ [settled.id]: proposalFor(settled, 'confirmed') });
    act(() => {
      bridge.emit('payment:changed', { payment: { ...payment, userId: 'user3' } });
      bridge.emit('payment:changed', { payment: { ...payment, status: 'scheduled' } });
      bridge.emit('payment:changed', { payment: settled });
    });
    await waitUntil(() => bridge.inputsOf('proposals:get').length === 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(bridge.inputsOf('proposals:get')).toEqual([{ paymentId: settled.id }]);
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('leaves an open dialog alone when another payment starts waiting', async () => {
    const other = samplePayment('pay_other', {
      amount: '40',
      status: 'pending_confirmation',
    });
    const { bridge, store } = await setup({
      [payment.id]: proposalFor(payment),
      [other.id]: proposalFor(other),
    });
    act(() =>
      store.getState().openConfirmation({ payment, proposal: proposalFor(payment), decision }),
    );
    act(() => bridge.emit('payment:changed', { payment: other }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(bridge.inputsOf('proposals:get')).toEqual([]);
    expect(store.getState().confirmation?.payment.id).toBe(payment.id);
    expect(screen.getByRole('dialog').textContent).toContain('Pay User Two 25.00 USDC once, now.');
  });

  it("opens a household member's payment that waits for an owner, at the owner's desktop only", async () => {
    const household = DEMO_USERS.map((user) =>
      user.id === 'user2' ? { ...user, household: 'member' as const } : user,
    );
    const asked = { ...payment, id: 'pay_member', userId: 'user2' };
    const ordinary = { ...payment, id: 'pay_member_small', userId: 'user2' };
    const { bridge } = await setup(
      {
        [asked.id]: {
          ...proposalFor(asked),
          secondApproval: true,
          askedBy: { userId: 'user2', name: 'User Two' },
          decidedBy: null,
        },
        [ordinary.id]: { ...proposalFor(ordinary), secondApproval: false },
      },
      { 'users:list': () => ok(household) },
    );
    await waitUntil(() => bridge.inputsOf('users:list').length > 0);
    // A member's ordinary proposal is theirs to answer: fetched, never opened here.
    act(() => bridge.emit('payment:changed', { payment: ordinary }));
    await waitUntil(() => bridge.inputsOf('proposals:get').length === 1);
    expect(screen.queryByRole('dialog')).toBeNull();

    act(() => bridge.emit('payment:changed', { payment: asked }));
    const dialog = await screen.findByRole('dialog', { name: /Confirm payment/ });
    expect(within(dialog).getByTestId('proposal-asked-by').textContent).toContain('User Two');
  });
});
