import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CommandBar } from '../../../renderer/src/components/command/CommandBar';
import { ConfirmPaymentDialog } from '../../../renderer/src/components/dialogs/ConfirmPaymentDialog';
import { VoiceSettings } from '../../../renderer/src/components/settings/VoiceSettings';
import {
  AppStoreContext,
  createAppStore,
  type AppStore,
} from '../../../renderer/src/store/appStore';
import { loadEverything } from '../../../renderer/src/store/coreEvents';
import type { VoiceEngine } from '../../../renderer/src/store/types';
import { LATCH_MS, RECORDING_CAP_MS } from '../../../renderer/src/store/voiceSlice';
import {
  describeMicrophoneError,
  MICROPHONE_DISCONNECTED,
} from '../../../renderer/src/voice/microphoneErrors';
import type { Decision } from '../../../shared/contract/commands';
import type { ParsedIntent } from '../../../shared/contract/intents';
import type { Transcription } from '../../../shared/contract/voice';
import type { Result } from '../../../shared/errors';
import { samplePayment, sampleProposal } from '../../support/samples';
import {
  demoModels,
  FakeBridge,
  ok,
  speechReadyModels,
  standardReplies,
  waitUntil,
  type Reply,
} from './fakeBridge';
import { scriptedMicrophoneDouble, tone } from './voiceDoubles';

afterEach(cleanup);

const parsedPayment: ParsedIntent = {
  text: 'Pay User Two 120 USDC',
  engine: 'rules',
  intent: {
    kind: 'payment',
    amount: '120',
    currency: 'USDC',
    recipient: { text: 'User Two', userId: 'user2' },
    schedule: { kind: 'once', runAt: null },
    problems: [],
  },
};

/** What the core answers for a transcript (the double stands in for the speech model). */
function transcribed(text: string, parsed: ParsedIntent = { ...parsedPayment, text }) {
  return (): Result<Transcription> =>
    ok({
      text,
      rawText: text.toLowerCase(),
      engine: 'transformers',
      model: 'recording speech double',
      audioSeconds: 1,
      processingMs: 5,
      parsed,
    });
}

let clock = 0;
/** Whether the page counts as visible and focused (injected: jsdom has no real window focus). */
let attention = true;

async function setup(voice: VoiceEngine, replies: Partial<Record<string, Reply>> = {}) {
  clock = Date.parse('2026-11-27T08:00:00.000Z');
  attention = true;
  const bridge = new FakeBridge({
    ...standardReplies([]),
    'models:list': () => ok(speechReadyModels()),
    'intents:parse': (input: { text: string }) => ok({ ...parsedPayment, text: input.text }),
    ...replies,
  });
  const store = createAppStore(bridge, { voice, now: () => clock, attentive: () => attention });
  await loadEverything(store);
  render(
    <AppStoreContext value={store}>
      <CommandBar />
      <ConfirmPaymentDialog />
      <VoiceSettings seconds={0.05} />
    </AppStoreContext>,
  );
  const button = screen.getByRole('button', { name: 'Hold to talk' });
  return { store, bridge, button, user: userEvent.setup() };
}

