import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redactorFor } from '../../electron/core/config/redaction';
import { SecretReference } from '../../electron/core/config/secret';
import { CircleConnector } from '../../electron/core/connectors/circle/circleConnector';
import { TransientConnectorError } from '../../electron/core/connectors/connector';
import { idempotencyUuid } from '../../electron/core/execution/idempotency';
import { startFakeCircle, type FakeCircle } from '../support/fakeCircle';
import {
  configWith,
  moneyFolder,
  openMoneyCore,
  proposeAndConfirm,
  withoutUndoWindow,
} from '../support/moneyCore';

const API_KEY = 'TEST_API_KEY:0123456789abcdef:fedcba9876543210';
const WALLET = '1000216185';
const alice = {
  id: 'user3',
  walletId: 'w3',
  walletAddress: '0x23560f0e364ccd8b67bee486fe8bf7c01d492ccb',
};
let circle: FakeCircle;

beforeAll(async () => {
  circle = await startFakeCircle({
    apiKey: API_KEY,
    walletId: WALLET,
    balances: { USD: '100.00', EUR: '5.50' },
  });
  circle.recipients.push(
    {
      id: 'b8627ae8-732b-4d25-b947-1df8f4007a29',
      address: alice.walletAddress,
      chain: 'ETH',
      status: 'active',
    },
    { id: 'c1', address: '0xpending', chain: 'ETH', status: 'pending_verification' },
  );
});
afterAll(() => circle.close());

function connector(
  env: Record<string, string | undefined> = { CIRCLE_API_KEY: API_KEY },
  timeoutMs = 2000,
) {
  const apiKey = new SecretReference('connector.apiKey', 'CIRCLE_API_KEY');
  return new CircleConnector({
    baseUrl: circle.url,
    apiKey,
    walletId: WALLET,
    requestTimeoutMs: timeoutMs,
    env,
    ownerId: 'user1',
    redact: redactorFor([apiKey], env),
  });
}

const request = (key: string, amount = '10') =>
  ({
    idempotencyKey: key,
    uuidVersion: 4,
    payerId: 'user1',
    recipient: alice,
    amount,
    currency: 'USDC',
  }) as const;

