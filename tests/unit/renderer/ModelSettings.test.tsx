import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { ModelSettings } from '../../../renderer/src/components/settings/ModelSettings';
import { AppStoreContext, createAppStore } from '../../../renderer/src/store/appStore';
import { connectStoreToCore } from '../../../renderer/src/store/coreEvents';
import type { ModelView } from '../../../shared/schemas/model';
import { demoModels, FakeBridge, ok, standardReplies, type Reply } from './fakeBridge';

const TINY = 'Xenova/whisper-tiny.en';
const CPP = 'ggerganov/whisper.cpp';
const disconnects: (() => void)[] = [];
afterEach(() => {
  cleanup();
  for (const disconnect of disconnects.splice(0)) disconnect();
});

function setup(replies: Partial<Record<string, Reply>> = {}) {
  const bridge = new FakeBridge({ ...standardReplies(), ...replies });
  const store = createAppStore(bridge);
  disconnects.push(connectStoreToCore(store, bridge));
  render(
    <AppStoreContext value={store}>
      <ModelSettings />
    </AppStoreContext>,
  );
  return { bridge, store, user: userEvent.setup() };
}

function card(label: string): HTMLElement {
  return screen.getByRole('listitem', { name: label });
}

function view(id: string, changes: Partial<ModelView>): ModelView {
  return { ...demoModels().models.find((model) => model.id === id)!, ...changes };
}

