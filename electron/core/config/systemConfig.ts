import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { amountSchema } from '../../../shared/money';
import { clockTimeSchema, timezoneSchema } from '../../../shared/schemas/common';
import { missedRunPolicySchema } from '../../../shared/schemas/payment';
import { phoneNumberSchema } from '../../../shared/schemas/phone';
import { guardianPolicySchema, undoSecondsSchema } from '../../../shared/schemas/settings';
import { DEFAULT_SESSION_IDLE_HOURS } from '../../../shared/session';
import { CoreError } from '../errors';
import { SecretReference } from './secret';

const ENV_REFERENCE = /^env:([A-Za-z_][A-Za-z0-9_]*)$/;

/** A secret must be given as `env:NAME`; a literal key in the file would be a leak. */
const secretField = z
  .string()
  .regex(
    ENV_REFERENCE,
    'must be "env:NAME" naming an environment variable; never put a secret in this file',
  );

const urlField = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' });

/** Loopback names, where plain http never leaves the machine: only a test's stand-in. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

/**
 * An http(s) URL that must be https, except on loopback (a local stand-in in tests), and
 * holds no user name or password. `why` says what plain http would expose; `from` where
 * any credential comes from instead.
 */
function httpsUrlField(shape: { example: string; why: string; from: string }) {
  return urlField
    .refine((url) => {
      const parsed = parseUrl(url);
      // A malformed URL is already reported by urlField.
      return !parsed || parsed.protocol === 'https:' || LOOPBACK_HOSTS.has(parsed.hostname);
    }, `must be an https URL such as ${shape.example} (${shape.why}); plain http is allowed only for a test server on 127.0.0.1, ::1 or localhost`)
    .refine((url) => {
      const parsed = parseUrl(url);
      return !parsed || (parsed.username === '' && parsed.password === '');
    }, `must not hold a user name or password; ${shape.from}`);
}

/**
 * The base URL of a service that every request sends a credential to. Anything but https
 * would send it in clear. A user name or password in the URL would be a second, unredacted
 * copy of it.
 */
function credentialUrlField(shape: { example: string; credential: string; from: string }) {
  return httpsUrlField({
    example: shape.example,
    why: `${shape.credential} travels with every request`,
    from: shape.from,
  });
}

const circleBaseUrlField = credentialUrlField({
  example: 'https://api-sandbox.circle.com',
  credential: 'the API key',
  from: 'the key comes from connector.apiKey',
});

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

const connectorSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('simulated') }).strict(),
  z
    .object({
      kind: z.literal('circle'),
      baseUrl: circleBaseUrlField,
      apiKey: secretField,
      /** The wallet that pays, in Circle's terms. */
      walletId: z.string().min(1),
      requestTimeoutMs: z.number().int().min(100).max(120_000).default(15_000),
    })
    .strict(),
]);

/** The ECB's daily euro reference rates: the XML the `ecb` market source reads. */
export const ECB_DAILY_RATES_URL = 'https://www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml';

/**
 * Where the rate comes from. Plain http would let anyone on the path change the rate the
 * balance panel shows, so https only, except a test's fake source on loopback.
 */
const marketSchema = z
  .object({
    kind: z.enum(['simulated', 'ecb']),
    url: httpsUrlField({
      example: ECB_DAILY_RATES_URL,
      why: 'a rate over plain http could be altered on the way',
      from: 'the ECB feed is public',
    }).default(ECB_DAILY_RATES_URL),
    /**
     * A rate dated more than this many days before today is labelled stale. The ECB
     * publishes on TARGET working days only, so Friday's rate is still current on Monday.
     */
    staleAfterDays: z.number().int().min(1).max(60).default(4),
    /** How long one fetch of the rate may take before the cached rate is used instead. */
    requestTimeoutMs: z.number().int().min(100).max(60_000).default(5_000),
  })
  .strict();

/**
 * SMS through Twilio's Messages API. The account SID names the account (it is in every
 * request's path, so it is no secret); the auth token is, and comes from the environment.
 */
const smsSchema = z
  .object({
    enabled: z.boolean(),
    accountSid: z
      .string()
      .regex(/^AC[0-9a-fA-F]{32}$/, 'must be a Twilio account SID: "AC" and 32 hex digits'),
    authToken: secretField,
    /** The sending number, as Twilio knows it. */
    from: phoneNumberSchema,
    baseUrl: credentialUrlField({
      example: 'https://api.twilio.com',
      credential: 'the auth token',
      from: 'the token comes from notifications.sms.authToken',
    }).default('https://api.twilio.com'),
    /** Where Twilio reports each message's later status (delivered, undelivered). */
    statusCallback: z
      .url({ protocol: /^https$/, message: 'must be an https URL that Twilio can reach' })
      .optional(),
    requestTimeoutMs: z.number().int().min(100).max(120_000).default(10_000),
  })
  .strict();

