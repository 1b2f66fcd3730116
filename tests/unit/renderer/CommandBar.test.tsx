import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { CommandBar } from '../../../renderer/src/components/command/CommandBar';
import { ConfirmPaymentDialog } from '../../../renderer/src/components/dialogs/ConfirmPaymentDialog';
import { AppStoreContext, createAppStore } from '../../../renderer/src/store/appStore';
import type { CommandResult } from '../../../shared/contract/commands';
import type { Intent } from '../../../shared/schemas/intent';
import { samplePayment, sampleProposal, sampleSettings } from '../../support/samples';
import { DEMO_USERS, FakeBridge, ok } from './fakeBridge';

const payUserTwo: Intent = {
  kind: 'payment',
  amount: '120',
  currency: 'USDC',
  recipient: { text: 'User Two', userId: 'user2' },
  schedule: {
    kind: 'recurring',
    rrule: 'FREQ=WEEKLY;BYDAY=FR',
    firstRun: '2026-11-27T14:00:00.000Z',
    timezone: 'America/New_York',
  },
  problems: [],
};

const PARSED: Record<string, Intent> = {
  'Pay User Two 120 USDC every Friday': payUserTwo,
  'Pay Zorro 5 USDC': {
    kind: 'payment',
    amount: '5',
    currency: 'USDC',
    recipient: { text: 'Zorro', userId: null },
    schedule: { kind: 'once', runAt: null },
    problems: ['unknown_recipient'],
  },
  'Pay alex 20': {
    kind: 'payment',
    amount: '20',
    currency: 'USDC',
    recipient: { text: 'alex', userId: null, candidates: ['user6', 'user7'] },
    schedule: { kind: 'once', runAt: null },
    problems: ['ambiguous_recipient'],
  },
  'Pay User Two': {
    kind: 'payment',
    amount: null,
    currency: null,
    recipient: { text: 'User Two', userId: 'user2' },
    schedule: { kind: 'once', runAt: null },
    problems: ['missing_amount'],
  },
};

function setup(run: (text: string) => CommandResult = defaultRun) {
  const bridge = new FakeBridge({
    'intents:parse': ({ text }: { text: string }) =>
      ok({
        text,
        engine: 'rules',
        intent: PARSED[text] ?? { kind: 'unknown', reason: 'Not understood.' },
      }),
    'commands:run': ({ text }: { text: string }) => ok(run(text)),
    'payments:get': () => ({ ok: false, error: { code: 'not_found', message: 'gone' } }),
  });
  const store = createAppStore(bridge);
  store.setState({
    settings: sampleSettings(),
    users: DEMO_USERS,
    userNames: Object.fromEntries(DEMO_USERS.map((user) => [user.id, user.displayName])),
  });
  render(
    <AppStoreContext value={store}>
      <CommandBar />
      <ConfirmPaymentDialog />
    </AppStoreContext>,
  );
  return { bridge, store, user: userEvent.setup() };
}

function defaultRun(text: string): CommandResult {
  return {
    intent: PARSED[text] ?? { kind: 'unknown', reason: 'Not understood.' },
    decision: { outcome: 'approved', score: 0, rules: [], reply: `Scheduled: ${text}.` },
    status: 'done',
    payment: null,
    proposal: null,
    facts: null,
  };
}

afterEach(cleanup);

