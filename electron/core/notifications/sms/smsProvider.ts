/** One text message: an E.164 number and a short body that holds no secret. */
export interface SmsMessage {
  to: string;
  body: string;
}

/**
 * Why a provider did not take a message, as a code the outbox can act on:
 * - `timeout`, `unreachable`: no answer came (retry later);
 * - `rate_limited`, `provider_error`: it answered 429 or 5xx (retry later);
 * - `unauthorized`: it refused our credentials (401/403; fix the config, no retry);
 * - `rejected`: it refused this message, e.g. an invalid number (no retry);
 * - `not_configured`: a credential's variable is not set (retry: it may be set later).
 */
export type SmsFailureCode =
  | 'timeout'
  | 'unreachable'
  | 'rate_limited'
  | 'provider_error'
  | 'unauthorized'
  | 'rejected'
  | 'not_configured';

export type SmsSendResult =
  | {
      ok: true;
      /** The provider's id for the message (Twilio's SM... sid), when it gave one. */
      providerMessageId: string | null;
      /** The provider's first status for it, e.g. Twilio's "queued". */
      providerStatus: string | null;
    }
  | {
      ok: false;
      code: SmsFailureCode;
      /** Whether the same message may succeed later; false for refusals. */
      retryable: boolean;
      httpStatus: number | null;
      /** The provider's own error number, e.g. Twilio's 21211 for an invalid "To". */
      providerCode: number | null;
      /** What went wrong in words, already redacted; for the outbox and the log. */
      detail: string;
    };

/**
 * A service that sends text messages. `send` never throws: every outcome, a refusal or
 * a dropped connection included, comes back as a result.
 */
export interface SmsProvider {
  /** The provider's name in messages: "Twilio". */
  readonly name: string;
  send(message: SmsMessage): Promise<SmsSendResult>;
}
