import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { CommandBar } from '../../../renderer/src/components/command/CommandBar';
import { AppStoreContext, createAppStore } from '../../../renderer/src/store/appStore';
import type { CommandPreview } from '../../../shared/contract/commands';
import type { PaymentIntent } from '../../../shared/schemas/intent';
import { sampleSettings } from '../../support/samples';
import { DEMO_USERS, FakeBridge, ok } from './fakeBridge';

const payNow: PaymentIntent = {
  kind: 'payment',
  amount: '5',
  currency: 'USDC',
  recipient: { text: 'User Two', userId: 'user2' },
  schedule: { kind: 'once', runAt: null },
  problems: [],
};

type Verdict = NonNullable<CommandPreview['verdict']>;

/** The command bar with a bridge whose dry run answers `verdict` (or fails). */
function setup(verdict: Verdict | 'fails', intent: PaymentIntent = payNow) {
  const bridge = new FakeBridge({
    'intents:parse': ({ text }: { text: string }) => ok({ text, engine: 'rules', intent }),
    'commands:preview': () =>
      verdict === 'fails'
        ? { ok: false, error: { code: 'internal', message: 'dry run failed' } }
        : ok({ intent, verdict }),
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
    </AppStoreContext>,
  );
  return { bridge, user: userEvent.setup() };
}

async function previewOf(text: string, user: ReturnType<typeof userEvent.setup>) {
  await user.type(screen.getByRole('textbox', { name: 'Command' }), text);
  return screen.findByRole('group', { name: 'What ArcFlux understood' });
}

afterEach(cleanup);

describe('what Send will do, from the Guardian’s dry run', () => {
  it('says a payment will be sent right away when the Guardian approves it, and why', async () => {
    const { bridge, user } = setup({
      outcome: 'approved',
      score: 0,
      rules: [
        {
          name: 'whitelisted_recipient',
          kind: 'recipient',
          level: 'safe',
          explanation: 'User Two is trusted.',
        },
      ],
      caveats: ['balance_may_change'],
      undoSeconds: null,
    });
    const card = await previewOf('Pay User Two 5', user);
    const verdict = await screen.findByRole('status', { name: 'What Send will do' });
    expect(verdict.textContent).toContain('Sent right away');
    expect(verdict.textContent).toContain('User Two is trusted.');
    expect(verdict.textContent).toContain('it may change before the payment runs');
    // The promise that used to be shown for every payment is gone.
    expect(card.textContent).not.toContain('Nothing is paid until you confirm');
    expect(bridge.inputsOf('commands:preview').at(-1)).toMatchObject({ text: 'Pay User Two 5' });
  });

  it('says how long the undo window lasts when Send opens one', async () => {
    const { user } = setup({
      outcome: 'approved',
      score: 0,
      rules: [],
      caveats: ['balance_may_change'],
      undoSeconds: 10,
    });
    await previewOf('Pay User Two 5', user);
    const verdict = await screen.findByRole('status', { name: 'What Send will do' });
    expect(verdict.textContent).toContain('Sent 10 seconds after you press Enter');
    expect(verdict.textContent).toContain('you can undo it until then');
    expect(verdict.textContent).not.toContain('Sent right away');
  });

  it('says the user will be asked to confirm, with the warnings that ask', async () => {
    const { user } = setup({
      outcome: 'needs_confirmation',
      score: 0.15,
      rules: [
        {
          name: 'whitelisted_recipient',
          kind: 'recipient',
          level: 'safe',
          explanation: 'User Two is trusted.',
        },
        {
          name: 'first_payment_to_recipient',
          kind: 'recipient',
          level: 'warning',
          explanation: 'This is your first payment to User Two.',
        },
      ],
      caveats: [],
      undoSeconds: null,
    });
    await previewOf('Pay User Two 5', user);
    const verdict = await screen.findByRole('status', { name: 'What Send will do' });
    expect(verdict.textContent).toContain("You'll be asked to confirm");
    expect(verdict.textContent).toContain('This is your first payment to User Two.');
    expect(verdict.textContent).not.toContain('User Two is trusted.');
  });

  it('says a refused payment is refused, naming the forbidden rule', async () => {
    const { user } = setup({
      outcome: 'denied',
      score: 1,
      rules: [
        {
          name: 'per_payment_limit',
          kind: 'limit',
          level: 'forbidden',
          explanation: '9000 USDC is above your per-payment limit of 5000 USDC.',
        },
      ],
      caveats: [],
      undoSeconds: null,
    });
    await previewOf('Pay User Two 5', user);
    const verdict = await screen.findByRole('status', { name: 'What Send will do' });
    expect(verdict.textContent).toContain('Refused');
    expect(verdict.textContent).toContain('above your per-payment limit');
    expect(verdict.textContent).not.toContain('Sent right away');
  });

  it('says a later payment is scheduled, and checked again when it runs', async () => {
    const later: PaymentIntent = {
      ...payNow,
      schedule: { kind: 'once', runAt: '2031-01-02T14:00:00.000Z' },
    };
    const { user } = setup(
      {
        outcome: 'approved',
        score: 0,
        rules: [],
        caveats: ['checked_again_when_run'],
        undoSeconds: null,
      },
      later,
    );
    await previewOf('Pay User Two 5', user);
    const verdict = await screen.findByRole('status', { name: 'What Send will do' });
    expect(verdict.textContent).toContain('Scheduled when you press Enter');
    expect(verdict.textContent).not.toContain('Sent right away');
    expect(verdict.textContent).toContain('Each run is checked again');
  });

  it('promises nothing when the dry run fails', async () => {
    const { user } = setup('fails');
    const card = await previewOf('Pay User Two 5', user);
    await waitFor(() =>
      expect(card.textContent).toContain('Press Enter to have the Guardian check it.'),
    );
    await waitFor(() => expect(card.textContent).not.toContain('Checking what it would do'));
    expect(card.textContent).not.toMatch(/Sent right away|asked to confirm|Nothing is paid/);
  });
});
