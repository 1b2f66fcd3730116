import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { redactorFor } from '../../../../electron/core/config/redaction';
import { SecretReference } from '../../../../electron/core/config/secret';
import { CircleConnector } from '../../../../electron/core/connectors/circle/circleConnector';
import {
  createTransfer,
  getWallet,
  listRecipients,
} from '../../../fixtures/circle/documentedExamples';

/**
 * What the Circle connector sends (path, headers, body) and what it can read, held
 * against the examples in Circle's API reference (tests/fixtures/circle). Only shapes are
 * compared: field names, nesting and types, never Circle's sample values.
 */

const API_KEY = 'TEST_API_KEY:0123456789abcdef:fedcba9876543210';
const WALLET = '1000216185';
const ADDRESS = '0x23560f0e364ccd8b67bee486fe8bf7c01d492ccb';
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

interface Sent {
  method: string;
  path: string;
  query: string[];
  headers: Record<string, string>;
  body: unknown;
}
let sent: Sent[] = [];

/** Circle's documented answers, with our wallet and recipient put in Circle's fields. */
function answer(method: string, url: URL): unknown {
  if (method === 'POST' && url.pathname === createTransfer.path) return createTransfer.response;
  if (method === 'GET' && url.pathname === `/v1/wallets/${WALLET}`) {
    return { data: { ...getWallet.response.data, walletId: WALLET } };
  }
  if (method === 'GET' && url.pathname === listRecipients.path) {
    return { data: listRecipients.response.data.map((entry) => ({ ...entry, address: ADDRESS })) };
  }
  throw new Error(`the connector called ${method} ${url.pathname}, which Circle's examples lack`);
}

beforeEach(() => {
  sent = [];
  vi.stubGlobal('fetch', async (input: URL, init: RequestInit) => {
    const url = new URL(input);
    const method = init.method ?? 'GET';
    sent.push({
      method,
      path: url.pathname,
      query: [...url.searchParams.keys()],
      headers: Object.fromEntries(new Headers(init.headers).entries()),
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
    });
    return new Response(JSON.stringify(answer(method, url)), {
      status: method === 'POST' ? 201 : 200,
      headers: { 'content-type': 'application/json' },
    });
  });
});
afterEach(() => vi.unstubAllGlobals());

function connector() {
  const apiKey = new SecretReference('connector.apiKey', 'CIRCLE_API_KEY');
  const env = { CIRCLE_API_KEY: API_KEY };
  return new CircleConnector({
    baseUrl: 'https://api-sandbox.circle.com',
    apiKey,
    walletId: WALLET,
    requestTimeoutMs: 2000,
    env,
    ownerId: 'user1',
    redact: redactorFor([apiKey], env),
  });
}

/** A value's shape: field names and nesting, with each leaf replaced by its type. */
function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.length > 0 ? [shapeOf(value[0])] : [];
  if (value === null) return 'null';
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, shapeOf(item)]));
  }
  return typeof value;
}

describe("the Circle connector against Circle's documented examples", () => {
  it('sends a transfer with the documented path, headers and body shape', async () => {
    const outcome = await connector().transfer({
      idempotencyKey: 'pay_contract@first-run',
      uuidVersion: 4,
      payerId: 'user1',
      recipient: { id: 'user3', walletId: 'w3', walletAddress: ADDRESS },
      amount: '12.5',
      currency: 'USDC',
    });
    // The documented response parses: Circle's transfer id comes back as ours.
    expect(outcome).toEqual({ status: 'succeeded', transferId: createTransfer.response.data.id });
    const post = sent.find((request) => request.method === 'POST');
    expect(post?.path).toBe(createTransfer.path);
    expect(post?.headers).toMatchObject({
      authorization: `Bearer ${API_KEY}`,
      'content-type': createTransfer.headers['content-type'],
    });
    expect(createTransfer.headers.authorization).toMatch(/^Bearer /);
    expect(shapeOf(post?.body)).toEqual(shapeOf(createTransfer.body));
    const body = post?.body as typeof createTransfer.body;
    // The documented key is a version-4 UUID, and so is ours.
    expect(createTransfer.body.idempotencyKey).toMatch(UUID_V4);
    expect(body.idempotencyKey).toMatch(UUID_V4);
    expect(body.source).toEqual({ type: createTransfer.body.source.type, id: WALLET });
    expect(body.destination.type).toBe(createTransfer.body.destination.type);
    expect(body.destination.addressId).toBe(listRecipients.response.data[0]?.id);
    expect(body.amount).toEqual({ amount: '12.5', currency: createTransfer.body.amount.currency });
  });

  it('reads a wallet and the address book at the documented paths, and parses the documented answers', async () => {
    expect(await connector().balance('user1', 'USDC')).toBe('3.14');
    expect(await connector().verifyRecipient({ walletAddress: ADDRESS })).toBe('verified');
    const [wallet, recipients] = sent;
    expect(wallet).toMatchObject({
      method: getWallet.method,
      path: getWallet.path.replace('{walletId}', WALLET),
      body: undefined,
      headers: { authorization: `Bearer ${API_KEY}` },
    });
    expect(recipients).toMatchObject({
      method: listRecipients.method,
      path: listRecipients.path,
      query: [...listRecipients.query],
      body: undefined,
      headers: { authorization: `Bearer ${API_KEY}` },
    });
  });
});
