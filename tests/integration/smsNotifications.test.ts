import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Notification } from '../../shared/schemas/notification';
import { redactorFor } from '../../electron/core/config/redaction';
import { SecretReference } from '../../electron/core/config/secret';
import type { SmsSendResult } from '../../electron/core/notifications/sms/smsProvider';
import { twilioProvider } from '../../electron/core/notifications/sms/twilio';
import { eventually } from '../support/eventually';
import { startFakeTwilio, type FakeTwilio } from '../support/fakeTwilio';
import {
  configWith,
  moneyFolder,
  openMoneyCore,
  withoutUndoWindow,
  type MoneyCore,
} from '../support/moneyCore';

const ACCOUNT_SID = `AC${'5d'.repeat(16)}`;
const AUTH_TOKEN = 'c0ffee5ecret70ken0f7w1l10a1b2c3d';
const BASIC = `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`;
const FROM = '+15550100999';
/** User One, the acting user: the seed's phone number, and SMS among their channels. */
const USER_ONE_PHONE = '+15550100001';

let twilio: FakeTwilio;

beforeAll(async () => {
  twilio = await startFakeTwilio({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
});

afterAll(async () => {
  await twilio.close();
});

/** A core with SMS on, sending to the fake Twilio; `lines` collects its log. */
async function openSmsCore(lines: string[]): Promise<{ money: MoneyCore; remove(): void }> {
  const folder = moneyFolder();
  const configPath = configWith(folder.path, (config) => {
    config.notifications.sms = {
      enabled: true,
      accountSid: ACCOUNT_SID,
      authToken: 'env:ARCFLUX_TWILIO_AUTH_TOKEN',
      from: FROM,
      baseUrl: twilio.url,
    };
  });
  const money = await openMoneyCore({
    dataDir: folder.path,
    configPath,
    env: { ARCFLUX_TWILIO_AUTH_TOKEN: AUTH_TOKEN },
    log: (line) => lines.push(line),
  });
  return {
    money,
    remove: () => {
      folder.remove();
    },
  };
}

/** Each of User One's notifications and its SMS delivery, as the notification centre shows them. */
async function smsDeliveries(money: MoneyCore) {
  const { items } = await money.call('notifications:list', { limit: 100 });
  return items.map((notification) => ({
    notification,
    sms: notification.deliveries?.find((delivery) => delivery.channel === 'sms'),
  }));
}

describe('SMS notifications through Twilio', () => {
  it('texts a payment notification as a form-encoded POST with basic auth, and marks it sent', async () => {
    const lines: string[] = [];
    const { money, remove } = await openSmsCore(lines);
    try {
      twilio.requests.length = 0;
      twilio.messages.length = 0;
      const result = await money.call('commands:run', { text: 'Pay Bob 20 USDC' });
      expect(result.decision.outcome).toBe('needs_confirmation');
      const paymentId = result.payment?.id ?? '';
      await eventually(() => twilio.messages.length === 1, 'the text message');
      const request = twilio.requests[0];
      expect(request).toMatchObject({
        method: 'POST',
        path: `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`,
        contentType: 'application/x-www-form-urlencoded',
        authorization: BASIC,
      });
      expect(Object.keys(request?.form ?? {}).sort()).toEqual(['Body', 'From', 'To']);
      expect(request?.form).toMatchObject({ To: USER_ONE_PHONE, From: FROM });
      const body = request?.form.Body ?? '';
      expect(body).toContain('Confirm 20.00 USDC to Bob Martinez');
      expect(body).toContain(`Ref ${paymentId}`);
      expect(body.length).toBeLessThanOrEqual(160);
      expect(body).not.toContain(AUTH_TOKEN);
      await eventually(async () => {
        const [latest] = await smsDeliveries(money);
        return latest?.sms?.status === 'sent';
      }, 'the SMS delivery marked sent');
      const [latest] = await smsDeliveries(money);
      expect(latest?.notification.paymentId).toBe(paymentId);
      expect(latest?.sms).toMatchObject({ attempts: 1, lastError: null, nextAttemptAt: null });
    } finally {
      await money.core.close();
      remove();
    }
  });

  it('an outage never blocks the money path; the outbox retries, then gives up visibly and keeps no credential', async () => {
    const lines: string[] = [];
    const { money, remove } = await openSmsCore(lines);
    const responses: unknown[] = [];
    try {
      twilio.requests.length = 0;
      twilio.messages.length = 0;
      // Each kind of outage once, then Twilio stays down; every error repeats our credentials.
      twilio.fail({ kind: 'status', status: 429 });
      twilio.fail({ kind: 'drop' });
      twilio.outage({ kind: 'status', status: 503 });
      await withoutUndoWindow(money);
      const result = await money.call('commands:run', { text: 'Pay Bob 20 USDC' });
      responses.push(result);
      expect(result.proposal).not.toBeNull();
      responses.push(await money.call('payments:confirm', { id: result.payment?.id ?? '' }));
      // Twilio is down, yet the payment is made.
      const tick = await money.call('scheduler:tick', {});
      responses.push(tick);
      expect(tick.executed).toHaveLength(1);
      // Retries run on later ticks, with backoff; ten minutes is past the longest wait.
      const allFailed = async () => {
        const all = await smsDeliveries(money);
        return all.length >= 2 && all.every(({ sms }) => sms?.status === 'failed');
      };
      // A delivery pass runs after the tick that starts it and may still be going when the
      // next round moves the clock, which then dates its retry later. So each round waits
      // until its pass is done: every request Twilio saw is recorded in the outbox, and
      // nothing is due at the clock's time any more (what is due, its pass attempts).
      const settled = async () => {
        const all = await smsDeliveries(money);
        const now = money.clock.now().toISOString();
        const attempts = all.reduce((sum, { sms }) => sum + (sms?.attempts ?? 0), 0);
        const due = all.some(
          ({ sms }) =>
            sms?.status === 'pending' && sms.nextAttemptAt !== null && sms.nextAttemptAt <= now,
        );
        return attempts === twilio.requests.length && !due;
      };
      for (let round = 0; round < 20 && !(await allFailed()); round += 1) {
        money.clock.advance(10 * 60 * 1000);
        responses.push(await money.call('scheduler:tick', {}));
        await eventually(settled, 'every delivery attempt so far recorded');
      }
      await eventually(allFailed, 'every SMS delivery given up');
      const deliveries = await smsDeliveries(money);
      expect(deliveries.map(({ notification }) => notification.kind).sort()).toEqual([
        'executed',
        'needs_confirmation',
      ]);
      for (const { sms } of deliveries) {
        expect(sms).toMatchObject({ status: 'failed', attempts: 5, nextAttemptAt: null });
        expect(sms?.lastError).toMatch(/^SMS (provider_error|rate_limited|unreachable): /);
      }
      const errors = deliveries.map(({ sms }) => sms?.lastError ?? '');
      expect(errors.some((error) => error.includes('Twilio answered HTTP 503'))).toBe(true);
      // The echoed credentials were there, and were redacted before they were kept.
      expect(errors.some((error) => error.includes('[redacted]'))).toBe(true);
      expect(twilio.messages).toHaveLength(0);
      expect(twilio.requests).toHaveLength(10);
      expect(lines.filter((line) => line.includes('gave up sending notification'))).toHaveLength(2);

      // Given up means given up: later ticks don't text about this payment again.
      twilio.outage(undefined);
      money.clock.advance(60 * 60 * 1000);
      responses.push(await money.call('scheduler:tick', {}));
      const aboutPayment = () =>
        twilio.requests.filter((request) =>
          request.form.Body?.includes(`Ref ${result.payment?.id ?? ''}`),
        );
      expect(aboutPayment()).toHaveLength(10);

      responses.push(await money.call('notifications:list', { limit: 100 }));
      const kept = [
        ...filesUnder(money.dataDir).map((file) => readFileSync(file, 'utf8')),
        JSON.stringify(responses),
        lines.join('\n'),
      ].join('\n');
      for (const form of [AUTH_TOKEN, encodeURIComponent(AUTH_TOKEN), BASIC.slice(6)]) {
        expect(kept.split(form).length - 1).toBe(0);
      }
    } finally {
      twilio.outage(undefined);
      await money.core.close();
      remove();
    }
  });

  it('a permanent refusal (21211, invalid number) fails the delivery at once, without retries', async () => {
    const lines: string[] = [];
    const { money, remove } = await openSmsCore(lines);
    try {
      twilio.requests.length = 0;
      twilio.fail({ kind: 'invalid_number' });
      const result = await money.call('commands:run', { text: 'Pay Bob 20 USDC' });
      expect(result.decision.outcome).toBe('needs_confirmation');
      let failed: Notification['deliveries'] = [];
      await eventually(async () => {
        const [latest] = await smsDeliveries(money);
        failed = latest?.notification.deliveries;
        return latest?.sms?.status === 'failed';
      }, 'the SMS delivery marked failed');
      expect(failed?.find((delivery) => delivery.channel === 'sms')).toMatchObject({
        status: 'failed',
        attempts: 1,
        nextAttemptAt: null,
      });
      const lastError = failed?.find((delivery) => delivery.channel === 'sms')?.lastError ?? '';
      expect(lastError).toMatch(/^SMS rejected: Twilio answered HTTP 400 \(Twilio code 21211\)/);
      expect(lastError).not.toContain(AUTH_TOKEN);
      // The payment waits for its confirmation as before.
      const payment = await money.call('payments:get', { id: result.payment?.id ?? '' });
      expect(payment.payment.status).toBe('pending_confirmation');
      // Past the first retry's wait (30 s), within the proposal's life: no second try.
      money.clock.advance(5 * 60 * 1000);
      await money.call('scheduler:tick', {});
      expect(twilio.requests).toHaveLength(1);
    } finally {
      await money.core.close();
      remove();
    }
  });
});

describe("the Twilio client's results", () => {
  const reference = new SecretReference('notifications.sms.authToken', 'TWILIO_TOKEN');
  const providerWith = (env: Record<string, string>) =>
    twilioProvider(
      {
        enabled: true,
        accountSid: ACCOUNT_SID,
        authToken: reference,
        from: FROM,
        baseUrl: twilio.url,
        statusCallback: undefined,
        requestTimeoutMs: 5_000,
      },
      env,
      redactorFor([reference], env),
    );
  const message = { to: USER_ONE_PHONE, body: 'ArcFlux: Paid. Ref pay_1' };

  it('names each outcome with a code, retryable or not, and keeps no credential', async () => {
    const provider = providerWith({ TWILIO_TOKEN: AUTH_TOKEN });
    const outcomes: SmsSendResult[] = [];
    outcomes.push(await provider.send(message));
    for (const fault of [
      { kind: 'status', status: 500 },
      { kind: 'status', status: 429 },
      { kind: 'drop' },
      { kind: 'invalid_number' },
    ] as const) {
      twilio.fail(fault);
      outcomes.push(await provider.send(message));
    }
    outcomes.push(await providerWith({ TWILIO_TOKEN: 'not-the-token-0000' }).send(message));
    const shapes = outcomes.map((outcome) =>
      outcome.ok
        ? { ok: true, status: outcome.providerStatus }
        : {
            ok: false,
            code: outcome.code,
            retryable: outcome.retryable,
            httpStatus: outcome.httpStatus,
            providerCode: outcome.providerCode,
          },
    );
    expect(shapes).toEqual([
      { ok: true, status: 'queued' },
      { ok: false, code: 'provider_error', retryable: true, httpStatus: 500, providerCode: 20500 },
      { ok: false, code: 'rate_limited', retryable: true, httpStatus: 429, providerCode: 20429 },
      { ok: false, code: 'unreachable', retryable: true, httpStatus: null, providerCode: null },
      { ok: false, code: 'rejected', retryable: false, httpStatus: 400, providerCode: 21211 },
      { ok: false, code: 'unauthorized', retryable: false, httpStatus: 401, providerCode: 20003 },
    ]);
    const [sent] = outcomes;
    expect(sent?.ok && sent.providerMessageId).toMatch(/^SM[0-9a-f]{32}$/);
    const details = outcomes.map((outcome) => (outcome.ok ? '' : outcome.detail)).join('\n');
    // Twilio's words are kept (the refused number, its code), its echo of our credentials is not.
    expect(details).toContain(`The 'To' number ${USER_ONE_PHONE} is not a valid phone number`);
    expect(details).toContain('Basic [redacted]');
    expect(details).toContain('Check notifications.sms.accountSid');
    for (const form of [AUTH_TOKEN, encodeURIComponent(AUTH_TOKEN), BASIC.slice(6)]) {
      expect(details).not.toContain(form);
    }
  });

  it('asks nothing of Twilio while the token is not set, and says which variable to set', async () => {
    const before = twilio.requests.length;
    const outcome = await providerWith({}).send(message);
    expect(outcome).toMatchObject({ ok: false, code: 'not_configured', retryable: true });
    expect(outcome.ok ? '' : outcome.detail).toContain(
      'notifications.sms.authToken reads the environment variable TWILIO_TOKEN, which is not set',
    );
    expect(twilio.requests.length).toBe(before);
  });
});

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}