describe('Circle connector against a local Circle over HTTP', () => {
  it('reads the wallet balance in ArcFlux form, and only for the wallet owner', async () => {
    expect(await connector().balance('user1', 'USDC')).toBe('100');
    expect(await connector().balance('user1', 'EURC')).toBe('5.5');
    expect(await connector().balance('user2', 'USDC')).toBeUndefined();
    const last = circle.requests.at(-1);
    expect(last).toMatchObject({
      method: 'GET',
      path: `/v1/wallets/${WALLET}`,
      authorization: `Bearer ${API_KEY}`,
    });
  });

  it('reports address-book status as the recipient verification', async () => {
    expect(await connector().verifyRecipient(alice)).toBe('verified');
    expect(await connector().verifyRecipient({ walletAddress: '0xpending' })).toBe('pending');
    expect(await connector().verifyRecipient({ walletAddress: '0xnobody' })).toBe('unknown');
  });

  it('sends a transfer with a UUID idempotency key derived from the occurrence key', async () => {
    const key = 'pay_circle@2026-11-06T14:00:00.000Z';
    const outcome = await connector().transfer(request(key));
    expect(outcome).toMatchObject({ status: 'succeeded' });
    const sent = circle.requests.filter((entry) => entry.path === '/v1/transfers').at(-1);
    expect(sent?.body).toEqual({
      idempotencyKey: idempotencyUuid(key),
      source: { type: 'wallet', id: WALLET },
      destination: {
        type: 'verified_blockchain',
        addressId: 'b8627ae8-732b-4d25-b947-1df8f4007a29',
      },
      amount: { amount: '10', currency: 'USD' },
    });
    // The same occurrence again is the same transfer to Circle: no second payment.
    expect(await connector().transfer(request(key))).toEqual(outcome);
    expect(
      [...circle.transfers.keys()].filter((uuid) => uuid === idempotencyUuid(key)),
    ).toHaveLength(1);
  });

  it('treats 5xx, 429, dropped connections and timeouts as transient, and resubmits safely', async () => {
    const key = 'pay_faults@2026-11-06T14:00:00.000Z';
    for (const fault of [
      { kind: 'status', status: 503 },
      { kind: 'status', status: 429 },
      { kind: 'drop' },
    ] as const) {
      // The first request (the address-book lookup) meets the fault.
      circle.fail(fault);
      await expect(connector().transfer(request(key))).rejects.toBeInstanceOf(
        TransientConnectorError,
      );
    }
    circle.fail({ kind: 'slow', ms: 400 });
    await expect(
      connector({ CIRCLE_API_KEY: API_KEY }, 150).transfer(request(key)),
    ).rejects.toThrow(/timed out/);
    // Committed, then the answer is lost: the retry with the same key gets the original.
    const before = circle.balances.get('USD');
    circle.requests.length = 0;
    circle.fail({ kind: 'slow', ms: 0 });
    circle.fail({ kind: 'commit_then_status', status: 504 });
    await expect(connector().transfer(request(key, '1'))).rejects.toBeInstanceOf(
      TransientConnectorError,
    );
    const retried = await connector().transfer(request(key, '1'));
    expect(retried.status).toBe('succeeded');
    expect(Number(circle.balances.get('USD'))).toBe(Number(before) - 1);
  });

  it('returns refusals as outcomes: insufficient funds, inactive recipient, wrong payer', async () => {
    expect(
      await connector().transfer(request('pay_big@2026-11-06T14:00:00.000Z', '1000')),
    ).toMatchObject({
      status: 'rejected',
      failure: 'insufficient_funds',
    });
    expect(
      await connector().transfer({
        ...request('pay_pending@x'),
        recipient: { ...alice, walletAddress: '0xpending' },
      }),
    ).toMatchObject({
      status: 'rejected',
      failure: 'rejected',
      message: expect.stringContaining('pending_verification'),
    });
    expect(
      await connector().transfer({ ...request('pay_other@x'), payerId: 'user2' }),
    ).toMatchObject({
      status: 'rejected',
    });
  });

  it('never lets the API key into an error, and refuses without one', async () => {
    const wrong = connector({ CIRCLE_API_KEY: 'WRONG_KEY_NOT_SECRET' });
    const error = await wrong.balance('user1', 'USDC').catch((caught: Error) => caught);
    expect(String(error)).toContain('HTTP 401');
    expect(String(error)).not.toContain(API_KEY);
    const missing = await connector({}).transfer(request('pay_nokey@x'));
    expect(missing).toMatchObject({
      status: 'rejected',
      message: expect.stringContaining('CIRCLE_API_KEY'),
    });
    expect(JSON.stringify(missing)).not.toContain(API_KEY);
    // A refusal quoting Circle's own fields (here a recipient status) is redacted too.
    circle.recipients.push({
      id: 'c2',
      address: '0xleaky',
      chain: 'ETH',
      status: `suspended:${API_KEY}`,
    });
    const quoted = await connector().transfer({
      ...request('pay_leaky@x'),
      recipient: { ...alice, walletAddress: '0xleaky' },
    });
    expect(quoted).toMatchObject({
      status: 'rejected',
      message: expect.stringContaining('suspended'),
    });
    expect(JSON.stringify(quoted)).not.toContain(API_KEY);
  });

  it('redacts what Circle said before shortening it, so no part of a key survives the cut', async () => {
    const plain = 'plain-secret-0123456789abcdefghij';
    // Circle's message is kept to 200 characters; the key's second echo straddles that.
    circle.echoCredentials({ path: /^\/v1\/wallets\//, status: 403, lead: 'x'.repeat(124) });
    try {
      const error = await connector({ CIRCLE_API_KEY: plain })
        .balance('user1', 'USDC')
        .catch((caught: Error) => caught);
      expect(error).toMatchObject({ code: 'connector_refused' });
      expect(String(error)).toContain('(key [redacted]');
      expect(String(error)).not.toMatch(/plain-sec|0123456789a/);
    } finally {
      circle.echoCredentials(undefined);
    }
  });

  it('pays a confirmed payment through the core with the circle connector configured', async () => {
    const folder = moneyFolder();
    const configPath = configWith(folder.path, (config) => {
      config.connector = {
        kind: 'circle',
        baseUrl: circle.url,
        apiKey: 'env:CIRCLE_API_KEY',
        walletId: WALLET,
        requestTimeoutMs: 2000,
      };
    });
    const lines: string[] = [];
    const money = await openMoneyCore({
      dataDir: folder.path,
      configPath,
      env: { CIRCLE_API_KEY: API_KEY },
      log: (line) => lines.push(line),
    });
    try {
      // About the connector, so the payment runs at the first tick.
      await withoutUndoWindow(money);
      const before = Number(circle.balances.get('USD'));
      const payment = await proposeAndConfirm(money, 'Pay Alice Chen 2.50 USDC');
      const tick = await money.call('scheduler:tick', {});
      expect(tick.executed).toMatchObject([
        { paymentId: payment.id, transferId: expect.any(String) },
      ]);
      expect(Number(circle.balances.get('USD'))).toBeCloseTo(before - 2.5, 2);
      const { balances } = await money.call('balance:get', { userId: 'user1' });
      expect(balances.find((entry) => entry.currency === 'USDC')?.amount).toBe(
        String(before - 2.5),
      );
      expect((await money.call('system:health', {})).connector).toBe('circle');
      expect(JSON.stringify(await money.call('settings:get', {}))).not.toContain(API_KEY);
      expect(lines.join('\n')).not.toContain(API_KEY);
    } finally {
      await money.core.close();
      folder.remove();
    }
  });
});
