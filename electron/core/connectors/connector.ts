import type { Currency } from '../../../shared/money';
import type { User } from '../../../shared/schemas/user';
import { CoreError } from '../errors';
import type { UuidVersion } from '../execution/idempotency';

export type Verification = 'verified' | 'pending' | 'unknown';

/** One transfer, exactly as the connector is asked for it. */
export interface TransferRequest {
  /** The occurrence key; the same key always means the same transfer. */
  idempotencyKey: string;
  /**
   * For connectors that send the key as a UUID: its version. 5 only to resubmit a run
   * first sent before keys were version 4 (its journal line has no `uuidVersion`).
   */
  uuidVersion: UuidVersion;
  payerId: string;
  recipient: Pick<User, 'id' | 'walletId' | 'walletAddress'>;
  amount: string;
  currency: Currency;
}

/** The connector's final word on a transfer. Errors worth retrying are thrown instead. */
export type TransferOutcome =
  | { status: 'succeeded'; transferId: string }
  | { status: 'rejected'; failure: 'insufficient_funds' | 'rejected'; message: string };

/**
 * The one interface every money mover implements. `transfer` must honour the idempotency
 * key: the same key returns the original outcome and never moves money twice.
 */
export interface PaymentConnector {
  readonly kind: 'simulated' | 'circle';
  transfer(request: TransferRequest): Promise<TransferOutcome>;
  /** The user's balance as the connector knows it; undefined when it can't see that wallet. */
  balance(userId: string, currency: Currency): Promise<string | undefined>;
  /** Whether the recipient's address is known and cleared for transfers. */
  verifyRecipient(recipient: Pick<User, 'id' | 'walletAddress'>): Promise<Verification>;
}

/**
 * A failure that may pass: a timeout, a dropped connection, a 5xx or a 429. The transfer
 * may or may not have happened; retrying with the same key is always safe. It is a core
 * error (`connector_unavailable`), so a command it stops says so instead of "internal".
 * Its message is already redacted (config/redaction.ts).
 */
export class TransientConnectorError extends CoreError {
  constructor(message: string) {
    super('connector_unavailable', message);
    this.name = 'TransientConnectorError';
  }
}

/**
 * A refusal from the payment service that will not change on retry (a 4xx other than
 * 408, 409 and 429): `connector_refused`, with what the service said (redacted) and what
 * to check. Nothing moved.
 */
export class ConnectorRefusal extends CoreError {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super('connector_refused', message);
    this.name = 'ConnectorRefusal';
  }
}

export function isTransient(error: unknown): boolean {
  return error instanceof TransientConnectorError;
}
