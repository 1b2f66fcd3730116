import { describe, expect, it, vi } from 'vitest';
import {
  CALL_CHANNEL,
  createArcfluxApi,
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

  it('is frozen, so page code cannot swap its methods', () => {
    const { api } = setUp();
    expect(Object.isFrozen(api)).toBe(true);
  });
});
