import { describe, expect, it } from 'vitest';
import { createHttpBridge } from '../../../renderer/src/bridge/httpBridge';
import { TOKEN_KEY, type TokenStorage } from '../../../renderer/src/bridge/session';

/** Test double for sessionStorage. */
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

interface Recorded {
  url: string;
  method: string;
  headers: Headers;
  body: string | undefined;
}

/** Test double for the headless server: routes by "METHOD path". */
function fakeServer(routes: Record<string, (request: Recorded) => Response>) {
  const requests: Recorded[] = [];
  const fetch = (async (url: string, init: RequestInit = {}) => {
    const request: Recorded = {
      url,
      method: init.method ?? 'GET',
      headers: new Headers(init.headers),
      body: typeof init.body === 'string' ? init.body : undefined,
    };
    requests.push(request);
    const route = routes[`${request.method} ${url.split('?')[0]}`];
    return route
      ? route(request)
      : json(404, { ok: false, error: { code: 'not_found', message: 'no route' } });
  }) as typeof globalThis.fetch;
  return { fetch, requests };
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

const balances = {
  userId: 'user1',
  balances: [
    { userId: 'user1', currency: 'USDC', amount: '5000', updatedAt: '2026-11-01T00:00:00.000Z' },
  ],
};

describe('createHttpBridge', () => {
  it('trades the launch code for a token, removes the fragment and sends the token', async () => {
    const storage = new MemoryStorage();
    const replaced: string[] = [];
    const server = fakeServer({
      'POST /v1/session': (request) =>
        JSON.parse(request.body ?? '{}').launchCode === 'CODE1'
          ? json(200, { ok: true, data: { token: 'tok' } })
          : json(401, { ok: false, error: { code: 'unauthorized', message: 'bad code' } }),
      'GET /v1/balance': (request) =>
        request.headers.get('authorization') === 'Bearer tok'
          ? json(200, { ok: true, data: balances })
          : json(401, { ok: false, error: { code: 'unauthorized', message: 'no' } }),
    });
    const bridge = createHttpBridge({
      fetch: server.fetch,
      storage,
      href: 'http://127.0.0.1:4000/#launch=CODE1',
      replaceUrl: (url) => replaced.push(url),
      saveFile: () => undefined,
    });

    await expect(bridge.call('balance:get', {})).resolves.toEqual({ ok: true, data: balances });
    expect(replaced).toEqual(['/']);
    expect(storage.getItem(TOKEN_KEY)).toBe('tok');
  });

  it('reuses the token saved in this tab when there is no launch code', async () => {
    const storage = new MemoryStorage();
    storage.setItem(TOKEN_KEY, 'saved');
    const server = fakeServer({
      'GET /v1/balance': () => json(200, { ok: true, data: balances }),
    });
    const bridge = createHttpBridge({
      fetch: server.fetch,
      storage,
      href: 'http://127.0.0.1:4000/',
      replaceUrl: () => undefined,
      saveFile: () => undefined,
    });
    await bridge.call('balance:get', {});
    expect(server.requests.map((request) => request.headers.get('authorization'))).toEqual([
      'Bearer saved',
    ]);
  });

  it('answers unauthorized without a request when the tab is not signed in', async () => {
    const server = fakeServer({});
    const bridge = createHttpBridge({
      fetch: server.fetch,
      storage: new MemoryStorage(),
      href: 'http://127.0.0.1:4000/',
      replaceUrl: () => undefined,
      saveFile: () => undefined,
    });
    const result = await bridge.call('balance:get', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(server.requests).toEqual([]);
  });

  it('forgets a token the server rejects and passes the error on', async () => {
    const storage = new MemoryStorage();
    storage.setItem(TOKEN_KEY, 'expired');
    const server = fakeServer({
      'GET /v1/balance': () =>
        json(401, { ok: false, error: { code: 'unauthorized', message: 'Session expired.' } }),
    });
    const bridge = createHttpBridge({
      fetch: server.fetch,
      storage,
      href: 'http://127.0.0.1:4000/',
      replaceUrl: () => undefined,
      saveFile: () => undefined,
    });
    await expect(bridge.call('balance:get', {})).resolves.toEqual({
      ok: false,
      error: { code: 'unauthorized', message: 'Session expired.' },
    });
    expect(storage.getItem(TOKEN_KEY)).toBeNull();
  });

  it("reports, once and with the server's reason, that the session ended", async () => {
    const storage = new MemoryStorage();
    storage.setItem(TOKEN_KEY, 'old');
    const refusal = {
      ok: false,
      error: { code: 'unauthorized', reason: 'server_restarted', message: 'restarted' },
    };
    const server = fakeServer({
      'GET /v1/balance': () => json(401, refusal),
      'GET /v1/users': () => json(401, refusal),
    });
    const bridge = createHttpBridge({
      fetch: server.fetch,
      storage,
      href: 'http://127.0.0.1:4000/',
      replaceUrl: () => undefined,
      saveFile: () => undefined,
    });
    const reasons: string[] = [];
    bridge.onSignedOut?.((reason) => reasons.push(reason));
    await bridge.call('balance:get', {});
    await bridge.call('users:list', {});
    expect(reasons).toEqual(['server_restarted']);
    expect(storage.getItem(TOKEN_KEY)).toBeNull();
    // A listener that comes later hears it at once.
    const late: string[] = [];
    bridge.onSignedOut?.((reason) => late.push(reason));
    expect(late).toEqual(['server_restarted']);
  });

  it('says why a launch link was refused, and that a tab without any is not signed in', async () => {
    const server = fakeServer({
      'POST /v1/session': () =>
        json(401, {
          ok: false,
          error: { code: 'unauthorized', reason: 'launch_code_used', message: 'used' },
        }),
    });
    const reasonFor = async (href: string) => {
      const bridge = createHttpBridge({
        fetch: server.fetch,
        storage: new MemoryStorage(),
        href,
        replaceUrl: () => undefined,
        saveFile: () => undefined,
      });
      await bridge.call('balance:get', {});
      const reasons: string[] = [];
      bridge.onSignedOut?.((reason) => reasons.push(reason));
      return reasons;
    };
    expect(await reasonFor('http://127.0.0.1:4000/#launch=USED')).toEqual(['launch_code_used']);
    expect(await reasonFor('http://127.0.0.1:4000/')).toEqual(['not_signed_in']);
  });

  it('rejects replies that do not match the contract', async () => {
    const storage = new MemoryStorage();
    storage.setItem(TOKEN_KEY, 'tok');
    const server = fakeServer({
      'GET /v1/balance': () =>
        json(200, { ok: true, data: { userId: 'user1', balances: [{ amount: 5000.1 }] } }),
      'GET /v1/users': () => new Response('<html>proxy error</html>', { status: 502 }),
    });
    const bridge = createHttpBridge({
      fetch: server.fetch,
      storage,
      href: 'http://127.0.0.1:4000/',
      replaceUrl: () => undefined,
      saveFile: () => undefined,
    });
    await expect(bridge.call('balance:get', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'internal' },
    });
    await expect(bridge.call('users:list', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'unavailable' },
    });
  });

  it('reports a network failure as unavailable', async () => {
    const storage = new MemoryStorage();
    storage.setItem(TOKEN_KEY, 'tok');
    const bridge = createHttpBridge({
      fetch: (() => Promise.reject(new TypeError('Failed to fetch'))) as typeof fetch,
      storage,
      href: 'http://127.0.0.1:4000/',
      replaceUrl: () => undefined,
      saveFile: () => undefined,
    });
    await expect(bridge.call('users:list', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'unavailable' },
    });
  });
});