const notificationsSchema = z
  .object({
    inApp: z.object({ enabled: z.boolean() }).strict(),
    desktop: z.object({ enabled: z.boolean() }).strict(),
    email: z
      .object({
        enabled: z.boolean(),
        host: z.string().min(1),
        port: z.number().int().min(1).max(65_535),
        secure: z.boolean(),
        from: z.email(),
        username: z.string().optional(),
        password: secretField.optional(),
      })
      .strict(),
    webhook: z
      .object({ enabled: z.boolean(), url: urlField, secret: secretField.optional() })
      .strict(),
    sms: smsSchema,
  })
  .strict();

const modelsSchema = z
  .object({
    speechToText: z
      .object({
        engine: z.enum(['transformers', 'whisper-cpp']),
        model: z.string().min(1),
      })
      .strict(),
    llm: z
      .object({
        enabled: z.boolean(),
        model: z.string().min(1),
        dtype: z.enum(['q4', 'q8', 'fp16', 'fp32']),
        timeoutMs: z.number().int().min(100).max(600_000),
      })
      .strict(),
    /** Where downloaded weights live; relative paths are inside the data folder. */
    cacheDir: z.string().min(1),
    /** Where models are downloaded from: the Hugging Face hub, or a mirror of its layout. */
    hubUrl: urlField.default('https://huggingface.co'),
  })
  .strict();

/**
 * The Guardian's rule thresholds beyond the user-facing policy (which lives in settings):
 * when an amount is unusual for a recipient, when spending is fast, when a payment is a
 * large share of what is left.
 */
const guardianRulesSchema = z
  .object({
    /** An amount this many times the recipient's median is unusual. */
    unusualAmountRatio: z.number().min(1).max(1000).default(3),
    /** More payments than this in 24 hours is high velocity. */
    velocityCount24h: z.number().int().min(1).max(100_000).default(10),
    /** A payment taking more than this share of the balance left after upcoming payments. */
    largeShareOfBalance: z.number().min(0).max(1).default(0.5),
    /** How far ahead scheduled payments count as already spoken for. */
    upcomingHorizonDays: z.number().int().min(1).max(366).default(7),
    /**
     * How far ahead the Guardian follows a new schedule's runs for the balance it uses up
     * and the daily and monthly limits: the Upcoming view's five weeks, so a month's
     * limit is always seen whole.
     */
    scheduleHorizonDays: z.number().int().min(1).max(366).default(35),
    /**
     * A household member's payment above this (per currency) waits for a second person's
     * approval (the second_person_approval rule). Owners' payments never do.
     */
    secondApprovalAbove: z
      .object({ USDC: amountSchema, EURC: amountSchema })
      .strict()
      .default({ USDC: '500', EURC: '500' }),
  })
  .strict();

const retrySchema = z
  .object({
    /** Tries per occurrence in one tick, the first included. */
    attempts: z.number().int().min(1).max(10).default(4),
    baseDelayMs: z.number().int().min(0).max(60_000).default(500),
    maxDelayMs: z.number().int().min(0).max(600_000).default(30_000),
  })
  .strict();

const monitorSchema = z
  .object({
    /** A fall of more than this share between two readings is reported as a drop. */
    dropRatio: z.number().min(0).max(1).default(0.2),
    /** Warn ahead when a coming payment would leave less than this. */
    lowBalance: amountSchema.default('10'),
    /** How far ahead the overdraft forecast looks. */
    horizonDays: z.number().int().min(1).max(366).default(7),
  })
  .strict();

/** A PostgreSQL connection string as node-postgres reads it. */
const POSTGRES_URL = /^postgres(ql)?:\/\//;

/**
 * Where the household's state lives. `json` (the default, and what an absent section
 * means) is the desktop's data folder; `postgres` is a database several `serve`
 * processes share. Its `url` is normally `env:NAME`, so the password stays out of this
 * file and is redacted from every log; a literal URL is accepted only without a password
 * (a unix socket with peer authentication needs none).
 */
const storeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('json') }).strict(),
  z
    .object({
      kind: z.literal('postgres'),
      url: z
        .string()
        .refine(
          (url) => ENV_REFERENCE.test(url) || POSTGRES_URL.test(url),
          'must be "env:NAME" naming an environment variable, or a postgresql:// URL',
        )
        .refine(
          (url) => ENV_REFERENCE.test(url) || (parseUrl(url)?.password ?? '') === '',
          'must not hold a password; put the whole URL in an environment variable and write "env:NAME" here',
        ),
    })
    .strict(),
]);