describe('command bar', () => {
  it('previews the parsed intent as a card while typing, debounced', async () => {
    const { bridge, user } = setup();
    await user.type(
      screen.getByRole('textbox', { name: 'Command' }),
      'Pay User Two 120 USDC every Friday',
    );
    const card = await screen.findByRole('group', { name: 'What ArcFlux understood' });
    await waitFor(() => expect(card.textContent).toContain('120.00 USDC'));
    expect(card.textContent).toContain('User Two');
    expect(card.textContent).toContain('Every week on Friday at 9:00 AM');
    // One parse for the whole phrase, not one per keystroke.
    expect(bridge.inputsOf('intents:parse').length).toBeLessThanOrEqual(2);
    expect(bridge.inputsOf('intents:parse').at(-1)).toMatchObject({
      text: 'Pay User Two 120 USDC every Friday',
      userId: 'user1',
    });
  });

  it('asks a follow-up question for an unknown recipient and a missing amount', async () => {
    const { user } = setup();
    const box = screen.getByRole('textbox', { name: 'Command' });
    await user.type(box, 'Pay Zorro 5 USDC');
    const question = await screen.findByText(
      "I don't know anyone called “Zorro”. Who do you mean?",
    );
    expect(question.closest('[role="status"]')).not.toBeNull();

    await user.clear(box);
    await user.type(box, 'Pay User Two');
    await screen.findByText('How much should I send to User Two?');
  });

  it('offers the matching contacts when a name is ambiguous', async () => {
    const { store, user } = setup();
    await user.type(screen.getByRole('textbox', { name: 'Command' }), 'Pay alex 20');
    const choices = await screen.findByRole('list', { name: 'Matching contacts' });
    expect(
      within(choices)
        .getAllByRole('button')
        .map((button) => button.textContent),
    ).toEqual(['Alex Kim', 'Alex Rivera']);
    await user.click(within(choices).getByRole('button', { name: 'Alex Rivera' }));
    expect(store.getState().commandDraft).toBe('Pay Alex Rivera 20');
  });

  it('sends on Enter, shows the answer, and recalls earlier commands with the arrows', async () => {
    const { bridge, user } = setup();
    const box = screen.getByRole('textbox', { name: 'Command' });
    await user.type(box, 'Pay User Two 120 USDC every Friday{Enter}');
    await screen.findByText('Scheduled: Pay User Two 120 USDC every Friday.');
    expect(bridge.inputsOf('commands:run')).toEqual([
      { text: 'Pay User Two 120 USDC every Friday', userId: 'user1' },
    ]);
    expect((box as HTMLInputElement).value).toBe('');

    await user.type(box, 'Pay User Two{Enter}');
    await user.type(box, 'draft');
    await user.keyboard('{ArrowUp}');
    expect((box as HTMLInputElement).value).toBe('Pay User Two');
    await user.keyboard('{ArrowUp}');
    expect((box as HTMLInputElement).value).toBe('Pay User Two 120 USDC every Friday');
    await user.keyboard('{ArrowDown}{ArrowDown}');
    expect((box as HTMLInputElement).value).toBe('draft');
  });

  it('opens the confirmation dialog when the Guardian asks for one', async () => {
    const payment = samplePayment('pay_1', { status: 'pending_confirmation', amount: '120' });
    const { user } = setup((text) => ({
      ...defaultRun(text),
      decision: { outcome: 'needs_confirmation', score: 0.3, rules: [], reply: 'Please confirm.' },
      payment,
      proposal: sampleProposal(payment, { fingerprint: 'b'.repeat(64) }),
    }));
    await user.type(
      screen.getByRole('textbox', { name: 'Command' }),
      'Pay User Two 120 USDC every Friday{Enter}',
    );
    const dialog = await screen.findByRole('dialog', { name: /Confirm payment/ });
    expect(within(dialog).getByText('Pay User Two 120.00 USDC.')).toBeTruthy();
  });

  it('says why a command could not be sent', async () => {
    const { bridge, user } = setup();
    bridge.replies['commands:run'] = () => ({
      ok: false,
      error: { code: 'unavailable', message: 'ArcFlux could not reach its server.' },
    });
    await user.type(screen.getByRole('textbox', { name: 'Command' }), 'Pay User Two{Enter}');
    expect((await screen.findByRole('alert')).textContent).toBe(
      'ArcFlux could not reach its server.',
    );
    expect((screen.getByRole('textbox', { name: 'Command' }) as HTMLInputElement).value).toBe(
      'Pay User Two',
    );
  });
});
