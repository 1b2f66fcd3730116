import { describe, expect, it, vi } from 'vitest';
import { forwardCoreEvents, registerIpc, type CoreDoor } from '../../../electron/main/ipc';
import { CALL_CHANNEL, EVENT_CHANNEL } from '../../../electron/preload/api';
import type { EventName, EventPayload } from '../../../shared/contract';
import type { Result } from '../../../shared/errors';
import { FakeIpcMain } from '../../support/fakeIpcMain';

interface FakeInvokeEvent {
  trusted: boolean;
}

/** Test double for the core: validates like the real dispatch would for one method. */
class FakeCore implements CoreDoor {
  readonly calls: [unknown, unknown][] = [];
  readonly listeners = new Map<EventName, ((payload: never) => void)[]>();

  async dispatch(name: unknown, input: unknown): Promise<Result<unknown>> {
    this.calls.push([name, input]);
    if (name === 'balance:get') {
      const fields = (input ?? {}) as Record<string, unknown>;
      if (Object.keys(fields).some((key) => key !== 'userId')) {
        return {
          ok: false,
          error: {
            code: 'invalid_input',
            message: 'Invalid input for balance:get: unknown field "amount".',
          },
        };
      }
      return { ok: true, data: { userId: 'user1', balances: [] } };
    }
    return { ok: false, error: { code: 'not_found', message: 'unknown' } };
  }

  on<Name extends EventName>(name: Name, listener: (payload: EventPayload<Name>) => void) {
    const list = this.listeners.get(name) ?? [];
    list.push(listener as (payload: never) => void);
    this.listeners.set(name, list);
    return () => {
      this.listeners.set(
        name,
        (this.listeners.get(name) ?? []).filter((current) => current !== listener),
      );
    };
  }

  emit<Name extends EventName>(name: Name, payload: EventPayload<Name>): void {
    for (const listener of this.listeners.get(name) ?? []) listener(payload as never);
  }
}

function setUp() {
  const ipc = new FakeIpcMain<FakeInvokeEvent>();
  const core = new FakeCore();
  const dispose = registerIpc(ipc, core, (event) => event.trusted);
  return { ipc, core, dispose };
}

const trusted: FakeInvokeEvent = { trusted: true };
const forged: FakeInvokeEvent = { trusted: false };

describe('registerIpc', () => {
  it('passes a trusted call to the core and returns its envelope', async () => {
    const { ipc, core } = setUp();
    const reply = await ipc.invoke(trusted, CALL_CHANNEL, 'balance:get', {});
    expect(reply).toEqual({ ok: true, data: { userId: 'user1', balances: [] } });
    expect(core.calls).toEqual([['balance:get', {}]]);
  });

  it('refuses a streamed method on the call channel, pointing at the download door, without running it', async () => {
    const { ipc, core } = setUp();
    const reply = await ipc.invoke(trusted, CALL_CHANNEL, 'transfers:export', {});
    expect(reply).toMatchObject({
      ok: false,
      error: { code: 'unavailable', message: expect.stringContaining('download channel') },
    });
    expect(core.calls).toEqual([]);
  });

  it('refuses a forged sender with forbidden and never calls the core', async () => {
    const { ipc, core } = setUp();
    const reply = await ipc.invoke(forged, CALL_CHANNEL, 'balance:get', {});
    expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(core.calls).toEqual([]);
  });

  it('treats a trust check that throws as untrusted', async () => {
    const ipc = new FakeIpcMain<FakeInvokeEvent>();
    const core = new FakeCore();
    registerIpc(ipc, core, () => {
      throw new Error('senderFrame is gone');
    });
    const reply = await ipc.invoke(trusted, CALL_CHANNEL, 'balance:get', {});
    expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(core.calls).toEqual([]);
  });

  it("returns the core's invalid_input envelope for an invalid payload", async () => {
    const { ipc } = setUp();
    const reply = await ipc.invoke(trusted, CALL_CHANNEL, 'balance:get', { amount: '1' });
    expect(reply).toEqual({
      ok: false,
      error: {
        code: 'invalid_input',
        message: 'Invalid input for balance:get: unknown field "amount".',
      },
    });
  });

  it.each([['system:shutdown'], ['__proto__'], [42], [undefined]])(
    'rejects the unknown method %s without calling the core',
    async (name) => {
      const { ipc, core } = setUp();
      const reply = (await ipc.invoke(trusted, CALL_CHANNEL, name, {})) as Result<unknown>;
      expect(reply).toMatchObject({ ok: false, error: { code: 'not_found' } });
      expect(reply.ok === false && reply.error.message).toMatch(/is not an ArcFlux method/);
      expect(core.calls).toEqual([]);
    },
  );

  it('turns a core that throws into an internal error envelope', async () => {
    const ipc = new FakeIpcMain<FakeInvokeEvent>();
    registerIpc(
      ipc,
      {
        dispatch: () => Promise.reject(new Error('/home/someone/secret path')),
      },
      () => true,
    );
    const reply = (await ipc.invoke(trusted, CALL_CHANNEL, 'balance:get', {})) as Result<unknown>;
    expect(reply).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(reply)).not.toContain('secret');
  });

  it('removes its handler when disposed', async () => {
    const { ipc, dispose } = setUp();
    dispose();
    await expect(ipc.invoke(trusted, CALL_CHANNEL, 'balance:get', {})).rejects.toThrow(
      /No handler/,
    );
  });
});

describe('forwardCoreEvents', () => {
  const balance = {
    userId: 'user1',
    currency: 'USDC' as const,
    amount: '10',
    updatedAt: '2026-11-27T09:00:00Z',
  };

  it('sends each core event to the window on the event channel', () => {
    const core = new FakeCore();
    const sent: unknown[][] = [];
    forwardCoreEvents(core, () => ({ send: (...args: unknown[]) => sent.push(args) }));
    core.emit('balance:changed', { balance });
    expect(sent).toEqual([[EVENT_CHANNEL, 'balance:changed', { balance }]]);
  });

  it('drops events while there is no window and survives a send that throws', () => {
    const core = new FakeCore();
    let sink: { send: () => void } | null = null;
    forwardCoreEvents(core, () => sink);
    expect(() => core.emit('balance:changed', { balance })).not.toThrow();
    sink = {
      send: () => {
        throw new Error('Object has been destroyed');
      },
    };
    expect(() => core.emit('balance:changed', { balance })).not.toThrow();
  });

  it('unsubscribes from every event', () => {
    const core = new FakeCore();
    const send = vi.fn();
    const stop = forwardCoreEvents(core, () => ({ send }));
    stop();
    core.emit('balance:changed', { balance });
    expect(send).not.toHaveBeenCalled();
  });
});
