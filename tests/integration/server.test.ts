import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../electron/core/createCore';
import { startServer, type RunningServer } from '../../electron/server/server';
import {
  sampleAssessment,
  samplePayment,
  seededDataFolder,
  temporaryFolder,
} from '../support/dataFolder';

const token = 'test-token-0123456789abcdef';
const launchCode = 'launch-code-0123456789';
const folder = seededDataFolder({
  payments: [
    samplePayment('pay_rent', { recipientId: 'user3', amount: '1500', memo: 'rent' }),
    samplePayment('pay_bread', { recipientId: 'user5', amount: '12.5', status: 'failed' }),
  ],
  assessments: [sampleAssessment('pay_rent'), sampleAssessment('pay_bread')],
});
const staticDir = temporaryFolder('arcflux-static-');
let core: Core;
let server: RunningServer;

async function api(path: string, init: RequestInit & { auth?: boolean } = {}) {
  const headers = new Headers(init.headers);
  if (init.auth !== false) headers.set('authorization', `Bearer ${token}`);
  // JSON routes take JSON only (text/plain is refused with 415; see serverGuards.test.ts).
  if (typeof init.body === 'string' && !headers.has('content-type')) {
    headers.set('content-type', 'application/json');
  }
  const response = await fetch(new URL(path, server.url), { ...init, headers });
  return { status: response.status, body: (await response.json()) as any };
}

beforeAll(async () => {
  mkdirSync(join(staticDir.path, 'assets'));
  writeFileSync(join(staticDir.path, 'index.html'), '<!doctype html><title>ArcFlux</title>');
  core = await openCore({ dataDir: folder.path, owner: 'the server test' });
  server = await startServer({
    core,
    host: '127.0.0.1',
    port: 0,
    token,
    launchCode,
    staticDir: staticDir.path,
  });
});

afterAll(async () => {
  await server.close();
  await core.close();
  folder.remove();
  staticDir.remove();
});

