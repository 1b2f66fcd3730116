import { writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATA_LOCK_FILE } from '../../electron/core/store';
import { startServer, type RunningServer } from '../../electron/server/server';
import { LAUNCH_CODE_SECONDS } from '../../shared/session';
import { temporaryFolder } from '../support/dataFolder';
import { ManualClock } from '../support/manualClock';
import { useMoneyServer } from '../support/moneyServer';

const token = 'guards-token-0123456789abcdef';
const server = useMoneyServer(token);
const HOUR = 3600_000;

/**
 * A raw HTTP request, so a test can send the Host and Origin a browser would (fetch
 * always sends the real Host) and a body under any content type.
 */
function send(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<{ status: number; body: any }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      { host: url.hostname, port: url.port, method, path, headers },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });
const json = { 'content-type': 'application/json' };

describe('address checks (DNS rebinding)', () => {
  it('answers at the loopback names with its own port', async () => {
    const port = server.server.port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]) {
      const reply = await send(server.server.url, 'GET', '/v1/health', { host, ...bearer(token) });
      expect(reply.status, host).toBe(200);
    }
    const sameOrigin = await send(server.server.url, 'GET', '/v1/health', {
      origin: `http://localhost:${port}`,
      ...bearer(token),
    });
    expect(sameOrigin.status).toBe(200);
  });

  it('refuses another name, another port, or a page from another origin, token or not', async () => {
    const port = server.server.port;
    const before = server.snapshot();
    for (const host of [`evil.example:${port}`, `127.0.0.1:${port + 1}`, '127.0.0.1']) {
      const reply = await send(
        server.server.url,
        'PATCH',
        '/v1/settings',
        {
          host,
          ...bearer(token),
          ...json,
        },
        '{"timezone":"Europe/Paris"}',
      );
      expect(reply.status, host).toBe(403);
      expect(reply.body.error).toMatchObject({ code: 'forbidden', reason: 'host_not_allowed' });
      expect(reply.body.error.message).toContain(`127.0.0.1:${port}`);
    }
    for (const origin of [`http://evil.example:${port}`, 'null', `https://127.0.0.1:${port}`]) {
      const reply = await send(
        server.server.url,
        'PATCH',
        '/v1/settings',
        {
          origin,
          ...bearer(token),
          ...json,
        },
        '{"timezone":"Europe/Paris"}',
      );
      expect(reply.status, origin).toBe(403);
      expect(reply.body.error.reason).toBe('origin_not_allowed');
    }
    // A rebinding page can't even fetch the static interface under its own name.
    const page = await send(server.server.url, 'GET', '/', { host: `evil.example:${port}` });
    expect(page.status).toBe(403);
    expect(server.snapshot()).toEqual(before);
  });
});

describe('request checks', () => {
  it('answers a broken percent-encoding with 400, not 500', async () => {
    for (const path of ['/v1/payments/%E0%A4%A', '/v1/payments/%zz', '/%E0%A4%A']) {
      const reply = await send(server.server.url, 'GET', path, bearer(token));
      expect(reply.status, path).toBe(400);
      expect(reply.body.error).toMatchObject({ code: 'invalid_input' });
      expect(reply.body.error.message).toMatch(/percent-encoding/);
    }
  });

  it('takes JSON bodies only as application/json, and changes nothing otherwise', async () => {
    const before = server.snapshot();
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', undefined]) {
      const reply = await send(
        server.server.url,
        'PATCH',
        '/v1/settings',
        { ...bearer(token), ...(type ? { 'content-type': type } : {}) },
        '{"timezone":"Europe/Paris"}',
      );
      expect(reply.status, type).toBe(415);
      expect(reply.body.error.code).toBe('unsupported_media_type');
      expect(reply.body.error.message).toContain('Content-Type: application/json');
    }
    expect(server.snapshot()).toEqual(before);
    const charset = await send(
      server.server.url,
      'PATCH',
      '/v1/settings',
      { ...bearer(token), 'content-type': 'application/json; charset=utf-8' },
      '{"timezone":"Europe/Paris"}',
    );
    expect(charset.status).toBe(200);
  });

  it('takes the launch code as JSON only', async () => {
    const plain = await send(
      server.server.url,
      'POST',
      '/v1/session',
      { 'content-type': 'text/plain' },
      '{"launchCode":"launch-code-0123456789"}',
    );
    expect(plain.status).toBe(415);
    // The refused attempt did not use the code up.
    const exchanged = await send(
      server.server.url,
      'POST',
      '/v1/session',
      json,
      '{"launchCode":"launch-code-0123456789"}',
    );
    expect(exchanged.status).toBe(200);
  });
});

