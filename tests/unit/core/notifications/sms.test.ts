import { afterEach, describe, expect, it } from 'vitest';
import type { Notification } from '../../../../shared/schemas/notification';
import { isE164, phoneNumberSchema } from '../../../../shared/schemas/phone';
import { DEFAULT_NOTIFICATION_RULES } from '../../../../shared/schemas/settings';
import { createRedactor } from '../../../../electron/core/config/redaction';
import { Secret } from '../../../../electron/core/config/secret';
import { EventBus } from '../../../../electron/core/events';
import { smsChannel } from '../../../../electron/core/notifications/channels/sms';
import { NotificationService } from '../../../../electron/core/notifications/notificationService';
import type {
  SmsMessage,
  SmsSendResult,
} from '../../../../electron/core/notifications/sms/smsProvider';
import { SMS_MAX_LENGTH, smsText } from '../../../../electron/core/notifications/sms/smsText';
import {
  twilioAuthorization,
  twilioMessageRequest,
} from '../../../../electron/core/notifications/sms/twilio';
import { openLedger } from '../../../../electron/core/repositories/ledger';
import { ManualClock } from '../../../support/manualClock';
import { moneyFolder } from '../../../support/moneyCore';

describe('E.164 phone numbers', () => {
  it.each(['+15550100001', '+442071838750', '+8613800138000', '+1234567', '+123456789012345'])(
    'accepts %s',
    (number) => {
      expect(isE164(number)).toBe(true);
      expect(phoneNumberSchema.safeParse(number).success).toBe(true);
    },
  );

  it.each([
    ['no plus', '15550100001'],
    ['a country code starting with 0', '+05550100001'],
    ['spaces', '+1 555 010 0001'],
    ['dashes', '+1-555-010-0001'],
    ['brackets', '+1(555)0100001'],
    ['16 digits', '+1234567890123456'],
    ['too few digits', '+123456'],
    ['a letter', '+1555010000a'],
    ['a trailing newline', '+15550100001\n'],
    ['nothing', ''],
  ])('refuses %s', (_case, number) => {
    expect(isE164(number)).toBe(false);
    const parsed = phoneNumberSchema.safeParse(number);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe(
      'must be an E.164 phone number such as +15550100',
    );
  });
});