describe('REST door on loopback', () => {
  it('binds to 127.0.0.1', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('refuses requests without the token', async () => {
    const missing = await api('/v1/health', { auth: false });
    expect(missing.status).toBe(401);
    expect(missing.body).toEqual({
      ok: false,
      error: {
        code: 'unauthorized',
        reason: 'not_signed_in',
        message: expect.stringContaining('Authorization: Bearer'),
      },
    });
    const wrong = await api('/v1/health', {
      auth: false,
      headers: { authorization: 'Bearer nope' },
    });
    expect(wrong.status).toBe(401);
  });

  it('answers health, balance and users', async () => {
    const health = await api('/v1/health');
    expect(health).toMatchObject({
      status: 200,
      body: { ok: true, data: { status: 'ok', actingUserId: 'user1', connector: 'simulated' } },
    });
    const balance = await api('/v1/balance');
    expect(balance.body.data).toEqual({
      userId: 'user1',
      balances: [
        expect.objectContaining({ currency: 'USDC', amount: '5000' }),
        expect.objectContaining({ currency: 'EURC', amount: '1000' }),
      ],
    });
    const users = await api('/v1/users');
    expect(users.body.data).toHaveLength(7);
  });

  it('lists payments with filters and paging', async () => {
    const all = await api('/v1/payments');
    expect(all.body.data.total).toBe(2);
    const failed = await api('/v1/payments?status=failed');
    expect(failed.body.data.items.map((item: { id: string }) => item.id)).toEqual(['pay_bread']);
    const searched = await api('/v1/payments?q=alice');
    expect(searched.body.data.items.map((item: { id: string }) => item.id)).toEqual(['pay_rent']);
    const paged = await api('/v1/payments?limit=1&offset=1&sort=amount');
    expect(paged.body.data).toMatchObject({
      total: 2,
      offset: 1,
      limit: 1,
      items: [{ id: 'pay_rent' }],
    });
  });

  it('returns one payment with its risk assessment', async () => {
    const detail = await api('/v1/payments/pay_rent');
    expect(detail.body.data).toMatchObject({
      payment: { id: 'pay_rent', amount: '1500' },
      executions: [],
      riskAssessment: { id: 'risk_pay_rent', outcome: 'approved' },
    });
  });

  it('answers bad input with 400 and the schema message, and unknown ids with 404', async () => {
    const badLimit = await api('/v1/payments?limit=zero');
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.error.code).toBe('invalid_input');
    expect(badLimit.body.error.message).toMatch(/"limit"/);
    const badStatus = await api('/v1/payments?status=done');
    expect(badStatus.status).toBe(400);
    const unknownField = await api('/v1/payments?colour=red');
    expect(unknownField.body.error.message).toMatch(/unknown field "colour"/);
    const missing = await api('/v1/payments/pay_nope');
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toContain('pay_nope');
    const noRoute = await api('/v1/nothing-here');
    expect(noRoute.status).toBe(404);
  });

  it('rejects malformed JSON bodies and changes nothing', async () => {
    const before = await api('/v1/settings');
    const malformed = await api('/v1/settings', { method: 'PATCH', body: '{"timezone":' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toMatch(/not valid JSON/);
    const invalid = await api('/v1/settings', {
      method: 'PATCH',
      body: JSON.stringify({ timezone: 'Nowhere/City' }),
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.message).toMatch(/"timezone": Must be an IANA time zone/);
    expect(invalid.body.error.issues).toEqual([
      { path: ['timezone'], code: 'invalid_format', message: expect.stringMatching(/^Must be/) },
    ]);
    const unknownUser = await api('/v1/settings', {
      method: 'PATCH',
      body: JSON.stringify({ actingUserId: 'user99' }),
    });
    expect(unknownUser.status).toBe(400);
    const after = await api('/v1/settings');
    expect(after.body).toEqual(before.body);
  });

  it('pushes events over SSE', async () => {
    const controller = new AbortController();
    const response = await fetch(new URL('/v1/events', server.url), {
      headers: { authorization: `Bearer ${token}` },
      signal: controller.signal,
    });
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = response.body!.getReader();
    await reader.read(); // the ": connected" comment
    const update = await api('/v1/settings', {
      method: 'PATCH',
      body: JSON.stringify({ timezone: 'Europe/Paris' }),
    });
    expect(update.body.data.timezone).toBe('Europe/Paris');
    let text = '';
    while (!text.includes('\n\n')) text += new TextDecoder().decode((await reader.read()).value);
    controller.abort();
    expect(text).toContain('event: settings:changed');
    const data = JSON.parse(/data: (.*)/.exec(text)![1]!);
    expect(data.settings.timezone).toBe('Europe/Paris');
  });

  it('exchanges the launch code for a session token, never the stored one', async () => {
    const wrong = await api('/v1/session', {
      auth: false,
      method: 'POST',
      body: JSON.stringify({ launchCode: 'guess' }),
    });
    expect(wrong.status).toBe(401);
    const right = await api('/v1/session', {
      auth: false,
      method: 'POST',
      body: JSON.stringify({ launchCode }),
    });
    const session = right.body.data.token as string;
    expect(session).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(session).not.toBe(token);
    const health = await api('/v1/health', {
      auth: false,
      headers: { authorization: `Bearer ${session}` },
    });
    expect(health.status).toBe(200);
    // The code worked once: the same link opened again makes no second session.
    const again = await api('/v1/session', {
      auth: false,
      method: 'POST',
      body: JSON.stringify({ launchCode }),
    });
    expect(again.status).toBe(401);
    expect(again.body.error.reason).toBe('launch_code_used');
  });

  it('serves the renderer with a strict CSP and never outside its folder', async () => {
    const page = await fetch(new URL('/', server.url));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('<title>ArcFlux</title>');
    const escape = await fetch(new URL('/%2e%2e/%2e%2e/etc/passwd', server.url));
    expect(await escape.text()).not.toContain('root:');
    const encoded = await fetch(new URL('/..%2f..%2fetc%2fpasswd.txt', server.url));
    expect(encoded.status).toBe(403);
    const route = await fetch(new URL('/payments/pay_rent', server.url));
    expect(await route.text()).toContain('<title>ArcFlux</title>');
    const missingAsset = await fetch(new URL('/assets/missing.js', server.url));
    expect(missingAsset.status).toBe(404);
  });
});