describe('push-to-talk (scripted microphone double, core answers from a fake bridge)', () => {
  it('records while held, shows the level, and puts the transcript and its card in the box', async () => {
    const audio = tone(1.2);
    const microphone = scriptedMicrophoneDouble(audio);
    const { store, bridge, button, user } = await setup(microphone, {
      'voice:transcribe': transcribed('Pay User Two 120 USDC'),
    });
    button.focus();
    await user.keyboard('[Space>]');
    expect(store.getState().voiceState).toBe('listening');
    expect(button.getAttribute('aria-pressed')).toBe('true');
    act(() => microphone.listener?.onLevel(0.6));
    expect(
      screen.getByRole('meter', { name: 'Microphone level' }).getAttribute('aria-valuenow'),
    ).toBe('60');
    expect(document.getElementById('talk-status')?.textContent).toBe(
      'Listening… release to stop, Esc to cancel.',
    );
    clock += LATCH_MS + 500;
    await user.keyboard('[/Space]');
    await waitUntil(() => store.getState().voiceState === 'idle');
    expect(bridge.inputsOf('voice:transcribe')).toEqual([
      { audio, sampleRate: 16_000, userId: 'user1' },
    ]);
    const box = screen.getByRole<HTMLInputElement>('textbox', { name: 'Command' });
    expect(box.value).toBe('Pay User Two 120 USDC');
    const card = screen.getByRole('group', { name: 'What ArcFlux understood' });
    expect(card.textContent).toContain('User Two');
    expect(card.textContent).toContain('120');
    // Nothing was sent: the user checks the text and presses Send.
    expect(bridge.inputsOf('commands:run')).toEqual([]);
    expect(screen.queryByRole('meter')).toBeNull();
  });

  it('latches on a short tap and stops on the next press', async () => {
    const microphone = scriptedMicrophoneDouble();
    const { store, bridge, button, user } = await setup(microphone, {
      'voice:transcribe': transcribed('Pay User Two 120 USDC'),
    });
    await user.pointer({ keys: '[MouseLeft>]', target: button });
    clock += 120;
    await user.pointer({ keys: '[/MouseLeft]', target: button });
    expect(store.getState().voiceState).toBe('listening');
    expect(document.getElementById('talk-status')?.textContent).toBe(
      'Listening… press again to stop, Esc to cancel.',
    );
    clock += 2_000;
    await user.pointer({ keys: '[MouseLeft>]', target: button });
    await user.pointer({ keys: '[/MouseLeft]', target: button });
    await waitUntil(() => store.getState().voiceState === 'idle');
    expect(bridge.inputsOf('voice:transcribe')).toHaveLength(1);
    expect(microphone.starts).toBe(1);
  });

  it('keeps focus on the button while transcribing (aria-disabled, presses ignored), then gives it to the box', async () => {
    let answer: ((value: Result<Transcription>) => void) | null = null;
    const microphone = scriptedMicrophoneDouble();
    const { store, button, user } = await setup(microphone, {
      'voice:transcribe': () =>
        new Promise<Result<Transcription>>((resolve) => {
          answer = resolve;
        }),
    });
    await user.pointer({ keys: '[MouseLeft>]', target: button });
    clock += LATCH_MS + 500;
    await user.pointer({ keys: '[/MouseLeft]', target: button });
    await waitUntil(() => answer !== null);
    expect(store.getState().voiceState).toBe('transcribing');
    // A disabled button loses focus to <body> in Chromium; this one stays focusable.
    expect(button.hasAttribute('disabled')).toBe(false);
    expect(button.getAttribute('aria-disabled')).toBe('true');
    expect(document.activeElement).toBe(button);
    await user.pointer({ keys: '[MouseLeft>]', target: button });
    await user.pointer({ keys: '[/MouseLeft]', target: button });
    expect(microphone.starts).toBe(1);
    act(() => answer?.(transcribed('Pay User Two 120 USDC')()));
    await waitUntil(() => store.getState().voiceState === 'idle');
    expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'Command' }));
  });

  it('names the button "Stop recording" while a tapped recording runs', async () => {
    const { button, user } = await setup(scriptedMicrophoneDouble());
    await user.pointer({ keys: '[MouseLeft>]', target: button });
    clock += 100;
    await user.pointer({ keys: '[/MouseLeft]', target: button });
    expect(screen.getByRole('button', { name: 'Stop recording' })).toBe(button);
  });

  it('Esc cancels a recording from anywhere and nothing is transcribed', async () => {
    const microphone = scriptedMicrophoneDouble();
    const { store, bridge, button, user } = await setup(microphone);
    await user.pointer({ keys: '[MouseLeft>]', target: button });
    await user.pointer({ keys: '[/MouseLeft]', target: button });
    screen.getByRole('textbox', { name: 'Command' }).focus();
    await user.keyboard('{Escape}');
    expect(store.getState().voiceState).toBe('idle');
    expect(microphone.cancels).toBe(1);
    expect(document.getElementById('talk-status')?.textContent).toBe('Recording cancelled.');
    expect(bridge.inputsOf('voice:transcribe')).toEqual([]);
  });

  it('stops by itself at the 30 s cap, says so, and transcribes what it has', async () => {
    const microphone = scriptedMicrophoneDouble();
    const { store, bridge, button, user } = await setup(microphone, {
      'voice:transcribe': transcribed('Pay User Two 120 USDC'),
    });
    await user.pointer({ keys: '[MouseLeft>]', target: button });
    await user.pointer({ keys: '[/MouseLeft]', target: button });
    act(() => microphone.listener?.onLimit());
    await waitUntil(() => store.getState().voiceState === 'idle');
    expect(bridge.inputsOf('voice:transcribe')).toHaveLength(1);
    expect(document.getElementById('talk-status')?.textContent).toBe(
      'Stopped at the 30-second limit.',
    );
  });

  it.each([
    ['NotAllowedError', /permission was refused\. Allow it for this page/],
    ['NotFoundError', /^No microphone was found\. Plug one in/],
    ['NotReadableError', /another app may be using it/],
  ])('explains %s and how to fix it', async (name, message) => {
    const microphone = scriptedMicrophoneDouble(
      undefined,
      new Error(describeMicrophoneError(new DOMException('denied', name))),
    );
    const { store, button, user } = await setup(microphone);
    await user.pointer({ keys: '[MouseLeft>]', target: button });
    await waitUntil(() => store.getState().voiceState === 'error');
    expect(document.getElementById('talk-status')?.textContent).toMatch(message);
  });

  it('a model gone since the start: no path from the core, the fix from the engine state', async () => {
    let models = speechReadyModels();
    const { store, button, user } = await setup(scriptedMicrophoneDouble(), {
      'models:list': () => ok(models),
      'voice:transcribe': () => {
        // The files went away after the page listed the models.
        models = demoModels();
        return {
          ok: false,
          error: {
            code: 'unavailable',
            message:
              'Whisper tiny (English) is not installed: /home/someone/.cache/arcflux/models/encoder_model_quantized.onnx is missing. Download it in Settings > Models, or install it from a folder.',
          },
        };
      },
    });
    await user.pointer({ keys: '[MouseLeft>]', target: button });
    clock += 1_000;
    await user.pointer({ keys: '[/MouseLeft]', target: button });
    await waitUntil(
      () =>
        document.getElementById('talk-status')?.textContent?.includes('No speech model') ?? false,
    );
    const status = document.getElementById('talk-status') as HTMLElement;
    // The screen decides from the engine's state, in its own words: no folder reaches it.
    expect(status.textContent).not.toContain('/home/');
    expect(status.textContent).not.toContain('.cache');
    expect(store.getState().voiceState).toBe('error');
    await user.click(within(status).getByRole('button', { name: 'Open Settings > Models' }));
    expect(store.getState().view).toBe('settings');
  });

  it('offers no Settings for a lost connection, which is also "unavailable"', async () => {
    const { store, button, user } = await setup(scriptedMicrophoneDouble(), {
      'voice:transcribe': () => ({
        ok: false,
        error: {
          code: 'unavailable',
          message: 'ArcFlux lost its connection to the core. Restart it, then try again.',
        },
      }),
    });
    await user.pointer({ keys: '[MouseLeft>]', target: button });
    clock += 1_000;
    await user.pointer({ keys: '[/MouseLeft]', target: button });
    await waitUntil(() => store.getState().voiceState === 'error');
    const status = document.getElementById('talk-status') as HTMLElement;
    expect(status.textContent).toContain('lost its connection');
    // The speech engine is still ready, so Settings has nothing to fix.
    expect(within(status).queryByRole('button', { name: /Open Settings/ })).toBeNull();
  });
});

