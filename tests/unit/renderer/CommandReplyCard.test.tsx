import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { CommandReplyCard } from '../../../renderer/src/components/command/CommandReplyCard';
import { AppStoreContext, createAppStore } from '../../../renderer/src/store/appStore';
import type { CommandResult } from '../../../shared/contract/commands';
import { sampleSettings } from '../../support/samples';
import { DEMO_USERS, FakeBridge } from './fakeBridge';

const balanceAnswer: CommandResult = {
  intent: { kind: 'query', topic: 'balance' },
  decision: {
    outcome: 'approved',
    score: 0,
    rules: [],
    reply: 'You have 5,000.00 USDC and 1,000.00 EURC.',
  },
  status: 'answer',
  payment: null,
  proposal: null,
  facts: {
    topic: 'balance',
    userId: 'user1',
    balances: [
      { currency: 'USDC', amount: '5000', updatedAt: '2026-11-27T08:00:00.000Z' },
      { currency: 'EURC', amount: '1000', updatedAt: '2026-11-27T08:00:00.000Z' },
    ],
  },
};

function renderCard(result: CommandResult, text = 'what is my balance?') {
  const store = createAppStore(new FakeBridge({}));
  store.setState({ settings: sampleSettings(), users: DEMO_USERS });
  render(
    <AppStoreContext value={store}>
      <CommandReplyCard />
    </AppStoreContext>,
  );
  act(() => store.setState({ commandReply: { text, result } }));
  return store;
}

afterEach(cleanup);

describe("the answer card and the local model's wording", () => {
  it("shows ArcFlux's own reply first and the model's wording below it, labelled", () => {
    renderCard({
      ...balanceAnswer,
      narrative: {
        text: 'You have 5,000.00 USDC and 1,000.00 EURC in your wallet.',
        model: 'Qwen3-0.6B-ONNX',
      },
    });
    const answer = screen.getByRole('article', { name: "ArcFlux's answer" });
    const words = screen.getByRole('figure');
    expect(words.textContent).toContain('You have 5,000.00 USDC and 1,000.00 EURC in your wallet.');
    expect(words.textContent).toContain('Worded by the local model (Qwen3-0.6B-ONNX)');
    // The facts list is ArcFlux's own, whatever the wording.
    expect(answer.textContent).toContain('5,000.00 USDC');
    // ArcFlux's own sentence stays; the model's wording comes after it, never instead.
    const own = screen.getByText('You have 5,000.00 USDC and 1,000.00 EURC.');
    expect(answer.contains(own)).toBe(true);
    expect(own.compareDocumentPosition(words) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it("shows ArcFlux's own answer when there is no model wording", () => {
    renderCard(balanceAnswer);
    expect(screen.queryByRole('figure')).toBeNull();
    expect(screen.getByText('You have 5,000.00 USDC and 1,000.00 EURC.')).toBeTruthy();
  });
});

describe('a question about words ArcFlux did not understand', () => {
  it('offers the suggestion as one click that puts the corrected command in the box', async () => {
    const result: CommandResult = {
      intent: {
        kind: 'payment',
        amount: '20',
        currency: 'USDC',
        recipient: { text: 'bob', userId: 'user4' },
        schedule: { kind: 'once', runAt: null },
        problems: ['unrecognized_words'],
        unrecognized: ['tommorow'],
        suggestions: [{ word: 'tommorow', replacement: 'tomorrow' }],
      },
      decision: {
        outcome: 'clarify',
        score: 0,
        rules: [],
        reply:
          "I didn't understand “tommorow”, so nothing was scheduled yet. Did you mean “tomorrow”?",
      },
      status: 'needs_you',
      payment: null,
      proposal: null,
      facts: null,
    };
    const store = renderCard(result, 'pay bob 20 tommorow');
    expect(screen.getByText('Needs you')).toBeTruthy();
    const use = screen.getByRole('button', { name: 'Use “tomorrow” for “tommorow”' });
    await act(async () => use.click());
    expect(store.getState().commandDraft).toBe('pay bob 20 tomorrow');
  });
});

describe('accepting a suggestion with one word', () => {
  it('sends the corrected command when the answer to "did you mean" is "yes"', async () => {
    const sent: string[] = [];
    const bridge = new FakeBridge({});
    const store = createAppStore(bridge);
    const call = bridge.call.bind(bridge);
    bridge.call = (async (name: string, input: unknown) => {
      if (name === 'commands:run') sent.push((input as { text: string }).text);
      return call(name as never, input as never);
    }) as typeof bridge.call;
    store.setState({
      settings: sampleSettings(),
      users: DEMO_USERS,
      commandReply: {
        text: 'pay bob 20 tommorow',
        result: {
          intent: {
            kind: 'payment',
            amount: '20',
            currency: 'USDC',
            recipient: { text: 'bob', userId: 'user4' },
            schedule: { kind: 'once', runAt: null },
            problems: ['unrecognized_words'],
            unrecognized: ['tommorow'],
            suggestions: [{ word: 'tommorow', replacement: 'tomorrow' }],
          },
          decision: { outcome: 'clarify', score: 0, rules: [], reply: 'Did you mean “tomorrow”?' },
          status: 'needs_you',
          payment: null,
          proposal: null,
          facts: null,
        },
      },
    });
    await store.getState().sendCommand('Yes');
    expect(sent).toEqual(['pay bob 20 tomorrow']);
    // Without a suggestion on screen, "yes" is sent as it is (it answers a proposal).
    store.setState({ commandReply: null });
    await store.getState().sendCommand('yes');
    expect(sent).toEqual(['pay bob 20 tomorrow', 'yes']);
  });
});
