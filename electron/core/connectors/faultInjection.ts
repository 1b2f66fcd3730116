import { fromMinorUnits, toMinorUnits, type Currency } from '../../../shared/money';
import {
  TransientConnectorError,
  type PaymentConnector,
  type TransferOutcome,
  type TransferRequest,
} from './connector';

/**
 * What can go wrong with one transfer call, for tests and drills:
 * - `timeout_before_commit`: the request never arrived; nothing moved.
 * - `timeout_after_commit`: the connector moved the money, then the answer was lost.
 * - `hang_before_commit` / `hang_after_commit`: the call never returns, as when the
 *   process dies there; the test then abandons the core and opens a new one.
 * - `reject`: the connector refuses the transfer for good.
 */
export type Fault =
  | 'timeout_before_commit'
  | 'timeout_after_commit'
  | 'hang_before_commit'
  | 'hang_after_commit'
  | 'reject';

/**
 * Wraps a connector and applies queued faults to the next transfer calls, one fault per
 * call. Verification passes straight through, and balances do too, less any money spent
 * outside ArcFlux (`spendOutside`). A hang stands for the process
 * dying, so once one begins every other transfer hangs too (at entry, or once the
 * connector answers): nothing of the "dead" process acts after that moment.
 */
export class FaultInjector {
  readonly #queue: Fault[] = [];
  #dead = false;
  /** Transfer calls seen, faulty or not. */
  calls = 0;
  /** Calls now hanging for good, counted once the hang has begun (after any commit). */
  hung = 0;

  /** Money spent from each wallet (`user/currency`) outside ArcFlux, in minor units. */
  readonly #spentOutside = new Map<string, bigint>();

  /**
   * The wallet's owner spends `amount` elsewhere (another app, a card): every later
   * balance reading is that much lower, and no ArcFlux payment explains it.
   */
  spendOutside(userId: string, currency: Currency, amount: string): void {
    const wallet = `${userId}/${currency}`;
    this.#spentOutside.set(wallet, (this.#spentOutside.get(wallet) ?? 0n) + toMinorUnits(amount));
  }

  /** Queues faults for the coming transfer calls, in order. */
  inject(...faults: Fault[]): void {
    this.#queue.push(...faults);
  }

  get pending(): number {
    return this.#queue.length;
  }

  clear(): void {
    this.#queue.length = 0;
  }

  wrap(connector: PaymentConnector): PaymentConnector {
    return {
      kind: connector.kind,
      balance: async (userId, currency) => {
        const amount = await connector.balance(userId, currency);
        const spent = this.#spentOutside.get(`${userId}/${currency}`) ?? 0n;
        return amount === undefined ? undefined : fromMinorUnits(toMinorUnits(amount) - spent);
      },
      verifyRecipient: (recipient) => connector.verifyRecipient(recipient),
      transfer: (request) => this.#transfer(connector, request),
    };
  }

  async #transfer(connector: PaymentConnector, request: TransferRequest): Promise<TransferOutcome> {
    this.calls += 1;
    if (this.#dead) return never();
    const fault = this.#queue.shift();
    switch (fault) {
      case undefined: {
        const outcome = await connector.transfer(request);
        return this.#dead ? never() : outcome;
      }
      case 'reject':
        return {
          status: 'rejected',
          failure: 'rejected',
          message: 'Refused by an injected fault.',
        };
      case 'timeout_before_commit':
        throw new TransientConnectorError('injected timeout before the transfer was committed');
      case 'timeout_after_commit':
        await connector.transfer(request);
        throw new TransientConnectorError('injected timeout after the transfer was committed');
      case 'hang_before_commit':
        this.#dead = true;
        this.hung += 1;
        return never();
      case 'hang_after_commit':
        await connector.transfer(request);
        this.#dead = true;
        this.hung += 1;
        return never();
    }
  }
}

function never<T>(): Promise<T> {
  return new Promise<T>(() => undefined);
}