describe("Twilio's request", () => {
  const config = {
    baseUrl: 'https://api.twilio.com/',
    accountSid: `AC${'0f'.repeat(16)}`,
    from: '+15550100999',
    statusCallback: undefined,
  };

  it("is a form-encoded body with To, From and Body at the account's Messages.json", () => {
    const request = twilioMessageRequest(config, {
      to: '+15550100001',
      body: 'Pay 5 & 10 = 15? 100% "sure" é',
    });
    expect(request.url).toBe(
      `https://api.twilio.com/2010-04-01/Accounts/${config.accountSid}/Messages.json`,
    );
    // "+" must be %2B, or Twilio would read a space; "&" and "=" must not split the body.
    expect(request.body).toBe(
      'To=%2B15550100001&From=%2B15550100999&Body=Pay+5+%26+10+%3D+15%3F+100%25+%22sure%22+%C3%A9',
    );
    expect(Object.fromEntries(new URLSearchParams(request.body))).toEqual({
      To: '+15550100001',
      From: '+15550100999',
      Body: 'Pay 5 & 10 = 15? 100% "sure" é',
    });
  });

  it('adds StatusCallback only when one is configured', () => {
    const request = twilioMessageRequest(
      { ...config, statusCallback: 'https://hooks.example.com/twilio/status' },
      { to: '+15550100001', body: 'Hi' },
    );
    expect(new URLSearchParams(request.body).get('StatusCallback')).toBe(
      'https://hooks.example.com/twilio/status',
    );
    expect(twilioMessageRequest(config, { to: '+15550100001', body: 'Hi' }).body).not.toContain(
      'StatusCallback',
    );
  });

  it('authenticates with basic auth: the account SID and the auth token', () => {
    const header = twilioAuthorization(config.accountSid, new Secret('tok:en/é'));
    expect(header).toMatch(/^Basic [A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(header.slice('Basic '.length), 'base64').toString('utf8')).toBe(
      `${config.accountSid}:tok:en/é`,
    );
  });
});

const note = (change: Partial<Notification> = {}): Notification => ({
  id: 'note_0123456789abcdef01234567',
  createdAt: new Date(0).toISOString(),
  userId: 'user1',
  kind: 'executed',
  title: 'Paid 20.00 USDC to Bob Martinez',
  body: 'The long text that stays in the app.',
  paymentId: 'pay_abc123',
  channels: ['in_app', 'sms'],
  readAt: null,
  ...change,
});

describe('the text of an SMS', () => {
  it('is the title and the payment id to look up, not the body', () => {
    expect(smsText(note())).toBe('ArcFlux: Paid 20.00 USDC to Bob Martinez. Ref pay_abc123');
  });

  it("names the notification's own id when there is no payment", () => {
    expect(smsText(note({ paymentId: null, title: 'Low balance ahead.' }))).toBe(
      'ArcFlux: Low balance ahead. Ref note_0123456789abcdef01234567',
    );
  });

  it('fits one segment by cutting the title, never the id, and keeps to one line', () => {
    const text = smsText(note({ title: `Paid to ${'Bob\nMartinez '.repeat(30)}` }));
    expect(text.length).toBeLessThanOrEqual(SMS_MAX_LENGTH);
    expect(text.length).toBeGreaterThan(SMS_MAX_LENGTH - 3);
    // Plain ASCII, so the text stays in GSM-7 and costs one segment.
    expect(text).toMatch(/^ArcFlux: Paid to Bob Martinez Bob [ -~]*[^ ]\.\.\. Ref pay_abc123$/);
    expect(text).not.toMatch(/[\n\r]/);
  });
});

const folders: { remove(): void }[] = [];
afterEach(() => folders.splice(0).forEach((folder) => folder.remove()));

/** A notification service whose only outside channel is SMS over `provider`. */
async function smsService(
  send: (message: SmsMessage) => Promise<SmsSendResult>,
  phoneOf: (userId: string) => string | undefined = () => '+15550100001',
) {
  const folder = moneyFolder();
  folders.push(folder);
  const clock = new ManualClock(new Date(0));
  const { journals } = await openLedger(folder.path, clock);
  const notifications = new NotificationService({
    outbox: journals.notifications,
    events: new EventBus(),
    clock,
    operators: () => [],
    rules: () => DEFAULT_NOTIFICATION_RULES,
    zoneOf: () => 'UTC',
    channelsFor: () => ['in_app', 'sms'],
    outside: [smsChannel({ name: 'Stub', send }, phoneOf)],
    redact: createRedactor(() => []),
    log: () => undefined,
    maxAttempts: 5,
    retryBaseSeconds: 30,
  });
  const draft = {
    userId: 'user1',
    kind: 'executed',
    title: 'Paid',
    body: 'Sent 5.00 USDC.',
    paymentId: null,
  } as const;
  const deliver = async () => {
    const [recorded] = await notifications.notify([draft]);
    await notifications.whenIdle();
    return () =>
      journals.notifications
        .list()
        .filter((entry) => entry.id === recorded?.id)
        .at(-1)
        ?.deliveries?.find((delivery) => delivery.channel === 'sms');
  };
  return { notifications, clock, deliver };
}

const refused = (retryable: boolean): SmsSendResult => ({
  ok: false,
  code: retryable ? 'provider_error' : 'rejected',
  retryable,
  httpStatus: retryable ? 503 : 400,
  providerCode: retryable ? 20500 : 21211,
  detail: retryable ? 'Twilio answered HTTP 503' : 'Twilio answered HTTP 400 (Twilio code 21211)',
});

describe('the SMS channel', () => {
  it("sends to the user's number and records the delivery as sent", async () => {
    const sent: SmsMessage[] = [];
    const { deliver } = await smsService(async (message) => {
      sent.push(message);
      return { ok: true, providerMessageId: 'SM1', providerStatus: 'queued' };
    });
    const latest = await deliver();
    expect(sent).toEqual([{ to: '+15550100001', body: expect.stringMatching(/^ArcFlux: Paid\./) }]);
    expect(latest()).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('gives up at once on a refusal, with its code in the outbox', async () => {
    let tries = 0;
    const { notifications, clock, deliver } = await smsService(async () => {
      tries += 1;
      return refused(false);
    });
    const latest = await deliver();
    expect(latest()).toEqual({
      channel: 'sms',
      status: 'failed',
      attempts: 1,
      nextAttemptAt: null,
      lastError: 'SMS rejected: Twilio answered HTTP 400 (Twilio code 21211)',
    });
    clock.advance(3_600_000);
    await notifications.deliverPending();
    expect(tries).toBe(1);
  });

  it('leaves an outage to the outbox to retry with backoff', async () => {
    const { deliver } = await smsService(async () => refused(true));
    const latest = await deliver();
    expect(latest()).toEqual({
      channel: 'sms',
      status: 'pending',
      attempts: 1,
      nextAttemptAt: new Date(30_000).toISOString(),
      lastError: 'SMS provider_error: Twilio answered HTTP 503',
    });
  });

  it('never asks the provider to text a number that is not E.164', async () => {
    let tries = 0;
    const { deliver } = await smsService(
      async () => {
        tries += 1;
        return { ok: true, providerMessageId: null, providerStatus: null };
      },
      () => '555-0100',
    );
    const latest = await deliver();
    expect(tries).toBe(0);
    expect(latest()).toMatchObject({ status: 'failed', attempts: 1 });
    expect(latest()?.lastError).toContain('has no E.164 phone number');
  });
});
