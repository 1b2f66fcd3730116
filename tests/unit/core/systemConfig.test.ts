import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  databaseUrl,
  parseSystemConfig,
  secretReferences,
} from '../../../electron/core/config/systemConfig';
import { Secret, SecretReference } from '../../../electron/core/config/secret';
import { CoreError } from '../../../electron/core/errors';

const shipped = readFileSync(new URL('../../../system_config.json', import.meta.url), 'utf8');

/** The shipped config with one change applied by `edit`. */
function configWith(edit: (config: Record<string, any>) => void): string {
  const config = JSON.parse(shipped) as Record<string, any>;
  edit(config);
  return JSON.stringify(config);
}

function errorOf(text: string): CoreError {
  try {
    parseSystemConfig(text, 'system_config.json');
  } catch (error) {
    if (error instanceof CoreError) return error;
    throw error;
  }
  throw new Error('expected the config to be rejected');
}

describe('system_config.json', () => {
  it('parses the shipped file', () => {
    const config = parseSystemConfig(shipped, 'system_config.json');
    expect(config.scheduler.defaultRunTime).toBe('09:00');
    expect(config.connector.kind).toBe('simulated');
    expect(config.guardian.limits.perPayment).toBe('10000');
    expect(config.notifications.email.password).toBeInstanceOf(SecretReference);
  });

  it.each([
    ['not JSON', '{', /system_config\.json is not valid JSON/],
    [
      'an unknown top-level key',
      configWith((config) => (config.sheduler = {})),
      /unknown key "sheduler" \(is it misspelt\?\)/,
    ],
    [
      'an unknown nested key',
      configWith((config) => (config.scheduler.tickSecs = 5)),
      /unknown key "scheduler\.tickSecs"/,
    ],
    [
      'a wrong type',
      configWith((config) => (config.scheduler.tickSeconds = '5')),
      /key "scheduler\.tickSeconds"/,
    ],
    [
      'a float amount',
      configWith((config) => (config.guardian.confirmAbove = 500)),
      /key "guardian\.confirmAbove"/,
    ],
    [
      'a bad run time',
      configWith((config) => (config.scheduler.defaultRunTime = '9am')),
      /key "scheduler\.defaultRunTime" must be a 24-hour time/,
    ],
    [
      'a literal secret',
      configWith(
        (config) =>
          (config.connector = {
            kind: 'circle',
            baseUrl: 'https://api.circle.example',
            apiKey: 'sk_live_123',
            walletId: 'w1',
          }),
      ),
      /key "connector\.apiKey" must be "env:NAME"/,
    ],
    [
      'an unknown connector',
      configWith((config) => (config.connector = { kind: 'paypal' })),
      /key "connector\.kind"/,
    ],
    [
      'a flag score under the confirm score',
      configWith((config) => (config.guardian.flagScore = 0.1)),
      /key "guardian\.flagScore" must be at least the confirmation score/,
    ],
    [
      'a bad time zone',
      configWith((config) => (config.demo.timezone = 'Eastern')),
      /key "demo\.timezone" must be an IANA time zone/,
    ],
  ])('rejects %s with a message naming the key and file', (_case, text, message) => {
    const error = errorOf(text);
    expect(error.code).toBe('invalid_config');
    expect(error.message).toMatch(message);
    expect(error.message).toContain('system_config.json');
  });

  it('reads env: secrets only when used, and never prints them', () => {
    const config = parseSystemConfig(
      configWith(
        (config) =>
          (config.connector = {
            kind: 'circle',
            baseUrl: 'https://api.circle.example',
            apiKey: 'env:TEST_CIRCLE_KEY',
            walletId: 'w1',
          }),
      ),
      'system_config.json',
    );
    if (config.connector.kind !== 'circle') throw new Error('expected circle');
    const reference = config.connector.apiKey;
    expect(() => reference.resolve({})).toThrow(
      /connector\.apiKey reads the environment variable TEST_CIRCLE_KEY, which is not set/,
    );
    const secret = reference.resolve({ TEST_CIRCLE_KEY: 'sk_test_abc' });
    expect(secret).toBeInstanceOf(Secret);
    expect(secret.reveal()).toBe('sk_test_abc');
    expect(JSON.stringify({ secret, config })).not.toContain('sk_test_abc');
    expect(`${secret}`).toBe('[secret]');
  });

  it('takes Circle only over https, with plain http allowed on loopback for tests', () => {
    const circleAt = (baseUrl: string) =>
      configWith(
        (config) =>
          (config.connector = {
            kind: 'circle',
            baseUrl,
            apiKey: 'env:CIRCLE_API_KEY',
            walletId: 'w1',
          }),
      );
    for (const refused of [
      'http://api.circle.com',
      'http://api-sandbox.circle.com/v1',
      'http://192.168.1.10:8080',
      'http://127.0.0.1.example.com',
    ]) {
      const error = errorOf(circleAt(refused));
      expect(error.code).toBe('invalid_config');
      expect(error.message).toContain('key "connector.baseUrl" must be an https URL');
      expect(error.message).toContain('the API key travels with every request');
    }
    expect(errorOf(circleAt('https://key:secret@api.circle.com')).message).toContain(
      'must not hold a user name or password',
    );
    for (const accepted of [
      'https://api-sandbox.circle.com',
      'http://127.0.0.1:47100',
      'http://[::1]:47100',
      'http://localhost:47100',
    ]) {
      expect(parseSystemConfig(circleAt(accepted), 'system_config.json').connector).toMatchObject({
        baseUrl: accepted,
      });
    }
  });

  it('reads the market source: simulated by default, the ECB feed only over https', () => {
    const withoutMarket = configWith((config) => delete config.market);
    expect(parseSystemConfig(withoutMarket, 'system_config.json').market).toEqual({
      kind: 'simulated',
      url: 'https://www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml',
      staleAfterDays: 4,
      requestTimeoutMs: 5000,
    });
    const ecbAt = (url: string) =>
      configWith((config) => (config.market = { kind: 'ecb', url, staleAfterDays: 3 }));
    for (const refused of ['http://www.ecb.europa.eu/x.xml', 'http://10.0.0.2:80/rates.xml']) {
      const error = errorOf(ecbAt(refused));
      expect(error.code).toBe('invalid_config');
      expect(error.message).toContain('key "market.url" must be an https URL');
      expect(error.message).toContain('a rate over plain http could be altered on the way');
    }
    expect(parseSystemConfig(ecbAt('http://127.0.0.1:47700/r.xml'), 'x').market).toMatchObject({
      kind: 'ecb',
      url: 'http://127.0.0.1:47700/r.xml',
      staleAfterDays: 3,
    });
    expect(errorOf(configWith((config) => (config.market = { kind: 'yahoo' }))).message).toContain(
      'key "market.kind"',
    );
    expect(
      errorOf(configWith((config) => (config.market = { kind: 'ecb', staleAfterDays: 0 }))).message,
    ).toContain('key "market.staleAfterDays"');
  });

  it('lists every env: secret it names, for the redaction of outside text', () => {
    const config = parseSystemConfig(
      configWith((config) => {
        config.connector = {
          kind: 'circle',
          baseUrl: 'https://api-sandbox.circle.com',
          apiKey: 'env:CIRCLE_API_KEY',
          walletId: 'w1',
        };
        config.notifications.webhook.secret = 'env:HOOK_SECRET';
      }),
      'system_config.json',
    );
    expect(
      secretReferences(config)
        .map((reference) => reference.variable)
        .sort(),
    ).toEqual([
      'ARCFLUX_SMTP_PASSWORD',
      'ARCFLUX_TWILIO_AUTH_TOKEN',
      'CIRCLE_API_KEY',
      'HOOK_SECRET',
    ]);
  });

  it('takes SMS settings only as Twilio needs them, the token only as an env: reference', () => {
    const smsWith = (change: Record<string, unknown>) =>
      configWith((config) => Object.assign(config.notifications.sms, change));
    const config = parseSystemConfig(
      smsWith({ enabled: true, authToken: 'env:TWILIO_TOKEN' }),
      'system_config.json',
    );
    expect(config.notifications.sms).toMatchObject({
      enabled: true,
      from: '+15550100000',
      baseUrl: 'https://api.twilio.com',
      requestTimeoutMs: 10_000,
    });
    expect(config.notifications.sms.authToken).toBeInstanceOf(SecretReference);
    expect(secretReferences(config).map((reference) => reference.configKey)).toContain(
      'notifications.sms.authToken',
    );
    for (const [change, message] of [
      [
        { authToken: 'f3a1c0de5b7e4a9d8c2b1a0f9e8d7c6b' },
        /key "notifications\.sms\.authToken" must be "env:NAME"/,
      ],
      [{ from: '555-0100' }, /key "notifications\.sms\.from" must be an E\.164 phone number/],
      [{ from: '15550100000' }, /key "notifications\.sms\.from" must be an E\.164 phone number/],
      [
        { accountSid: 'AC123' },
        /key "notifications\.sms\.accountSid" must be a Twilio account SID/,
      ],
      [
        { baseUrl: 'http://api.twilio.com' },
        /key "notifications\.sms\.baseUrl" must be an https URL such as https:\/\/api\.twilio\.com \(the auth token travels with every request\)/,
      ],
      [
        { baseUrl: 'https://sid:token@api.twilio.com' },
        /must not hold a user name or password; the token comes from notifications\.sms\.authToken/,
      ],
      [
        { statusCallback: 'http://hooks.example.com/status' },
        /key "notifications\.sms\.statusCallback"/,
      ],
      [{ apiKey: 'env:X' }, /unknown key "notifications\.sms\.apiKey"/],
    ] as const) {
      const error = errorOf(smsWith(change));
      expect(error.code).toBe('invalid_config');
      expect(error.message).toMatch(message);
    }
    // Plain http only for a stand-in on loopback, as for Circle.
    expect(
      parseSystemConfig(smsWith({ baseUrl: 'http://127.0.0.1:47500' }), 'system_config.json')
        .notifications.sms.baseUrl,
    ).toBe('http://127.0.0.1:47500');
  });

  it('keeps the household in the data folder unless store names PostgreSQL, by env: or a password-free URL', () => {
    expect(parseSystemConfig(shipped, 'system_config.json').store).toEqual({ kind: 'json' });
    const byReference = parseSystemConfig(
      configWith((config) => {
        config.store = { kind: 'postgres', url: 'env:ARCFLUX_DATABASE_URL' };
      }),
      'system_config.json',
    );
    const store = byReference.store;
    if (store.kind !== 'postgres') throw new Error('expected the PostgreSQL store');
    expect(store.url).toBeInstanceOf(SecretReference);
    expect(secretReferences(byReference).map((reference) => reference.configKey)).toContain(
      'store.url',
    );
    expect(
      databaseUrl(store, { ARCFLUX_DATABASE_URL: 'postgresql://arcflux:pw@db.example/home' }),
    ).toBe('postgresql://arcflux:pw@db.example/home');
    const bySocket = parseSystemConfig(
      configWith((config) => {
        config.store = {
          kind: 'postgres',
          url: 'postgresql://arcflux@localhost/home?host=/run/pg',
        };
      }),
      'system_config.json',
    ).store;
    expect(bySocket).toEqual({
      kind: 'postgres',
      url: 'postgresql://arcflux@localhost/home?host=/run/pg',
    });
    expect(
      errorOf(
        configWith((config) => {
          config.store = { kind: 'postgres', url: 'postgresql://arcflux:hunter2@db.example/home' };
        }),
      ).message,
    ).toMatch(/key "store\.url" must not hold a password; .*"env:NAME"/);
    expect(
      errorOf(
        configWith((config) => {
          config.store = { kind: 'postgres', url: 'mysql://db.example/home' };
        }),
      ).message,
    ).toMatch(/store\.url/);
  });
});
