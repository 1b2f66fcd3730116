import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from './requestBody';

/**
 * A stand-in for Circle's API on 127.0.0.1, over real sockets: transfers with idempotency
 * keys, wallet balances and address-book recipients, plus faults a test can queue
 * (an error status, a dropped connection, a slow answer, or an answer lost after the
 * transfer was made).
 */
export interface FakeCircle {
  url: string;
  /** Every request seen: method, path, authorization header and parsed body. */
  requests: { method: string; path: string; authorization: string | undefined; body: any }[];
  /** Transfers made, by idempotency key: what really moved. */
  transfers: Map<string, { id: string; amount: string; currency: string; addressId: string }>;
  balances: Map<string, string>;
  recipients: { id: string; address: string; chain: string; status: string }[];
  fail(next: Fault): void;
  /**
   * While set, every request whose path matches is answered with `status` and an error
   * that repeats the credential it was sent (and `extra`) in its body, in headers and in
   * a URL, as a careless service would. `undefined` stops it.
   */
  echoCredentials(rule: EchoRule | undefined): void;
  close(): Promise<void>;
}

export interface EchoRule {
  path: RegExp;
  status: number;
  /** More text to repeat: another secret, a key of a shape ArcFlux was never given. */
  extra?: string;
  /** Text the message starts with, to move the echoed key along it. */
  lead?: string;
}

export type Fault =
  | { kind: 'status'; status: number }
  | { kind: 'drop' }
  | { kind: 'slow'; ms: number }
  | { kind: 'commit_then_status'; status: number };

export async function startFakeCircle(options: {
  apiKey: string;
  walletId: string;
  balances: Record<string, string>;
}): Promise<FakeCircle> {
  const faults: Fault[] = [];
  let echo: EchoRule | undefined;
  const state: Omit<FakeCircle, 'url' | 'fail' | 'echoCredentials' | 'close'> = {
    requests: [],
    transfers: new Map(),
    balances: new Map(Object.entries(options.balances)),
    recipients: [],
  };
  const server = createServer((request, response) => {
    void handle(request, response).catch(() => response.destroy());
  });
  async function handle(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const text = await readBody(request);
    const body = text ? JSON.parse(text) : undefined;
    state.requests.push({
      method: request.method ?? 'GET',
      path: `${url.pathname}${url.search}`,
      authorization: request.headers.authorization,
      body,
    });
    if (echo?.path.test(url.pathname)) {
      const sent = request.headers.authorization ?? '';
      const key = sent.replace(/^Bearer /, '');
      response.writeHead(echo.status, {
        'content-type': 'application/json',
        'x-echo-authorization': sent,
        'www-authenticate': `Bearer error="invalid_token", token="${key}"`,
        location: `https://api-sandbox.circle.com/v1/help?apiKey=${encodeURIComponent(key)}`,
      });
      return response.end(
        JSON.stringify({
          code: echo.status,
          message: `${echo.lead ?? ''}Invalid credentials ${sent} (key ${key}) ${echo.extra ?? ''} see https://api-sandbox.circle.com/v1/help?apiKey=${encodeURIComponent(key)}`,
        }),
      );
    }
    if (request.headers.authorization !== `Bearer ${options.apiKey}`) {
      return send(response, 401, {
        code: 401,
        message: 'Malformed key. Does it contain three parts?',
      });
    }
    const fault = faults.shift();
    if (fault?.kind === 'drop') return response.destroy();
    if (fault?.kind === 'status')
      return send(response, fault.status, { code: 1, message: 'Fault' });
    if (fault?.kind === 'slow') await new Promise((resolve) => setTimeout(resolve, fault.ms));
    if (request.method === 'GET' && url.pathname === `/v1/wallets/${options.walletId}`) {
      return send(response, 200, {
        data: {
          walletId: options.walletId,
          entityId: randomUUID(),
          type: 'merchant',
          balances: [...state.balances].map(([currency, amount]) => ({ amount, currency })),
        },
      });
    }
    if (request.method === 'GET' && url.pathname === '/v1/addressBook/recipients') {
      const address = url.searchParams.get('address');
      return send(response, 200, {
        data: state.recipients.filter((recipient) => !address || recipient.address === address),
      });
    }
    if (request.method === 'POST' && url.pathname === '/v1/transfers') {
      const result = transfer(body);
      if (fault?.kind === 'commit_then_status') {
        return send(response, fault.status, { code: 1, message: 'Upstream timeout' });
      }
      return send(response, result.status, result.body);
    }
    return send(response, 404, { code: 404, message: 'Not found' });
  }
  function transfer(body: any): { status: number; body: unknown } {
    const key = String(body?.idempotencyKey ?? '');
    if (!/^[0-9a-f-]{36}$/.test(key))
      return { status: 400, body: { code: 2, message: 'Invalid idempotencyKey' } };
    const existing = state.transfers.get(key);
    if (existing) return { status: 200, body: { data: { ...existing, status: 'pending' } } };
    const { amount, currency } = body.amount;
    const balance = Number(state.balances.get(currency) ?? '0');
    if (Number(amount) > balance) {
      return { status: 400, body: { code: 5, message: 'Insufficient funds for the transfer' } };
    }
    // Cents are exact enough for a fake; ArcFlux itself never does float money.
    state.balances.set(currency, (Math.round((balance - Number(amount)) * 100) / 100).toFixed(2));
    const made = { id: randomUUID(), amount, currency, addressId: body.destination.addressId };
    state.transfers.set(key, made);
    return { status: 201, body: { data: { ...made, status: 'pending' } } };
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    ...state,
    url: `http://127.0.0.1:${port}`,
    fail: (fault) => faults.push(fault),
    echoCredentials: (rule) => {
      echo = rule;
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function send(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}