describe('the microphone never runs unseen (scripted microphone double)', () => {
  afterEach(() => vi.useRealTimers());

  it('leaving the page with the talk button (unmount) cancels the recording', async () => {
    const microphone = scriptedMicrophoneDouble();
    const { store, bridge, button, user } = await setup(microphone);
    await user.pointer({ keys: '[MouseLeft>]', target: button });
    expect(store.getState().voiceState).toBe('listening');
    cleanup();
    expect(microphone.cancels).toBe(1);
    expect(store.getState().voiceState).toBe('idle');
    expect(bridge.inputsOf('voice:transcribe')).toEqual([]);
  });

  it('a hold whose release never comes (window blur) stops instead of latching', async () => {
    const microphone = scriptedMicrophoneDouble();
    const { store, bridge, button, user } = await setup(microphone, {
      'voice:transcribe': transcribed('Pay User Two 120 USDC'),
    });
    await user.pointer({ keys: '[MouseLeft>]', target: button });
    act(() => {
      window.dispatchEvent(new Event('blur'));
    });
    await waitUntil(() => store.getState().voiceState === 'idle');
    expect(store.getState().voiceLatched).toBe(false);
    expect(bridge.inputsOf('voice:transcribe')).toHaveLength(1);
    // The release that finally arrives changes nothing.
    await user.pointer({ keys: '[/MouseLeft]', target: button });
    expect(store.getState().voiceState).toBe('idle');
  });

  it('a hold stops when the page is hidden', async () => {
    const microphone = scriptedMicrophoneDouble();
    const { store, button, user } = await setup(microphone, {
      'voice:transcribe': transcribed('Pay User Two 120 USDC'),
    });
    await user.pointer({ keys: '[MouseLeft>]', target: button });
    const visibility = vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden');
    try {
      act(() => {
        document.dispatchEvent(new Event('visibilitychange'));
      });
      await waitUntil(() => store.getState().voiceState === 'idle');
    } finally {
      visibility.mockRestore();
    }
    expect(store.getState().commandDraft).toBe('Pay User Two 120 USDC');
  });

  it('a tapped (latched) recording keeps running through a window blur', async () => {
    const microphone = scriptedMicrophoneDouble();
    const { store, button, user } = await setup(microphone);
    await user.pointer({ keys: '[MouseLeft>]', target: button });
    await user.pointer({ keys: '[/MouseLeft]', target: button });
    expect(store.getState().voiceLatched).toBe(true);
    act(() => {
      window.dispatchEvent(new Event('blur'));
    });
    expect(store.getState().voiceState).toBe('listening');
  });

  it('stops by the wall clock when the microphone never reports the 30 s cap', async () => {
    const microphone = scriptedMicrophoneDouble();
    const { store, bridge } = await setup(microphone, {
      'voice:transcribe': transcribed('Pay User Two 120 USDC'),
    });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    await act(() => store.getState().startListening());
    act(() => vi.advanceTimersByTime(RECORDING_CAP_MS - 1));
    expect(store.getState().voiceState).toBe('listening');
    act(() => vi.advanceTimersByTime(1));
    vi.useRealTimers();
    await waitUntil(() => store.getState().voiceState === 'idle');
    expect(bridge.inputsOf('voice:transcribe')).toHaveLength(1);
    expect(store.getState().voiceNotice).toBe('Stopped at the 30-second limit.');
  });

  it('the wall-clock cap is cleared when the recording stops', async () => {
    const microphone = scriptedMicrophoneDouble();
    const { store, bridge } = await setup(microphone, {
      'voice:transcribe': transcribed('Pay User Two 120 USDC'),
    });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    await act(() => store.getState().startListening());
    act(() => store.getState().cancelListening());
    await act(() => store.getState().startListening());
    act(() => vi.advanceTimersByTime(RECORDING_CAP_MS - 1));
    // The first recording's timer would have fired here had it not been cleared... and the
    // second one's has not run out yet.
    expect(store.getState().voiceState).toBe('listening');
    expect(vi.getTimerCount()).toBe(1);
    vi.useRealTimers();
    expect(bridge.inputsOf('voice:transcribe')).toEqual([]);
  });

  it('an unplugged microphone fails the recording with what to do', async () => {
    const microphone = scriptedMicrophoneDouble();
    const { store, bridge, button, user } = await setup(microphone);
    await user.pointer({ keys: '[MouseLeft>]', target: button });
    act(() => microphone.listener?.onError(new Error(MICROPHONE_DISCONNECTED)));
    expect(store.getState().voiceState).toBe('error');
    expect(microphone.cancels).toBe(1);
    expect(document.getElementById('talk-status')?.textContent).toBe(MICROPHONE_DISCONNECTED);
    expect(bridge.inputsOf('voice:transcribe')).toEqual([]);
  });
});