describe('sessions on the injected clock', () => {
  const clock = new ManualClock();
  const staticDir = temporaryFolder('arcflux-static-');
  const servers: RunningServer[] = [];
  const start = async (launchCode: string) => {
    const running = await startServer({
      core: server.money.core,
      host: '127.0.0.1',
      port: 0,
      token,
      launchCode,
      staticDir: staticDir.path,
      clock,
      sessionIdleHours: 12,
    });
    servers.push(running);
    return running;
  };
  let first: RunningServer;
  beforeAll(async () => {
    first = await start('first-launch-code-0123456789');
  });
  afterAll(async () => {
    for (const running of servers) await running.close();
    staticDir.remove();
  });
  const exchange = (running: RunningServer, launchCode: string) =>
    send(running.url, 'POST', '/v1/session', json, JSON.stringify({ launchCode }));
  const health = (running: RunningServer, secret: string) =>
    send(running.url, 'GET', '/v1/health', bearer(secret));

  it('trades a launch code once; the second try is refused and makes no session', async () => {
    const once = await exchange(first, 'first-launch-code-0123456789');
    expect(once.status).toBe(200);
    const twice = await exchange(first, 'first-launch-code-0123456789');
    expect(twice.status).toBe(401);
    expect(twice.body.error).toMatchObject({ code: 'unauthorized', reason: 'launch_code_used' });
    expect(twice.body.error.message).toMatch(/works once.*arcflux web/);
    const guess = await exchange(first, 'not-a-code-this-server-printed');
    expect(guess.body.error.reason).toBe('launch_code_unknown');
  });

  it(`refuses a launch code after ${LAUNCH_CODE_SECONDS} s`, async () => {
    const late = await start('late-launch-code-0123456789');
    clock.advance(LAUNCH_CODE_SECONDS * 1000 + 1);
    const reply = await exchange(late, 'late-launch-code-0123456789');
    expect(reply.status).toBe(401);
    expect(reply.body.error.reason).toBe('launch_code_expired');
    const onTime = await start('on-time-launch-code-0123456789');
    clock.advance(LAUNCH_CODE_SECONDS * 1000);
    expect((await exchange(onTime, 'on-time-launch-code-0123456789')).status).toBe(200);
  });

  it('ends a session after 12 h without use; each use starts the time again', async () => {
    const running = await start('idle-launch-code-0123456789');
    const session = (await exchange(running, 'idle-launch-code-0123456789')).body.data.token;
    clock.advance(11 * HOUR);
    expect((await health(running, session)).status).toBe(200);
    clock.advance(11 * HOUR);
    expect((await health(running, session)).status).toBe(200);
    clock.advance(12 * HOUR + 1);
    const ended = await health(running, session);
    expect(ended.status).toBe(401);
    expect(ended.body.error).toMatchObject({ code: 'unauthorized', reason: 'session_expired' });
    // The API token is not a session: it does not expire.
    expect((await health(running, token)).status).toBe(200);
  });

  it('ends an open event stream once its session has expired, instead of sending on', async () => {
    const running = await start('stream-launch-code-0123456789');
    const session = (await exchange(running, 'stream-launch-code-0123456789')).body.data.token;
    const controller = new AbortController();
    const stream = await fetch(new URL('/v1/events', running.url), {
      headers: bearer(session),
      signal: controller.signal,
    });
    const reader = stream.body!.getReader();
    const decoder = new TextDecoder();
    expect(decoder.decode((await reader.read()).value)).toContain(': connected');
    clock.advance(12 * HOUR + 1);
    // An event arrives (another client changes a setting): the stream ends rather than carry it.
    const change = await send(
      running.url,
      'PATCH',
      '/v1/settings',
      { ...bearer(token), ...json },
      '{"timezone":"Europe/Paris"}',
    );
    expect(change.status).toBe(200);
    let received = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      received += decoder.decode(value);
    }
    controller.abort();
    expect(received).not.toContain('settings:changed');
    const reconnect = await fetch(new URL('/v1/events', running.url), { headers: bearer(session) });
    expect(reconnect.status).toBe(401);
    expect(((await reconnect.json()) as any).error.reason).toBe('session_expired');
  });

  it('tells a session from an earlier run of the server from a made-up token', async () => {
    const before = await start('restart-launch-code-0123456789');
    const session = (await exchange(before, 'restart-launch-code-0123456789')).body.data.token;
    const after = await start('after-launch-code-0123456789');
    const stale = await health(after, session);
    expect(stale.status).toBe(401);
    expect(stale.body.error.reason).toBe('server_restarted');
    const madeUp = await health(after, 'x'.repeat(session.length - 1));
    expect(madeUp.body.error.reason).toBe('not_signed_in');
  });

  it('mints a fresh one-time link for the API token only', async () => {
    const minted = await send(
      first.url,
      'POST',
      '/v1/launch-codes',
      { ...bearer(token), ...json },
      '{}',
    );
    expect(minted.status).toBe(200);
    const link = new URL(minted.body.data.link);
    expect(link.origin).toBe(new URL(first.url).origin);
    expect(minted.body.data.expiresAt).toBe(
      new Date(clock.now().getTime() + LAUNCH_CODE_SECONDS * 1000).toISOString(),
    );
    const code = new URLSearchParams(link.hash.slice(1)).get('launch') ?? '';
    const session = (await exchange(first, code)).body.data.token as string;
    expect(session).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect((await exchange(first, code)).body.error.reason).toBe('launch_code_used');
    const bySession = await send(
      first.url,
      'POST',
      '/v1/launch-codes',
      { ...bearer(session), ...json },
      '{}',
    );
    expect(bySession.status).toBe(403);
  });
});

describe('health', () => {
  // Last: losing the lock stops every write of this file's core.
  it('reports "degraded" with the reason once the data-folder lock is lost', async () => {
    const healthy = await server.api('/v1/health');
    expect(healthy.body.data).toMatchObject({ status: 'ok', problems: [] });
    writeFileSync(
      join(server.money.core.dataDir, DATA_LOCK_FILE),
      JSON.stringify({ pid: 1, hostname: 'elsewhere', owner: 'another ArcFlux', startedAt: 'x' }),
    );
    const lost = await server.api('/v1/health');
    expect(lost.status).toBe(200);
    expect(lost.body.data.status).toBe('degraded');
    expect(lost.body.data.problems).toEqual([
      { code: 'data_lock_lost', message: expect.stringMatching(/no longer holds the data folder/) },
    ]);
  });
});
