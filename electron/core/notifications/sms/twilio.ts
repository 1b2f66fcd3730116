import { z } from 'zod';
import { REDACTED, type Redact } from '../../config/redaction';
import type { Secret } from '../../config/secret';
import type { SystemConfig } from '../../config/systemConfig';
import { describeFetchFailure, fetchFailure } from '../../network/fetchFailure';
import type { SmsMessage, SmsProvider, SmsSendResult } from './smsProvider';

type SmsConfig = SystemConfig['notifications']['sms'];

/**
 * Twilio's Messages API (2010-04-01), checked against Twilio's reference:
 * `POST {base}/2010-04-01/Accounts/{AccountSid}/Messages.json`, a form-encoded body with
 * `To`, `From`, `Body` and optionally `StatusCallback`, HTTP basic auth with the account
 * SID and auth token. 201 answers with the Message resource (`sid`, `status`: "queued");
 * errors answer `{code, message, more_info, status}`, e.g. code 21211 for an invalid To.
 * A thin client on purpose: the official `twilio` package is large, and our outbox already
 * does the retrying.
 */
export function twilioMessageRequest(
  config: Pick<SmsConfig, 'baseUrl' | 'accountSid' | 'from' | 'statusCallback'>,
  message: SmsMessage,
): { url: string; body: string } {
  const base = config.baseUrl.replace(/\/+$/, '');
  const form = new URLSearchParams({ To: message.to, From: config.from, Body: message.body });
  if (config.statusCallback) form.set('StatusCallback', config.statusCallback);
  return {
    url: `${base}/2010-04-01/Accounts/${encodeURIComponent(config.accountSid)}/Messages.json`,
    body: form.toString(),
  };
}

/** The Authorization header's value: "Basic " and base64 of "AccountSid:AuthToken". */
export function twilioAuthorization(accountSid: string, authToken: Secret): string {
  return `Basic ${Buffer.from(`${accountSid}:${authToken.reveal()}`, 'utf8').toString('base64')}`;
}

const createdSchema = z.object({
  sid: z.string().max(64).optional(),
  status: z.string().max(40).optional(),
});

const errorSchema = z.object({
  code: z.number().int().optional(),
  message: z.string().optional(),
});

export function twilioProvider(
  config: SmsConfig,
  env: Readonly<Record<string, string | undefined>>,
  /** The one redaction of outside text (config/redaction.ts). */
  redact: Redact,
): SmsProvider {
  return {
    name: 'Twilio',
    async send(message: SmsMessage): Promise<SmsSendResult> {
      let authToken: Secret;
      try {
        // Read for each message, so a token set after start-up is picked up.
        authToken = config.authToken.resolve(env);
      } catch (error) {
        return failure('not_configured', true, null, null, redact(describe(error)));
      }
      const authorization = twilioAuthorization(config.accountSid, authToken);
      // The header is a second form of the token; a service echoing it is redacted too.
      const clean: Redact = (text) => redact(text.split(authorization).join(`Basic ${REDACTED}`));
      const request = twilioMessageRequest(config, message);
      let response: Response;
      try {
        response = await fetch(request.url, {
          method: 'POST',
          headers: {
            authorization,
            accept: 'application/json',
            'content-type': 'application/x-www-form-urlencoded',
          },
          body: request.body,
          // A redirect would carry the credentials somewhere else; Twilio never sends one.
          redirect: 'manual',
          signal: AbortSignal.timeout(config.requestTimeoutMs),
        });
      } catch (error) {
        const why = fetchFailure(error);
        return failure(
          why.timedOut ? 'timeout' : 'unreachable',
          true,
          null,
          null,
          clean(
            `Twilio ${describeFetchFailure(why)}. Check the network connection and that notifications.sms.baseUrl (${config.baseUrl}) is reachable.`,
          ),
        );
      }
      const text = await response.text().catch(() => '');
      if (response.ok) {
        const created = createdSchema.safeParse(parseJson(text));
        // Twilio took the message; an answer we can't read doesn't make it unsent, and
        // sending it again would text the person twice.
        return {
          ok: true,
          providerMessageId: created.success ? (created.data.sid ?? null) : null,
          providerStatus: created.success ? (created.data.status ?? null) : null,
        };
      }
      const said = errorSchema.safeParse(parseJson(text));
      const providerCode = said.success ? (said.data.code ?? null) : null;
      // Redacted before it is shortened, so a cut can't leave part of a secret behind.
      const words = said.success && said.data.message ? clean(said.data.message).slice(0, 200) : '';
      const detail = clean(
        `Twilio answered HTTP ${response.status}${providerCode === null ? '' : ` (Twilio code ${providerCode})`}${words ? `: "${words}"` : ''}`,
      );
      const status = response.status;
      if (status === 429) return failure('rate_limited', true, status, providerCode, detail);
      if (status >= 500 || status === 408) {
        return failure('provider_error', true, status, providerCode, detail);
      }
      if (status === 401 || status === 403) {
        return failure(
          'unauthorized',
          false,
          status,
          providerCode,
          `${detail}. Check notifications.sms.accountSid and the variable notifications.sms.authToken names.`,
        );
      }
      return failure('rejected', false, status, providerCode, detail);
    },
  };
}

function failure(
  code: Extract<SmsSendResult, { ok: false }>['code'],
  retryable: boolean,
  httpStatus: number | null,
  providerCode: number | null,
  detail: string,
): SmsSendResult {
  return { ok: false, code, retryable, httpStatus, providerCode, detail };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