describe('Settings > Models (component, over a test double of the bridge)', () => {
  it('shows each model, why each engine is or is not ready, and the disk usage', async () => {
    setup({
      'models:list': () =>
        ok({
          ...demoModels({
            [CPP]: {
              state: 'broken',
              reason: 'ggml-tiny.en.bin is missing. Delete the model and download it again.',
              bytesOnDisk: 1_500_000,
            },
          }),
          diskUsageBytes: 1_500_000,
        }),
    });
    const tiny = await screen.findByRole('listitem', { name: 'Whisper tiny (English), quantised' });
    expect(tiny.textContent).toContain('Speech to text · transformers.js · licence apache-2.0');
    expect(tiny.textContent).toContain('size known once the download starts');
    expect(within(tiny).getByText('Not downloaded')).toBeTruthy();
    const cpp = card('Whisper tiny (English) for whisper.cpp');
    expect(cpp.textContent).toContain('77.7 MB');
    expect(cpp.textContent).toContain('licence mit');
    expect(within(cpp).getByText('Broken')).toBeTruthy();
    expect(cpp.textContent).toContain(
      'ggml-tiny.en.bin is missing. Delete the model and download it again.',
    );
    expect(within(cpp).getByRole('button', { name: 'Download again' })).toBeTruthy();
    expect(screen.getByText(/is not downloaded\. Download it in Settings > Models/)).toBeTruthy();
    expect(
      screen.getByText(/Switched off: commands are understood by the rules engine alone/),
    ).toBeTruthy();
    expect(screen.getByText('Models use 1.5 MB on disk.')).toBeTruthy();
  });

  it('downloads, then shows live progress (bytes, speed, time left) from the core events', async () => {
    const { bridge, user } = setup({
      'models:download': ({ id }) => ok(view(id, { state: 'downloading', reason: 'Downloading.' })),
    });
    const tiny = await screen.findByRole('listitem', { name: 'Whisper tiny (English), quantised' });
    await user.click(within(tiny).getByRole('button', { name: 'Download' }));
    expect(bridge.inputsOf('models:download')).toEqual([{ id: TINY }]);
    bridge.emit('models:progress', {
      progress: {
        modelId: TINY,
        file: 'tokenizer.json',
        bytesDone: 1_000_000,
        bytesTotal: 2_000_000,
        bytesPerSecond: 500_000,
        etaSeconds: 2,
      },
    });
    const bar = await within(tiny).findByRole('progressbar', {
      name: 'Downloading Whisper tiny (English), quantised',
    });
    expect(bar.getAttribute('aria-valuenow')).toBe('1000000');
    expect(bar.getAttribute('aria-valuemax')).toBe('2000000');
    expect(bar.getAttribute('aria-valuetext')).toBe('1.0 MB of 2.0 MB · 500 kB/s · about 2 s left');
    expect(within(tiny).getByRole('button', { name: 'Pause' })).toBeTruthy();
    expect(within(tiny).getByRole('button', { name: 'Cancel download' })).toBeTruthy();
    expect(within(tiny).queryByRole('button', { name: 'Download' })).toBeNull();
  });

  it('pauses, resumes and cancels through the contract', async () => {
    const { bridge, user } = setup({
      'models:list': () =>
        ok(
          demoModels({
            [TINY]: {
              state: 'paused',
              reason: 'Partly downloaded; resume to finish.',
              bytesOnDisk: 700_000,
            },
          }),
        ),
      'models:resume': ({ id }) => ok(view(id, { state: 'downloading' })),
      'models:pause': ({ id }) => ok(view(id, { state: 'paused', bytesOnDisk: 900_000 })),
      'models:cancel': ({ id }) => ok(view(id, {})),
    });
    const tiny = await screen.findByRole('listitem', { name: 'Whisper tiny (English), quantised' });
    await user.click(within(tiny).getByRole('button', { name: 'Resume' }));
    await user.click(await within(tiny).findByRole('button', { name: 'Pause' }));
    await user.click(await within(tiny).findByRole('button', { name: 'Cancel download' }));
    await within(tiny).findByRole('button', { name: 'Download' });
    expect(
      bridge.calls
        .map(([name]) => name)
        .filter((name) => name.startsWith('models:') && name !== 'models:list'),
    ).toEqual(['models:resume', 'models:pause', 'models:cancel']);
  });

  it('asks before deleting, since getting the model back means downloading it again', async () => {
    const { bridge, user } = setup({
      'models:list': () =>
        ok(
          demoModels({
            [TINY]: { state: 'ready', reason: 'Installed and verified.', bytesOnDisk: 2_400_000 },
          }),
        ),
      'models:delete': ({ id }) => ok(view(id, {})),
    });
    const tiny = await screen.findByRole('listitem', { name: 'Whisper tiny (English), quantised' });
    await user.click(within(tiny).getByRole('button', { name: 'Delete' }));
    const question = within(tiny).getByRole('group', {
      name: 'Delete Whisper tiny (English), quantised?',
    });
    expect(question.textContent).toContain('downloading 2.4 MB again');
    expect(question.textContent).toContain('Voice commands stop working');
    await user.click(within(question).getByRole('button', { name: 'Keep it' }));
    expect(bridge.inputsOf('models:delete')).toEqual([]);
    await user.click(within(tiny).getByRole('button', { name: 'Delete' }));
    await user.click(within(tiny).getByRole('button', { name: 'Delete' }));
    expect(bridge.inputsOf('models:delete')).toEqual([{ id: TINY }]);
    await within(tiny).findByText('Not downloaded');
  });

  it("installs from a folder and shows the core's refusal in that model's card", async () => {
    const { bridge, user } = setup({
      'models:install': () => ({
        ok: false,
        error: {
          code: 'not_found',
          message:
            "/media/usb/tiny/onnx/encoder_model_quantized.onnx is missing, so Whisper tiny (English), quantised can't be installed from that folder.",
        },
      }),
    });
    const tiny = await screen.findByRole('listitem', { name: 'Whisper tiny (English), quantised' });
    await user.click(within(tiny).getByRole('button', { name: 'Install from a folder' }));
    await user.type(
      within(tiny).getByLabelText("Folder holding the model's files"),
      '/media/usb/tiny',
    );
    await user.click(within(tiny).getByRole('button', { name: 'Install' }));
    expect(bridge.inputsOf('models:install')).toEqual([{ id: TINY, folder: '/media/usb/tiny' }]);
    expect((await within(tiny).findByRole('alert')).textContent).toContain(
      "encoder_model_quantized.onnx is missing, so Whisper tiny (English), quantised can't be installed",
    );
    expect(card('Qwen3 0.6B, 4-bit').querySelector('[role="alert"]')).toBeNull();
  });

  it('chooses the speech model (with its engine) and switches the LLM, showing a refusal', async () => {
    const { bridge, user } = setup({
      'models:choose': (patch) =>
        patch.llm
          ? {
              ok: false,
              error: { code: 'conflict', message: 'ArcFlux could not save the choice. Try again.' },
            }
          : ok({
              ...demoModels(),
              choice: { ...demoModels().choice, speechToText: patch.speechToText },
            }),
    });
    const select = await screen.findByLabelText('Speech-to-text model');
    await user.selectOptions(select, CPP);
    expect(bridge.inputsOf('models:choose')[0]).toEqual({
      speechToText: { engine: 'whisper-cpp', model: CPP },
    });
    await waitFor(() => expect((select as HTMLSelectElement).value).toBe(CPP));
    await user.click(screen.getByRole('switch', { name: /Use the local language model/ }));
    expect(bridge.inputsOf('models:choose')[1]).toEqual({ llm: { enabled: true } });
    expect((await screen.findByRole('alert')).textContent).toBe(
      'ArcFlux could not save the choice. Try again.',
    );
    expect((screen.getByRole('switch') as HTMLInputElement).checked).toBe(false);
  });

  it('follows models:changed from other doors', async () => {
    const { bridge } = setup();
    await screen.findByRole('listitem', { name: 'Whisper tiny (English), quantised' });
    bridge.emit('models:changed', {
      overview: demoModels({
        [TINY]: { state: 'ready', reason: 'Installed and verified.', bytesOnDisk: 2_400_000 },
      }),
    });
    const tiny = card('Whisper tiny (English), quantised');
    await within(tiny).findByText('Ready');
    expect(tiny.textContent).toContain('2.4 MB on disk');
  });

  it('shows a model installed without a checksum as "Installed, not verified", never "Ready"', async () => {
    const { bridge, user } = setup({
      'models:list': () =>
        ok(
          demoModels({
            [TINY]: {
              state: 'installed_unverified',
              reason:
                'Installed, not verified: ArcFlux knows no checksum for onnx/encoder_model_quantized.onnx, so it could not check that file. Use it only if you trust where the files came from.',
              bytesOnDisk: 2_400_000,
            },
          }),
        ),
      'models:delete': ({ id }) => ok(view(id, {})),
    });
    const tiny = await screen.findByRole('listitem', { name: 'Whisper tiny (English), quantised' });
    expect(within(tiny).getByText('Installed, not verified').className).toContain('badge--warning');
    expect(within(tiny).queryByText('Ready')).toBeNull();
    expect(tiny.textContent).not.toMatch(/and verified/);
    expect(tiny.textContent).toContain(
      "ArcFlux had no checksum for some of this model's files, so it could not check that they are the real ones.",
    );
    // The picker says so too, and the model can be deleted like any installed one.
    const option = screen.getByRole('option', { name: /Whisper tiny \(English\), quantised/ });
    expect(option.textContent).toContain(', not verified');
    expect(within(tiny).queryByRole('button', { name: 'Install from a folder' })).toBeNull();
    await user.click(within(tiny).getByRole('button', { name: 'Delete' }));
    await user.click(within(tiny).getByRole('button', { name: 'Delete' }));
    expect(bridge.inputsOf('models:delete')).toEqual([{ id: TINY }]);
  });
});
