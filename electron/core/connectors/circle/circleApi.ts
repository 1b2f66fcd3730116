import { z } from 'zod';
import type { Redact } from '../../config/redaction';
import type { Secret } from '../../config/secret';
import { describeFetchFailure, fetchFailure } from '../../network/fetchFailure';
import { ConnectorRefusal, TransientConnectorError } from '../connector';

/**
 * The parts of Circle's API ArcFlux uses (Circle Mint / Accounts, v1), checked against
 * Circle's API reference:
 * - `POST /v1/transfers`: a transfer from a wallet to an address-book recipient
 *   (`destination.type = "verified_blockchain"`), with a version-4 UUID `idempotencyKey`.
 * - `GET /v1/wallets/{walletId}`: the wallet and its `balances` ([{amount, currency}]).
 * - `GET /v1/addressBook/recipients?address=`: address-book recipients and their `status`
 *   (`active` may receive transfers; `pending...` is still being verified).
 * Every response is parsed with zod; fields ArcFlux doesn't use are ignored.
 */
export const CIRCLE_PATHS = {
  transfers: '/v1/transfers',
  wallet: (walletId: string) => `/v1/wallets/${encodeURIComponent(walletId)}`,
  recipients: '/v1/addressBook/recipients',
} as const;

const moneySchema = z.object({ amount: z.string(), currency: z.string() });

export const transferResponseSchema = z.object({
  data: z.object({
    id: z.string().min(1).max(128),
    status: z.enum(['pending', 'complete', 'failed']),
    errorCode: z.string().nullish(),
  }),
});

export const walletResponseSchema = z.object({
  data: z.object({ walletId: z.string(), balances: z.array(moneySchema) }),
});

export const recipientsResponseSchema = z.object({
  data: z.array(z.object({ id: z.string(), address: z.string(), status: z.string() })),
});

const errorBodySchema = z.object({
  code: z.union([z.number(), z.string()]).optional(),
  message: z.string().optional(),
});

export interface CircleHttpOptions {
  baseUrl: string;
  /** Resolved for each request, so a key set after start-up is picked up. */
  apiKey: () => Secret;
  timeoutMs: number;
  /** The one redaction of outside text (config/redaction.ts): every message passes it. */
  redact: Redact;
  /** What to check when Circle refuses: the key's variable, the wallet id, the network. */
  refusalAdvice: string;
}

/**
 * One request to Circle, parsed with `schema`. Failures that may pass (timeouts, dropped
 * connections, 5xx, 408, 409, 429) throw TransientConnectorError; other 4xx throw
 * ConnectorRefusal with Circle's message and what to check. Every message is built from
 * Circle's text and then redacted as a whole, so no key Circle echoes (in its body, a
 * header or a URL) can reach the journal, a notification, a response or the log. The
 * fetch error itself is not kept as a cause: its detail is outside text too.
 */
export async function circleRequest<T>(
  options: CircleHttpOptions,
  request: { method: 'GET' | 'POST'; path: string; body?: unknown },
  schema: z.ZodType<T>,
): Promise<T> {
  const url = new URL(request.path, options.baseUrl);
  const what = `${request.method} ${url.pathname}`;
  // Resolved before any request: a missing key is a configuration error, not a network one.
  const apiKey = options.apiKey();
  let response: Response;
  try {
    response = await fetch(url, {
      method: request.method,
      headers: {
        authorization: `Bearer ${apiKey.reveal()}`,
        accept: 'application/json',
        ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    throw new TransientConnectorError(
      options.redact(
        `Circle ${what} ${describeFetchFailure(fetchFailure(error))}. Check the network connection and that connector.baseUrl (${options.baseUrl}) is reachable.`,
      ),
    );
  }
  const text = await response.text().catch(() => '');
  if (!response.ok) {
    const said = circleSaid(text, options.redact);
    if (response.status >= 500 || [408, 409, 429].includes(response.status)) {
      throw new TransientConnectorError(
        options.redact(`Circle answered HTTP ${response.status} to ${what}${said}`),
      );
    }
    throw new ConnectorRefusal(
      options.redact(
        `Circle refused ${what} (HTTP ${response.status})${said}. ${options.refusalAdvice}`,
      ),
      response.status,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new TransientConnectorError(`Circle's answer to ${what} was not JSON`);
  }
  const result = schema.safeParse(parsed);
  if (!result.success) {
    throw new TransientConnectorError(`Circle's answer to ${what} did not have the expected shape`);
  }
  return result.data;
}

/**
 * Circle's own words, from its error body `{code, message}`; nothing when it gave none.
 * Redacted before it is shortened, so a cut can't leave half a secret the redaction
 * would no longer recognise.
 */
function circleSaid(text: string, redact: Redact): string {
  try {
    const body = errorBodySchema.safeParse(JSON.parse(text));
    if (!body.success || !body.data.message) return '';
    const code = body.data.code === undefined ? '' : ` (Circle code ${String(body.data.code)})`;
    return redact(`: Circle said "${redact(body.data.message).slice(0, 200)}"${code}`);
  } catch {
    return '';
  }
}
