import { describe, expect, it, vi } from 'vitest';
import { registerDesktopIpc } from '../../../electron/main/desktopIpc';
import { createHouseholdStore } from '../../../electron/main/householdStore';
import type { PreloadTransport } from '../../../electron/preload/api';
import { createDesktopApi } from '../../../electron/preload/desktopApi';
import {
  DESKTOP_CHANNEL,
  desktopReplySchemas,
  desktopRequestSchema,
  type DesktopAction,
} from '../../../shared/contract/desktop';
import { resultSchema } from '../../../shared/errors';

/**
 * The desktop channel end to end, as the one schema in shared/contract/desktop describes
 * it: the preload's requests go straight into main's handler, and each reply is read with
 * the schema the renderer reads it with.
 */
function wiredChannel() {
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  const secrets = {
    stored: false,
    status: vi.fn(async () => ({
      stored: secrets.stored,
      weakProtection: false,
      unavailable: null,
    })),
    save: vi.fn(async () => {
      secrets.stored = true;
      return { ok: true as const };
    }),
    clear: vi.fn(async () => {
      secrets.stored = false;
    }),
  };
  let accelerator = 'CommandOrControl+Shift+Space';
  let householdFile: string | null = null;
  registerDesktopIpc(
    {
      handle: (channel, listener) => handlers.set(channel, listener),
      removeHandler: (channel) => handlers.delete(channel),
    },
    secrets,
    () => true,
    {
      shortcut: {
        current: () => accelerator,
        change: (next) => {
          accelerator = next;
          return { ok: true };
        },
      },
      save: () => undefined,
    },
    createHouseholdStore({
      save: async (secret) => {
        householdFile = secret;
        return { ok: true };
      },
      read: async () => householdFile,
      clear: async () => {
        householdFile = null;
      },
    }),
  );
  const sent: unknown[] = [];
  const transport: PreloadTransport = {
    invoke: async (channel, request) => {
      sent.push(request);
      return handlers.get(channel)?.({}, request);
    },
    on: () => undefined,
    removeListener: () => undefined,
  };
  return { api: createDesktopApi(transport), sent, secrets, handlers };
}

describe('the desktop channel has one schema per message', () => {
  it('sends only requests main accepts, and every reply fits the schema the renderer reads', async () => {
    const { api, sent } = wiredChannel();
    const replies: [DesktopAction, unknown][] = [];
    const record = async (action: DesktopAction, reply: Promise<unknown>) =>
      replies.push([action, await reply]);
    await record('circleKey:status', api.circleKeyStatus());
    await record('circleKey:save', api.saveCircleKey('  sk_test_123456  ', false));
    await record('circleKey:clear', api.clearCircleKey());
    await record('pushToTalk:get', api.pushToTalkShortcut());
    await record('pushToTalk:set', api.setPushToTalkShortcut('Alt+Shift+K'));
    await record('household:get', api.householdConnection());
    await record(
      'household:save',
      api.saveHouseholdConnection('https://arcflux.example.org/', 'personal-token-0123456789'),
    );
    await record('household:clear', api.clearHouseholdConnection());

    // Every action the schema knows is reachable from the preload, and nothing else is.
    const known = desktopRequestSchema.options.map((option) => option.shape.action.value);
    expect(sent.map((request) => desktopRequestSchema.parse(request).action)).toEqual(known);
    for (const [action, reply] of replies) {
      expect(resultSchema(desktopReplySchemas[action]).parse(reply)).toMatchObject({ ok: true });
    }
    expect(replies[1]?.[1]).toEqual({
      ok: true,
      data: { stored: true, weakProtection: false, unavailable: null },
    });
    expect(replies[4]?.[1]).toEqual({ ok: true, data: { accelerator: 'Alt+Shift+K' } });
    expect(replies[5]?.[1]).toEqual({ ok: true, data: { connection: null, kept: null } });
    // The address is kept as its origin, the way the bridge puts routes after it.
    expect(replies[6]?.[1]).toEqual({
      ok: true,
      data: {
        connection: { url: 'https://arcflux.example.org', token: 'personal-token-0123456789' },
        kept: 'encrypted',
      },
    });
    expect(replies[7]?.[1]).toEqual({ ok: true, data: { connection: null, kept: null } });
  });

  it('refuses, where it is received, what the schema refuses, and touches nothing', async () => {
    const { secrets, handlers } = wiredChannel();
    const handle = handlers.get(DESKTOP_CHANNEL);
    for (const request of [
      { action: 'circleKey:save', key: 'short', acceptWeakProtection: false },
      { action: 'circleKey:save', key: 'sk_test_123456' },
      { action: 'circleKey:clear', everything: true },
      { action: 'circleKey:read' },
    ]) {
      expect(await handle?.({}, request)).toMatchObject({
        ok: false,
        error: { code: 'invalid_input' },
      });
    }
    expect(secrets.save).not.toHaveBeenCalled();
    expect(secrets.clear).not.toHaveBeenCalled();
  });

  it('refuses a household server the renderer should have refused, and keeps nothing', async () => {
    const { handlers } = wiredChannel();
    const handle = handlers.get(DESKTOP_CHANNEL);
    const token = 'personal-token-0123456789';
    for (const connection of [
      { url: 'http://192.168.1.20:8787', token },
      { url: 'https://arcflux.example.org', token: 'short' },
      { url: 'https://arcflux.example.org', token, extra: true },
    ]) {
      const reply = await handle?.({}, { action: 'household:save', connection });
      expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      expect((reply as { error: { message: string } }).error.message).toContain(
        'The household server was not saved',
      );
    }
    expect(await handle?.({}, { action: 'household:get' })).toEqual({
      ok: true,
      data: { connection: null, kept: null },
    });
  });
});
