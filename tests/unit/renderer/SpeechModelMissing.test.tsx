import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { CommandBar } from '../../../renderer/src/components/command/CommandBar';
import { AppStoreContext, createAppStore } from '../../../renderer/src/store/appStore';
import { connectStoreToCore } from '../../../renderer/src/store/coreEvents';
import type { ModelsOverview } from '../../../shared/schemas/model';
import {
  demoModels,
  FakeBridge,
  ok,
  speechReadyModels,
  standardReplies,
  waitUntil,
} from './fakeBridge';
import { scriptedMicrophoneDouble } from './voiceDoubles';

afterEach(cleanup);

/** The app as main.tsx wires it, with the command bar only, over the given models. */
async function setup(models: ModelsOverview) {
  const microphone = scriptedMicrophoneDouble();
  const bridge = new FakeBridge({ ...standardReplies(), 'models:list': () => ok(models) });
  const store = createAppStore(bridge, { voice: microphone });
  connectStoreToCore(store, bridge);
  await waitUntil(() => store.getState().settings !== null);
  render(
    <AppStoreContext value={store}>
      <CommandBar />
    </AppStoreContext>,
  );
  await waitUntil(() => store.getState().models !== null);
  const button = screen.getByRole('button', { name: 'Hold to talk' });
  return { bridge, store, microphone, button, user: userEvent.setup() };
}

describe('the talk button with no speech model installed', () => {
  it('says so before anyone speaks, records nothing, and offers Settings > Models', async () => {
    const { bridge, store, microphone, button, user } = await setup(demoModels());
    // Before any press: marked unavailable, and the reason is its description.
    expect(button.getAttribute('aria-disabled')).toBe('true');
    expect(button.classList.contains('talk-button--unready')).toBe(true);
    const description = document.getElementById(button.getAttribute('aria-describedby') ?? '');
    expect(description?.textContent).toContain('No speech model is installed');
    expect(button.getAttribute('title')).toContain('No speech model is installed');

    await user.pointer({ keys: '[MouseLeft>]', target: button });
    await user.pointer({ keys: '[/MouseLeft]', target: button });
    expect(microphone.starts).toBe(0);
    expect(store.getState().voiceState).toBe('idle');
    expect(bridge.inputsOf('voice:transcribe')).toEqual([]);

    const status = document.getElementById('talk-status') as HTMLElement;
    expect(status.textContent).toContain('No speech model is installed');
    // The renderer's own words, from the engine state: the core's reason is not shown.
    expect(status.textContent).not.toContain('Download it in Settings > Models, or install');
    await user.click(within(status).getByRole('button', { name: 'Open Settings > Models' }));
    expect(store.getState().view).toBe('settings');
  });

  it('the desktop shortcut starts no recording either', async () => {
    const { store, microphone } = await setup(demoModels());
    await act(() => store.getState().toggleListening());
    expect(microphone.starts).toBe(0);
    expect(store.getState().voiceState).toBe('idle');
  });

  it('says a downloading model is not ready yet', async () => {
    const downloading = demoModels();
    const { user, button } = await setup({
      ...downloading,
      engines: downloading.engines.map((engine) =>
        engine.task === 'speech-to-text' ? { ...engine, state: 'downloading' } : engine,
      ),
    });
    await user.click(button);
    expect(document.getElementById('talk-status')?.textContent).toContain('still downloading');
  });

  it('turns ready when the model is installed (models:changed), and then records', async () => {
    const { bridge, store, microphone, button, user } = await setup(demoModels());
    act(() => bridge.emit('models:changed', { overview: speechReadyModels() }));
    expect(button.getAttribute('aria-disabled')).toBe('false');
    expect(button.classList.contains('talk-button--unready')).toBe(false);
    expect(document.getElementById('talk-status')?.textContent).toBe('');
    await user.pointer({ keys: '[MouseLeft>]', target: button });
    expect(microphone.starts).toBe(1);
    expect(store.getState().voiceState).toBe('listening');
  });
});