/** The schema of system_config.json. Unknown keys are errors: a typo must not pass silently. */
export const systemConfigSchema = z
  .object({
    schemaVersion: z.literal(1),
    guardian: guardianPolicySchema,
    scheduler: z
      .object({
        tickSeconds: z.number().int().min(1).max(3600),
        defaultRunTime: clockTimeSchema,
        missedRunPolicy: missedRunPolicySchema,
        /**
         * An occurrence found more than this late was missed (ArcFlux was closed or the
         * machine asleep) and is held for the user rather than paid silently.
         */
        missedAfterSeconds: z.number().int().min(1).max(86_400).default(300),
        /** The first undo window setting (see settings' `undoSeconds`); 0 turns it off. */
        undoSeconds: undoSecondsSchema.default(10),
        retry: retrySchema.default({ attempts: 4, baseDelayMs: 500, maxDelayMs: 30_000 }),
      })
      .strict(),
    guardianRules: guardianRulesSchema.default({
      unusualAmountRatio: 3,
      velocityCount24h: 10,
      largeShareOfBalance: 0.5,
      upcomingHorizonDays: 7,
      scheduleHorizonDays: 35,
      secondApprovalAbove: { USDC: '500', EURC: '500' },
    }),
    monitor: monitorSchema.default({ dropRatio: 0.2, lowBalance: '10', horizonDays: 7 }),
    connector: connectorSchema,
    market: marketSchema.default({
      kind: 'simulated',
      url: ECB_DAILY_RATES_URL,
      staleAfterDays: 4,
      requestTimeoutMs: 5_000,
    }),
    notifications: notificationsSchema,
    models: modelsSchema,
    server: z
      .object({
        host: z.string().min(1),
        port: z.number().int().min(0).max(65_535),
        /** A browser-mode session unused this long ends; each request starts the time again. */
        sessionIdleHours: z.number().positive().max(720).default(DEFAULT_SESSION_IDLE_HOURS),
      })
      .strict(),
    demo: z.object({ actingUserId: z.string().min(1), timezone: timezoneSchema }).strict(),
    store: storeSchema.default({ kind: 'json' }),
  })
  .strict();

export type SystemConfigFile = z.infer<typeof systemConfigSchema>;

/** The parsed config, with every `env:` field turned into a SecretReference. */
export type SystemConfig = ReturnType<typeof withSecretReferences>;

/** Reads, parses and validates the config file; every failure names the key and the file. */
export async function loadSystemConfig(path: string): Promise<SystemConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CoreError(
      'invalid_config',
      `ArcFlux could not read its configuration file ${path} (${describeFsError(error)}). Check the path, or pass --config FILE.`,
      { cause: error },
    );
  }
  return parseSystemConfig(text, path);
}

/** Parses config text; `source` is the file name used in messages. */
export function parseSystemConfig(text: string, source: string): SystemConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new CoreError(
      'invalid_config',
      `${source} is not valid JSON (${(error as Error).message}). Fix the file; ArcFlux did not start and changed nothing.`,
    );
  }
  const parsed = systemConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CoreError(
      'invalid_config',
      `${source}: ${describeIssue(issue)}. Fix that key; ArcFlux did not start and changed nothing.`,
    );
  }
  return withSecretReferences(parsed.data);
}

function withSecretReferences(file: SystemConfigFile) {
  const { connector, notifications, store } = file;
  return {
    ...file,
    store:
      store.kind === 'postgres'
        ? {
            ...store,
            url: ENV_REFERENCE.test(store.url) ? toReference('store.url', store.url) : store.url,
          }
        : store,
    connector:
      connector.kind === 'circle'
        ? { ...connector, apiKey: toReference('connector.apiKey', connector.apiKey) }
        : connector,
    notifications: {
      ...notifications,
      email: {
        ...notifications.email,
        password: notifications.email.password
          ? toReference('notifications.email.password', notifications.email.password)
          : undefined,
      },
      webhook: {
        ...notifications.webhook,
        secret: notifications.webhook.secret
          ? toReference('notifications.webhook.secret', notifications.webhook.secret)
          : undefined,
      },
      sms: {
        ...notifications.sms,
        authToken: toReference('notifications.sms.authToken', notifications.sms.authToken),
      },
    },
  };
}

/**
 * Every secret the config names, wherever it sits, for the one redaction of outside text
 * (config/redaction.ts): a secret added to the schema later is covered without a list.
 */
export function secretReferences(config: SystemConfig): SecretReference[] {
  const found: SecretReference[] = [];
  const visit = (value: unknown): void => {
    if (value instanceof SecretReference) found.push(value);
    else if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === 'object') Object.values(value).forEach(visit);
  };
  visit(config);
  return found;
}

/** The configured database's connection string, read from its variable when it is `env:NAME`. */
export function databaseUrl(
  store: Extract<SystemConfig['store'], { kind: 'postgres' }>,
  env: Readonly<Record<string, string | undefined>>,
): string {
  return typeof store.url === 'string' ? store.url : store.url.resolve(env).reveal();
}

function toReference(configKey: string, value: string): SecretReference {
  const match = ENV_REFERENCE.exec(value);
  // The schema already guaranteed the shape; this keeps the types honest.
  if (!match?.[1]) throw new CoreError('invalid_config', `${configKey} must be "env:NAME"`);
  return new SecretReference(configKey, match[1]);
}

function describeIssue(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return 'the file does not match the expected shape';
  if (issue.code === 'unrecognized_keys') {
    const at = issue.path.length ? `${issue.path.join('.')}.` : '';
    return `unknown key ${issue.keys.map((key) => `"${at}${key}"`).join(', ')} (is it misspelt?)`;
  }
  const key = issue.path.length ? issue.path.join('.') : '(top level)';
  return `key "${key}" ${issue.message}`;
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' ? 'the file does not exist' : (code ?? 'unknown error');
}
