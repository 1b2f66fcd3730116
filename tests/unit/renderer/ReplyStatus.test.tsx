import { act, cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { CommandReplyCard } from '../../../renderer/src/components/command/CommandReplyCard';
import { AppStoreContext, createAppStore } from '../../../renderer/src/store/appStore';
import { connectStoreToCore } from '../../../renderer/src/store/coreEvents';
import type { CommandResult, ReplyStatus } from '../../../shared/contract/commands';
import type { Proposal } from '../../../shared/schemas/proposal';
import { samplePayment, sampleProposal, sampleSettings } from '../../support/samples';
import { DEMO_USERS, FakeBridge, ok, standardReplies, waitUntil } from './fakeBridge';

afterEach(cleanup);

const payment = samplePayment('pay_asked', { status: 'pending_confirmation', amount: '500' });
const pending = sampleProposal(payment, {
  readBack: { sentence: 'Pay User Two 500.00 USDC once, now.', nextRuns: [], rules: [] },
});

function answer(status: ReplyStatus, overrides: Partial<CommandResult> = {}): CommandResult {
  return {
    intent: { kind: 'query', topic: 'balance' },
    // Every outcome is "approved" here: the badge must follow `status`, never the outcome.
    decision: { outcome: 'approved', score: 0, rules: [], reply: `A ${status} reply.` },
    status,
    payment: null,
    proposal: null,
    facts: null,
    ...overrides,
  };
}

function renderCard(result: CommandResult, bridge = new FakeBridge({})) {
  const store = createAppStore(bridge);
  store.setState({ settings: sampleSettings(), users: DEMO_USERS });
  render(
    <AppStoreContext value={store}>
      <CommandReplyCard />
    </AppStoreContext>,
  );
  act(() => store.setState({ commandReply: { text: 'the command', result } }));
  return store;
}

function badge(): HTMLElement {
  const card = screen.getByRole('article', { name: "ArcFlux's answer" });
  const found = card.querySelector('.badge');
  if (!(found instanceof HTMLElement)) throw new Error('no badge on the answer');
  return found;
}

describe('the answer badge follows the status the core gave the reply', () => {
  it.each([
    ['answer', 'Answer', 'badge--info'],
    ['done', 'Done', 'badge--success'],
    ['needs_you', 'Needs you', 'badge--warning'],
    ['refused', 'Refused', 'badge--danger'],
  ] as const)('%s shows "%s"', (status, label, tone) => {
    renderCard(answer(status));
    expect(badge().textContent).toBe(label);
    expect(badge().classList.contains(tone)).toBe(true);
    expect(screen.queryByText('Approved')).toBeNull();
  });

  it('a cancel that asks "which one?" needs the user, though its outcome was once "approved"', () => {
    renderCard(
      answer('needs_you', {
        intent: { kind: 'cancel', target: 'one' },
        decision: {
          outcome: 'clarify',
          score: 0,
          rules: [],
          reply: 'Which one should I cancel?',
        },
      }),
    );
    expect(badge().textContent).toBe('Needs you');
  });
});

describe('an answer that asked for a confirmation follows the proposal', () => {
  async function setup(now: Proposal) {
    const bridge = new FakeBridge({
      ...standardReplies(),
      'proposals:get': () =>
        ok({
          payment: { ...payment, status: 'cancelled' },
          proposal: now,
          decision: { outcome: 'needs_confirmation', score: 0.4, rules: [], reply: '…' },
        }),
    });
    const store = renderCard(
      answer('needs_you', {
        intent: {
          kind: 'payment',
          amount: '500',
          currency: 'USDC',
          recipient: { text: 'User Two', userId: 'user2' },
          schedule: { kind: 'once', runAt: null },
          problems: [],
        },
        decision: {
          outcome: 'needs_confirmation',
          score: 0.4,
          rules: [],
          reply: 'Please confirm: Pay User Two 500.00 USDC once, now.',
        },
        payment,
        proposal: pending,
      }),
      bridge,
    );
    connectStoreToCore(store, bridge);
    await waitUntil(() => store.getState().settings !== null);
    return { bridge, store };
  }

  it('says "Please confirm" while it waits, and "Expired" once the core expired it', async () => {
    const { bridge } = await setup({
      ...pending,
      status: 'expired',
      decidedAt: pending.expiresAt,
    });
    const card = screen.getByRole('article', { name: "ArcFlux's answer" });
    expect(badge().textContent).toBe('Needs you');
    expect(card.textContent).toContain('Please confirm');

    // A payment:changed that is still waiting changes nothing.
    act(() => bridge.emit('payment:changed', { payment }));
    await waitUntil(() => bridge.inputsOf('proposals:get').length === 1);
    expect(badge().textContent).toBe('Needs you');

    // The tick expired the proposal and cancelled the payment.
    act(() => bridge.emit('payment:changed', { payment: { ...payment, status: 'cancelled' } }));
    await waitUntil(() => badge().textContent === 'Expired');
    expect(card.textContent).not.toContain('Please confirm');
    expect(within(card).getByText(/This confirmation expired/).textContent).toContain(
      'nothing was scheduled or paid: Pay User Two 500.00 USDC once, now.',
    );
  });

  it('says "Cancelled" when the proposal was answered no at another door', async () => {
    const { bridge } = await setup({ ...pending, status: 'cancelled' });
    act(() => bridge.emit('payment:changed', { payment: { ...payment, status: 'cancelled' } }));
    await waitUntil(() => badge().textContent === 'Cancelled');
    expect(screen.getByRole('article').textContent).not.toContain('Please confirm');
  });

  it('ignores changes to other payments', async () => {
    const { bridge } = await setup({ ...pending, status: 'expired' });
    act(() =>
      bridge.emit('payment:changed', {
        payment: samplePayment('pay_other', { status: 'cancelled' }),
      }),
    );
    expect(bridge.inputsOf('proposals:get')).toEqual([]);
    expect(badge().textContent).toBe('Needs you');
  });
});
