import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpBridge } from '../../../renderer/src/bridge/httpBridge';
import type { TokenStorage } from '../../../renderer/src/bridge/session';
import { HouseholdSettings } from '../../../renderer/src/components/settings/HouseholdSettings';
import { HOUSEHOLD_KEY, tabMemory } from '../../../renderer/src/household/householdMemory';
import { createHouseholdSwitcher } from '../../../renderer/src/household/householdSwitcher';
import { createSwitchableBridge } from '../../../renderer/src/household/switchableBridge';
import { AppStoreContext, createAppStore } from '../../../renderer/src/store/appStore';
import { connectStoreToCore } from '../../../renderer/src/store/coreEvents';
import { sampleSettings } from '../../support/samples';
import { DEMO_USERS, FakeBridge, ok, standardReplies } from './fakeBridge';

afterEach(cleanup);

const SERVER = 'https://household.example';
const GOOD_TOKEN = 'household-personal-token-0123';

class MemoryStorage implements TokenStorage {
  readonly items = new Map<string, string>();
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

/**
 * A household server behind fetch: it knows one token, acts for User Two, and is down
 * when `down` is set. Its event stream stays open, as the real one does.
 */
function householdServer() {
  const requests: { url: string; authorization: string | null }[] = [];
  const state = { down: false };
  const fetch = (async (url: string, init: RequestInit = {}) => {
    const authorization = new Headers(init.headers).get('authorization');
    requests.push({ url, authorization });
    if (state.down || !url.startsWith(`${SERVER}/`)) throw new TypeError('Failed to fetch');
    if (authorization !== `Bearer ${GOOD_TOKEN}`) {
      return json(401, { ok: false, error: { code: 'unauthorized', message: 'Unknown token.' } });
    }
    const path = new URL(url).pathname;
    if (path === '/v1/events') {
      return new Response(
        new ReadableStream({
          start: (controller) => controller.enqueue(new TextEncoder().encode(': connected\n\n')),
        }),
        { status: 200, headers: { 'content-type': 'text/event-stream' } },
      );
    }
    if (path === '/v1/health') {
      return json(200, {
        ok: true,
        data: {
          status: 'ok',
          problems: [],
          version: '9.9.9',
          now: '2026-11-27T08:00:00.000Z',
          actingUserId: 'user2',
          connector: 'simulated',
        },
      });
    }
    if (path === '/v1/users') return json(200, { ok: true, data: DEMO_USERS });
    if (path === '/v1/settings') {
      return json(200, { ok: true, data: { ...sampleSettings(), actingUserId: 'user2' } });
    }
    return json(404, { ok: false, error: { code: 'not_found', message: 'no route' } });
  }) as typeof globalThis.fetch;
  return { fetch, requests, state };
}

function setup() {
  const server = householdServer();
  const local = new FakeBridge({
    ...standardReplies(),
    'system:health': () =>
      ok({
        status: 'ok',
        problems: [],
        version: '0.1.0',
        now: '2026-11-27T08:00:00.000Z',
        actingUserId: 'user1',
        connector: 'simulated',
      }),
  });
  const tab = new MemoryStorage();
  const client = createSwitchableBridge(local);
  const household = createHouseholdSwitcher({
    client,
    memory: tabMemory(tab),
    local: () => local,
    remote: (connection) =>
      createHttpBridge({
        fetch: server.fetch,
        storage: tab,
        href: 'http://127.0.0.1:8787/',
        replaceUrl: () => undefined,
        saveFile: () => undefined,
        household: connection,
      }),
    fetch: server.fetch,
  });
  const store = createAppStore(client, { household });
  connectStoreToCore(store, client);
  render(
    <AppStoreContext value={store}>
      <HouseholdSettings />
    </AppStoreContext>,
  );
  return { server, local, tab, store, user: userEvent.setup() };
}

async function fill(
  user: ReturnType<typeof userEvent.setup>,
  url: string,
  token: string,
): Promise<void> {
  const address = screen.getByLabelText('Server address');
  const secret = screen.getByLabelText('Personal token');
  await user.clear(address);
  await user.type(address, url);
  await user.clear(secret);
  await user.type(secret, token);
  await user.click(screen.getByRole('button', { name: 'Check' }));
}

describe('connecting to a household server', () => {
  it('refuses an unsafe address or a malformed token before any request carries the token', async () => {
    const { server, user } = setup();
    const connect = screen.getByRole('button', { name: 'Connect' });

    await fill(user, 'http://192.168.1.20:8787', GOOD_TOKEN);
    const unsafe = await screen.findByRole('alert');
    expect(unsafe.getAttribute('data-code')).toBe('insecure_remote');
    expect(unsafe.textContent).toContain('send your token unencrypted');
    expect(screen.getByLabelText('Server address').getAttribute('aria-invalid')).toBe('true');

    await fill(user, 'https://household.example/v1/health', GOOD_TOKEN);
    expect((await screen.findByRole('alert')).getAttribute('data-code')).toBe('has_path');

    await fill(user, SERVER, 'short token');
    const token = await screen.findByRole('alert');
    expect(token.getAttribute('data-code')).toBe('bad_token_format');
    expect(screen.getByLabelText('Personal token').getAttribute('aria-invalid')).toBe('true');

    expect(server.requests).toEqual([]);
    expect((connect as HTMLButtonElement).disabled).toBe(true);
  });

  it('says who the server acts for, or what failed: a refused token, or nothing answering', async () => {
    const { server, user } = setup();

    await fill(user, SERVER, 'someone-elses-token-0123456789');
    const refused = await screen.findByRole('alert');
    expect(refused.getAttribute('data-code')).toBe('bad_token');
    expect(refused.textContent).toContain('refused this token');
    expect((screen.getByRole('button', { name: 'Connect' }) as HTMLButtonElement).disabled).toBe(
      true,
    );

    server.state.down = true;
    await fill(user, SERVER, GOOD_TOKEN);
    expect((await screen.findByRole('alert')).getAttribute('data-code')).toBe('unreachable');

    server.state.down = false;
    await fill(user, `${SERVER}/`, GOOD_TOKEN);
    const reachable = await screen.findByText(/Reachable:/);
    expect(reachable.textContent).toBe(
      `Reachable: ArcFlux 9.9.9 at ${SERVER}, acting as User Two.`,
    );
    expect((screen.getByRole('button', { name: 'Connect' }) as HTMLButtonElement).disabled).toBe(
      false,
    );
    // Editing either field asks for a new check before connecting.
    await user.type(screen.getByLabelText('Personal token'), 'x');
    expect(screen.queryByText(/Reachable:/)).toBeNull();
    expect((screen.getByRole('button', { name: 'Connect' }) as HTMLButtonElement).disabled).toBe(
      true,
    );
  });

  it('connects: the app then loads from the server with the token, and disconnecting goes back', async () => {
    const { server, local, tab, store, user } = setup();
    await fill(user, SERVER, GOOD_TOKEN);
    await screen.findByText(/Reachable:/);
    await user.click(screen.getByRole('button', { name: 'Connect' }));

    await screen.findByText(/Connected to/);
    expect(store.getState().household).toEqual({ url: SERVER });
    expect(screen.getByText(/kept only until this window closes/)).toBeTruthy();
    expect(JSON.parse(tab.getItem(HOUSEHOLD_KEY) ?? 'null')).toEqual({
      url: SERVER,
      token: GOOD_TOKEN,
    });
    // Everything is loaded again, from the household server, as its acting user.
    await waitFor(() => expect(store.getState().settings?.actingUserId).toBe('user2'));
    expect(server.requests.filter((request) => request.url === `${SERVER}/v1/settings`)).toEqual([
      { url: `${SERVER}/v1/settings`, authorization: `Bearer ${GOOD_TOKEN}` },
    ]);
    await waitFor(() => expect(store.getState().connection).toBe('live'));

    const localLoadsBefore = local.inputsOf('settings:get').length;
    await user.click(screen.getByRole('button', { name: 'Disconnect' }));
    await screen.findByLabelText('Server address');
    expect(store.getState().household).toBeNull();
    expect(tab.getItem(HOUSEHOLD_KEY)).toBeNull();
    await waitFor(() => expect(store.getState().settings?.actingUserId).toBe('user1'));
    expect(local.inputsOf('settings:get').length).toBe(localLoadsBefore + 1);
  });
});