describe('a spoken answer to an open confirmation', () => {
  const payment = samplePayment('pay_voice', { amount: '120', status: 'pending_confirmation' });
  const proposal = sampleProposal(payment, {
    id: 'prop_voice',
    readBack: { sentence: 'Pay User Two 120.00 USDC now.', nextRuns: [], rules: [] },
  });

  const other = samplePayment('pay_other', { amount: '900', status: 'pending_confirmation' });
  const otherProposal = sampleProposal(other, {
    id: 'prop_other',
    readBack: { sentence: 'Pay User Three 900.00 USDC now.', nextRuns: [], rules: [] },
  });
  const plainDecision = {
    outcome: 'needs_confirmation' as const,
    score: 0.4,
    rules: [],
    reply: '',
  };

  async function openDialogAndSpeak(
    text: string,
    options: {
      decision?: Decision;
      /** Runs while the user is still speaking. */
      meanwhile?: (store: AppStore) => void;
      attentive?: boolean;
    } = {},
  ) {
    const context = await setup(scriptedMicrophoneDouble(), {
      'voice:transcribe': transcribed(text),
      'payments:confirm': () => ok({ payment: { ...payment, status: 'scheduled' }, proposal }),
      'payments:cancel': () => ok({ payment: { ...payment, status: 'cancelled' } }),
      'payments:get': () => ok({ payment, executions: [], riskAssessment: null }),
    });
    act(() =>
      context.store.getState().openConfirmation({
        payment,
        proposal,
        decision: options.decision ?? plainDecision,
      }),
    );
    expect(screen.getByRole('dialog', { name: /Confirm payment/ })).toBeTruthy();
    await act(() => context.store.getState().startListening());
    act(() => options.meanwhile?.(context.store));
    if (options.attentive === false) attention = false;
    await act(() => context.store.getState().stopListening());
    return context;
  }
  const speakWithDialogOpen = (text: string) => openDialogAndSpeak(text);

  it('"Yes." confirms the proposal the dialog shows', async () => {
    const { store, bridge } = await speakWithDialogOpen('Yes.');
    await waitUntil(() => store.getState().confirmation === null);
    expect(bridge.inputsOf('payments:confirm')).toEqual([
      { id: 'pay_voice', proposalId: 'prop_voice' },
    ]);
    expect(store.getState().commandDraft).toBe('');
  });

  it('"Cancel it" cancels the payment', async () => {
    const { store, bridge } = await speakWithDialogOpen('Cancel it');
    await waitUntil(() => store.getState().confirmation === null);
    expect(bridge.inputsOf('payments:cancel')).toEqual([{ id: 'pay_voice' }]);
    expect(bridge.inputsOf('payments:confirm')).toEqual([]);
  });

  it('anything more than the answer goes into the box and answers nothing', async () => {
    const { store, bridge } = await speakWithDialogOpen('Yes pay Bob 500 USDC');
    expect(store.getState().commandDraft).toBe('Yes pay Bob 500 USDC');
    expect(bridge.inputsOf('payments:confirm')).toEqual([]);
    expect(bridge.inputsOf('payments:cancel')).toEqual([]);
    expect(store.getState().confirmation?.proposal.id).toBe('prop_voice');
  });

  it('"Yes" never answers a different dialog that opened while the user spoke', async () => {
    const { store, bridge } = await openDialogAndSpeak('Yes.', {
      meanwhile: (store) => {
        store.getState().dismissConfirmation();
        store.getState().openConfirmation({
          payment: other,
          proposal: otherProposal,
          decision: plainDecision,
        });
      },
    });
    expect(bridge.inputsOf('payments:confirm')).toEqual([]);
    expect(store.getState().confirmation?.proposal.id).toBe('prop_other');
    expect(store.getState().commandDraft).toBe('Yes.');
    expect(store.getState().voiceNotice).toMatch(/different confirmation opened while you spoke/);
  });

  it('"Yes" answers nothing when the page is hidden or unfocused', async () => {
    const { store, bridge } = await openDialogAndSpeak('Yes.', { attentive: false });
    expect(bridge.inputsOf('payments:confirm')).toEqual([]);
    expect(store.getState().confirmation?.proposal.id).toBe('prop_voice');
    expect(store.getState().voiceNotice).toMatch(/was not in front/);
  });

  // The renderer decides from the rule's kind, never its name: a rule it has never heard
  // of still counts when the core says the model read the payment.
  it.each(['model_only_understanding', 'engines_disagree', 'a_rule_added_later'])(
    'a spoken "yes" never confirms a payment the Guardian flagged as model-read (%s)',
    async (name) => {
      const decision: Decision = {
        ...plainDecision,
        rules: [{ name, kind: 'reading', level: 'warning', explanation: 'Check every detail.' }],
      };
      const { store, bridge } = await openDialogAndSpeak('Yes.', { decision });
      expect(bridge.inputsOf('payments:confirm')).toEqual([]);
      expect(store.getState().confirmation?.proposal.id).toBe('prop_voice');
      expect(document.getElementById('talk-status')?.textContent).toBe(
        'This payment was read with help from the local model: press Confirm after checking it.',
      );
    },
  );

  it('a spoken "no" still cancels a payment the local model helped read', async () => {
    const decision: Decision = {
      ...plainDecision,
      rules: [
        { name: 'engines_disagree', kind: 'reading', level: 'warning', explanation: 'Check it.' },
      ],
    };
    const { store, bridge } = await openDialogAndSpeak('No.', { decision });
    await waitUntil(() => store.getState().confirmation === null);
    expect(bridge.inputsOf('payments:cancel')).toEqual([{ id: 'pay_voice' }]);
  });

  it('confirming pinned to a proposal refuses once another one is open', async () => {
    const { store, bridge } = await setup(scriptedMicrophoneDouble(), {
      'payments:get': () => ok({ payment: other, executions: [], riskAssessment: null }),
    });
    act(() =>
      store.getState().openConfirmation({
        payment: other,
        proposal: otherProposal,
        decision: plainDecision,
      }),
    );
    await act(() => store.getState().confirmPayment('prop_voice'));
    await act(() => store.getState().cancelConfirmation('prop_voice'));
    expect(bridge.inputsOf('payments:confirm')).toEqual([]);
    expect(bridge.inputsOf('payments:cancel')).toEqual([]);
    expect(store.getState().confirmationStatus).toBe('idle');
  });

  it('"yes" with no dialog open is just text in the box', async () => {
    const { store, bridge, button, user } = await setup(scriptedMicrophoneDouble(), {
      'voice:transcribe': transcribed('Yes.'),
    });
    await user.pointer({ keys: '[MouseLeft>]', target: button });
    clock += 1_000;
    await user.pointer({ keys: '[/MouseLeft]', target: button });
    await waitUntil(() => store.getState().voiceState === 'idle');
    expect(store.getState().commandDraft).toBe('Yes.');
    expect(bridge.inputsOf('payments:confirm')).toEqual([]);
  });
});