describe('createHttpBridge download', () => {
  function bridgeFor(routes: Record<string, (request: Recorded) => Response>) {
    const storage = new MemoryStorage();
    storage.setItem(TOKEN_KEY, 'saved');
    const server = fakeServer(routes);
    const saved: { file: Blob; fileName: string }[] = [];
    const bridge = createHttpBridge({
      fetch: server.fetch,
      storage,
      href: 'http://127.0.0.1:4000/',
      replaceUrl: () => undefined,
      saveFile: (file, fileName) => saved.push({ file, fileName }),
    });
    return { bridge, server, saved };
  }

  it('saves a streamed CSV to the downloads, counting records as chunks arrive, quoted line breaks included', async () => {
    const pieces = ['a,b\r\nx1,"line\r\nbreak"\r', '\nx2,"say ""hi"""\r\n', 'x3,y\r\n'];
    const encoder = new TextEncoder();
    const { bridge, server, saved } = bridgeFor({
      'GET /v1/transfers/export': () =>
        new Response(
          new ReadableStream({
            start(controller) {
              for (const piece of pieces) controller.enqueue(encoder.encode(piece));
              controller.close();
            },
          }),
          {
            status: 200,
            headers: {
              'content-type': 'text/csv; charset=utf-8',
              'content-disposition': 'attachment; filename="arcflux-transfers-2031-01-02.csv"',
              'x-total-rows': '3',
            },
          },
        ),
    });
    const progress: [number, number][] = [];
    const result = await bridge.download(
      'transfers:export',
      { status: 'failed', q: 'rent' },
      (records, total) => progress.push([records, total]),
    );
    expect(server.requests[0]?.url).toBe('/v1/transfers/export?status=failed&q=rent');
    expect(server.requests[0]?.headers.get('authorization')).toBe('Bearer saved');
    expect(progress).toEqual([
      [0, 3],
      [2, 3],
      [3, 3],
    ]);
    expect(result).toEqual({
      ok: true,
      data: {
        status: 'saved',
        fileName: 'arcflux-transfers-2031-01-02.csv',
        path: null,
        records: 3,
      },
    });
    expect(saved.map((file) => file.fileName)).toEqual(['arcflux-transfers-2031-01-02.csv']);
    expect(await saved[0]?.file.text()).toBe(pieces.join(''));
  });

  it("returns the server's error envelope when the export is refused", async () => {
    const { bridge, saved } = bridgeFor({
      'GET /v1/transfers/export': () =>
        json(400, { ok: false, error: { code: 'invalid_input', message: 'status is wrong' } }),
    });
    const result = await bridge.download('transfers:export', {}, () => undefined);
    expect(result).toEqual({
      ok: false,
      error: { code: 'invalid_input', message: 'status is wrong' },
    });
    expect(saved).toEqual([]);
  });
});
