import { describe, expect, it, vi } from 'vitest';
import {
  CALL_CHANNEL,
  createArcfluxApi,
  DOWNLOAD_CHANNEL,
  DOWNLOAD_PROGRESS_CHANNEL,
  EVENT_CHANNEL,
  type PreloadTransport,
} from '../../../electron/preload/api';
import { EVENT_NAMES, METHOD_NAMES } from '../../../shared/contract';

type Listener = (event: unknown, ...args: unknown[]) => void;

/** Test double for ipcRenderer. */
class FakeIpcRenderer implements PreloadTransport {
  readonly invoked: unknown[][] = [];
  readonly listeners = new Map<string, Set<Listener>>();
  reply: unknown = { ok: true, data: {} };

  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push([channel, ...args]);
    return Promise.resolve(this.reply);
  }

  on(channel: string, listener: Listener) {
    const set = this.listeners.get(channel) ?? new Set();
    set.add(listener);
    this.listeners.set(channel, set);
  }

  removeListener(channel: string, listener: Listener) {
    this.listeners.get(channel)?.delete(listener);
  }

  emit(channel: string, ...args: unknown[]) {
    for (const listener of this.listeners.get(channel) ?? []) listener({}, ...args);
  }
}

function setUp() {
  const ipc = new FakeIpcRenderer();
  const api = createArcfluxApi(ipc, { methods: METHOD_NAMES, events: EVENT_NAMES });
  return { ipc, api };
}

describe('createArcfluxApi', () => {
  it('sends contract methods on the call channel', async () => {
    const { ipc, api } = setUp();
    await expect(api.call('balance:get', {})).resolves.toEqual({ ok: true, data: {} });
    expect(ipc.invoked).toEqual([[CALL_CHANNEL, 'balance:get', {}]]);
  });

  it('refuses unknown methods without sending anything', async () => {
    const { ipc, api } = setUp();
    await expect(api.call('fs:readFile', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(ipc.invoked).toEqual([]);
  });

  it('turns a failed invoke into an unavailable envelope', async () => {
    const ipc = new FakeIpcRenderer();
    ipc.invoke = () => Promise.reject(new Error('no handler'));
    const api = createArcfluxApi(ipc, { methods: METHOD_NAMES, events: EVENT_NAMES });
    await expect(api.call('balance:get', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'unavailable' },
    });
  });

  it('delivers events by name and stops listening after the last unsubscribe', () => {
    const { ipc, api } = setUp();
    const onBalance = vi.fn();
    const onPayment = vi.fn();
    const stopBalance = api.on('balance:changed', onBalance);
    const stopPayment = api.on('payment:changed', onPayment);
    expect(ipc.listeners.get(EVENT_CHANNEL)?.size).toBe(1);

    ipc.emit(EVENT_CHANNEL, 'balance:changed', { balance: 1 });
    expect(onBalance).toHaveBeenCalledWith({ balance: 1 });
    expect(onPayment).not.toHaveBeenCalled();

    stopBalance();
    stopPayment();
    expect(ipc.listeners.get(EVENT_CHANNEL)?.size).toBe(0);
  });

  it('ignores subscriptions to unknown events', () => {
    const { ipc, api } = setUp();
    const stop = api.on('app:quit', vi.fn());
    expect(ipc.listeners.get(EVENT_CHANNEL)).toBeUndefined();
    expect(stop).not.toThrow();
  });

  it('asks main to save a streamed method, relaying its progress only while it runs', async () => {
    const ipc = new FakeIpcRenderer();
    let settle: (reply: unknown) => void = () => undefined;
    ipc.invoke = (channel, ...args) => {
      ipc.invoked.push([channel, ...args]);
      return new Promise((resolve) => {
        settle = resolve;
      });
    };
    const api = createArcfluxApi(ipc, { methods: METHOD_NAMES, events: EVENT_NAMES });
    const progress: unknown[] = [];
    const reply = api.download('transfers:export', { status: 'failed' }, (report) => {
      progress.push(report);
      if (progress.length === 1) throw new Error('a broken progress bar');
    });
    expect(ipc.invoked).toEqual([[DOWNLOAD_CHANNEL, 'transfers:export', { status: 'failed' }]]);
    ipc.emit(DOWNLOAD_PROGRESS_CHANNEL, { records: 0, total: 2 });
    ipc.emit(DOWNLOAD_PROGRESS_CHANNEL, { records: 2, total: 2 });
    const saved = {
      ok: true,
      data: { status: 'saved', fileName: 'a.csv', path: '/a.csv', records: 2 },
    };
    settle(saved);
    await expect(reply).resolves.toEqual(saved);
    ipc.emit(DOWNLOAD_PROGRESS_CHANNEL, { records: 9, total: 9 });
    expect(progress).toEqual([
      { records: 0, total: 2 },
      { records: 2, total: 2 },
    ]);
    expect(ipc.listeners.get(DOWNLOAD_PROGRESS_CHANNEL)?.size).toBe(0);
  });

  it('refuses to download an unknown method and reports a lost connection', async () => {
    const { ipc, api } = setUp();
    await expect(api.download('fs:readFile', {}, vi.fn())).resolves.toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(ipc.invoked).toEqual([]);
    ipc.invoke = () => Promise.reject(new Error('no handler'));
    await expect(api.download('transfers:export', {}, vi.fn())).resolves.toMatchObject({
      ok: false,
      error: { code: 'unavailable' },
    });
    expect(ipc.listeners.get(DOWNLOAD_PROGRESS_CHANNEL)?.size).toBe(0);
  });

  it('is frozen, so page code cannot swap its methods', () => {
    const { api } = setUp();
    expect(Object.isFrozen(api)).toBe(true);
  });
});