describe('Settings > Voice > Test microphone (scripted microphone double)', () => {
  it('says sound was heard, with its level', async () => {
    const { user } = await setup(scriptedMicrophoneDouble(tone(0.05, 0.25)));
    await user.click(screen.getByRole('button', { name: 'Test microphone' }));
    const region = screen.getByRole('region', { name: 'Voice' });
    await waitUntil(() => (within(region).getByRole('status').textContent ?? '').includes('Sound'));
    expect(within(region).getByRole('status').textContent).toBe(
      'Sound was heard (loudest -12 dBFS, average -15 dBFS): the microphone works.',
    );
  });

  it('says nothing was heard from a silent microphone, and what to check', async () => {
    const { user } = await setup(scriptedMicrophoneDouble(new Float32Array(800)));
    await user.click(screen.getByRole('button', { name: 'Test microphone' }));
    const region = screen.getByRole('region', { name: 'Voice' });
    await waitUntil(() =>
      (within(region).getByRole('status').textContent ?? '').includes('No sound'),
    );
    expect(within(region).getByRole('status').textContent).toMatch(
      /^No sound was heard in 0\.05 seconds\. Check that the microphone is plugged in, not muted/,
    );
  });

  it('Esc (cancelListening) leaves a running test alone, and the test still finishes', async () => {
    const microphone = scriptedMicrophoneDouble(tone(0.05, 0.25));
    const { store, user } = await setup(microphone);
    await user.click(screen.getByRole('button', { name: 'Test microphone' }));
    act(() => store.getState().cancelListening());
    expect(microphone.cancels).toBe(0);
    await waitUntil(() => store.getState().microphoneTest.status === 'done');
    // And push-to-talk is free again.
    await act(() => store.getState().startListening());
    expect(store.getState().voiceState).toBe('listening');
  });

  it('leaving Settings mid-test stops the microphone', async () => {
    const microphone = scriptedMicrophoneDouble(tone(0.05, 0.25));
    const { store, user } = await setup(microphone);
    await user.click(screen.getByRole('button', { name: 'Test microphone' }));
    expect(store.getState().microphoneTest.status).toBe('recording');
    cleanup();
    expect(microphone.cancels).toBe(1);
    expect(store.getState().microphoneTest.status).toBe('idle');
  });

  it('gives the same explanation as push-to-talk when the microphone fails', async () => {
    const message = describeMicrophoneError(new DOMException('denied', 'NotAllowedError'));
    const { user } = await setup(scriptedMicrophoneDouble(undefined, new Error(message)));
    await user.click(screen.getByRole('button', { name: 'Test microphone' }));
    const region = screen.getByRole('region', { name: 'Voice' });
    await waitUntil(() => within(region).getByRole('status').textContent === message);
  });
});
