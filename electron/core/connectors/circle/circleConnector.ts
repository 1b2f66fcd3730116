/**
 * Which Circle API this connector speaks: the Circle Mint (formerly "Accounts" /
 * "Payments and Payouts") v1 endpoints, with an API key in the Authorization header:
 * `POST /v1/transfers` (a wallet-to-address-book transfer), `GET /v1/wallets/{id}` and
 * `GET /v1/addressBook/recipients`. Circle now points new builders to developer-controlled
 * wallets (`/v1/w3s/developer/...`, with an entity secret and on-chain wallets); that is
 * the newer path, and a connector for it would implement the same PaymentConnector
 * interface, so nothing above this folder changes. The request shapes are pinned against
 * Circle's documented examples in tests/unit/core/connectors/circleContract.test.ts.
 */
import { fromMinorUnits, toMinorUnits, type Currency } from '../../../../shared/money';
import type { User } from '../../../../shared/schemas/user';
import type { Redact } from '../../config/redaction';
import type { SecretReference } from '../../config/secret';
import { idempotencyUuid } from '../../execution/idempotency';
import { isCoreError } from '../../errors';
import {
  ConnectorRefusal,
  TransientConnectorError,
  type PaymentConnector,
  type TransferOutcome,
  type TransferRequest,
  type Verification,
} from '../connector';
import {
  CIRCLE_PATHS,
  circleRequest,
  recipientsResponseSchema,
  transferResponseSchema,
  walletResponseSchema,
  type CircleHttpOptions,
} from './circleApi';

export interface CircleConnectorOptions {
  baseUrl: string;
  apiKey: SecretReference;
  /** The wallet that pays: the acting user's. */
  walletId: string;
  requestTimeoutMs: number;
  env: Readonly<Record<string, string | undefined>>;
  /** The user whose wallet `walletId` is; Circle can't pay from anyone else's. */
  ownerId: string;
  /** The one redaction of outside text: every configured secret and key-shaped string. */
  redact: Redact;
}

/** Circle's names for our currencies: USDC settles as USD, EURC as EUR. */
const CIRCLE_CURRENCY: Record<Currency, string> = { USDC: 'USD', EURC: 'EUR' };

/**
 * Pays through Circle. Each transfer carries a UUID idempotency key derived from the
 * occurrence key, so a resubmission after a timeout or a crash is the same transfer to
 * Circle. Recipients must be active in the address book. The API key is read from its
 * `env:` variable per request and only ever sent in the Authorization header.
 */
export class CircleConnector implements PaymentConnector {
  readonly kind = 'circle' as const;
  readonly #http: CircleHttpOptions;

  constructor(private readonly options: CircleConnectorOptions) {
    this.#http = {
      baseUrl: options.baseUrl,
      apiKey: () => options.apiKey.resolve(options.env),
      timeoutMs: options.requestTimeoutMs,
      redact: options.redact,
      refusalAdvice: `Check the API key in ${options.apiKey.variable} (${options.apiKey.configKey}), the wallet id ${options.walletId} (connector.walletId), and that connector.baseUrl ${options.baseUrl} is the network the key was made for (sandbox keys work only on api-sandbox.circle.com).`,
    };
  }

  async transfer(request: TransferRequest): Promise<TransferOutcome> {
    try {
      const outcome = await this.#transfer(request);
      // A refusal may quote Circle (a recipient's status, an error code): outside text.
      return outcome.status === 'rejected'
        ? { ...outcome, message: this.options.redact(outcome.message) }
        : outcome;
    } catch (error) {
      // A missing API key stops us before any request: nothing can have moved.
      if (isCoreError(error) && error.code === 'invalid_config') return rejected(error.message);
      throw error;
    }
  }

  async #transfer(request: TransferRequest): Promise<TransferOutcome> {
    if (request.payerId !== this.options.ownerId) {
      return rejected(
        `Circle pays only from the configured wallet, which is ${this.options.ownerId}'s.`,
      );
    }
    const recipient = await this.#recipient(request.recipient.walletAddress);
    if (!recipient || recipient.status !== 'active') {
      return rejected(
        `The recipient's address ${request.recipient.walletAddress} is ${recipient ? `"${recipient.status}"` : 'not'} in Circle's address book; it must be active to receive transfers.`,
      );
    }
    try {
      const { data } = await circleRequest(
        this.#http,
        {
          method: 'POST',
          path: CIRCLE_PATHS.transfers,
          body: {
            idempotencyKey: idempotencyUuid(request.idempotencyKey, request.uuidVersion),
            source: { type: 'wallet', id: this.options.walletId },
            destination: { type: 'verified_blockchain', addressId: recipient.id },
            amount: { amount: request.amount, currency: CIRCLE_CURRENCY[request.currency] },
          },
        },
        transferResponseSchema,
      );
      if (data.status !== 'failed') return { status: 'succeeded', transferId: data.id };
      return data.errorCode === 'insufficient_funds'
        ? {
            status: 'rejected',
            failure: 'insufficient_funds',
            message: 'Circle reports insufficient funds.',
          }
        : rejected(`Circle failed the transfer${data.errorCode ? ` (${data.errorCode})` : ''}.`);
    } catch (error) {
      if (!(error instanceof ConnectorRefusal)) throw error;
      return /insufficient/i.test(error.message)
        ? { status: 'rejected', failure: 'insufficient_funds', message: error.message }
        : rejected(error.message);
    }
  }

  async balance(userId: string, currency: Currency): Promise<string | undefined> {
    if (userId !== this.options.ownerId) return undefined;
    const { data } = await circleRequest(
      this.#http,
      { method: 'GET', path: CIRCLE_PATHS.wallet(this.options.walletId) },
      walletResponseSchema,
    );
    const found = data.balances.find((money) => money.currency === CIRCLE_CURRENCY[currency]);
    return found ? normalizeAmount(found.amount, this.options.redact) : '0';
  }

  async verifyRecipient(recipient: Pick<User, 'walletAddress'>): Promise<Verification> {
    const found = await this.#recipient(recipient.walletAddress);
    if (!found) return 'unknown';
    if (found.status === 'active') return 'verified';
    return found.status.startsWith('pending') || found.status === 'verification_succeeded'
      ? 'pending'
      : 'unknown';
  }

  async #recipient(address: string) {
    const path = `${CIRCLE_PATHS.recipients}?address=${encodeURIComponent(address)}`;
    const { data } = await circleRequest(
      this.#http,
      { method: 'GET', path },
      recipientsResponseSchema,
    );
    return data.find((candidate) => candidate.address.toLowerCase() === address.toLowerCase());
  }
}

function rejected(message: string): TransferOutcome {
  return { status: 'rejected', failure: 'rejected', message };
}

/** Circle writes "10.00"; ArcFlux's canonical form is "10". Anything else is a bad answer. */
function normalizeAmount(amount: string, redact: Redact): string {
  try {
    return fromMinorUnits(toMinorUnits(amount));
  } catch {
    throw new TransientConnectorError(
      `Circle reported a balance ArcFlux can't read ("${redact(amount).slice(0, 40)}")`,
    );
  }
}
