import { request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import { useMoneyServer } from '../support/moneyServer';

const token = 'household-token-0123456789abcdef';
const tabOrigin = 'http://127.0.0.1:47301';
const server = useMoneyServer(token, { allowedOrigins: [tabOrigin] });

/** A raw request, so the test sends the Origin a page elsewhere would. */
function send(
  method: string,
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: Record<string, unknown>; body: any }> {
  const url = new URL(server.server.url);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      { host: url.hostname, port: url.port, method, path, headers },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: text ? JSON.parse(text) : null,
          }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end();
  });
}

describe('a household server called from other pages', () => {
  it('answers the preflight of an allowed page, naming only that origin', async () => {
    const reply = await send('OPTIONS', '/v1/payments', {
      origin: tabOrigin,
      'access-control-request-method': 'GET',
      'access-control-request-headers': 'authorization',
    });
    expect(reply.status).toBe(204);
    expect(reply.headers['access-control-allow-origin']).toBe(tabOrigin);
    expect(reply.headers['access-control-allow-headers']).toContain('authorization');
  });

  it('serves an allowed page and the desktop app with a token, and lets them read the reply', async () => {
    for (const origin of [tabOrigin, 'app://arcflux']) {
      const reply = await send('GET', '/v1/health', { origin, authorization: `Bearer ${token}` });
      expect(reply.status, origin).toBe(200);
      expect(reply.headers['access-control-allow-origin'], origin).toBe(origin);
      expect(reply.body.data.version).toEqual(expect.any(String));
    }
  });

  it('still wants the token from an allowed page', async () => {
    const reply = await send('GET', '/v1/health', { origin: tabOrigin });
    expect(reply.status).toBe(401);
    expect(reply.body.error.code).toBe('unauthorized');
  });

  it('refuses every other page, with no CORS header to read the refusal by', async () => {
    for (const origin of ['http://127.0.0.1:47302', 'https://evil.example', 'app://other']) {
      const reply = await send('GET', '/v1/health', { origin, authorization: `Bearer ${token}` });
      expect(reply.status, origin).toBe(403);
      expect(reply.body.error.reason, origin).toBe('origin_not_allowed');
      expect(reply.headers['access-control-allow-origin'], origin).toBeUndefined();
    }
    const preflight = await send('OPTIONS', '/v1/health', { origin: 'https://evil.example' });
    expect(preflight.status).toBe(403);
  });
});
