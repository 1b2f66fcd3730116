import { randomUUID } from 'node:crypto';
import { fromMinorUnits, toMinorUnits, type Currency } from '../../../../shared/money';
import type { Balance } from '../../../../shared/schemas/balance';
import { toInstant, type Clock } from '../../clock';
import type { BalancesRepository } from '../../repositories/balances';
import { JsonLinesLog } from '../../store';
import type {
  PaymentConnector,
  TransferOutcome,
  TransferRequest,
  Verification,
} from '../connector';
import { NETWORK_LOG_FILE, networkEntrySchema, type NetworkEntry } from './networkLog';

export interface SimulatedOptions {
  dataDir: string;
  clock: Clock;
  /** The balances the app shows; kept equal to the network's after every commit. */
  balances: BalancesRepository;
  /** Whose addresses count as verified; everyone known to this install by default. */
  isKnownUser: (userId: string) => boolean;
}

/**
 * The default connector: a payment network simulated in the data folder. It honours
 * idempotency keys across restarts (the key and its outcome are committed in the same
 * fsync'd line as the money movement), and commits the transfers that arrive together
 * as one batch: one write and one fsync however many there are.
 */
export class SimulatedConnector implements PaymentConnector {
  readonly kind = 'simulated' as const;
  readonly #balances = new Map<string, bigint>();
  readonly #outcomes = new Map<string, TransferOutcome>();
  #pending: PendingTransfer[] = [];
  #draining = false;

  private constructor(
    private readonly log: JsonLinesLog<NetworkEntry>,
    private readonly options: SimulatedOptions,
  ) {
    for (const entry of log.records) this.#apply(entry);
  }

  static async open(options: SimulatedOptions): Promise<SimulatedConnector> {
    const log = await JsonLinesLog.open(
      options.dataDir,
      { file: NETWORK_LOG_FILE, version: 1, schema: networkEntrySchema },
      options.clock,
    );
    const connector = new SimulatedConnector(log, options);
    if (log.records.length === 0) {
      // The network starts from the balances the data folder was seeded with.
      await connector.#commit([
        {
          kind: 'opening',
          at: toInstant(options.clock.now()),
          balances: options.balances
            .list()
            .map(({ userId, currency, amount }) => ({ userId, currency, amount })),
        },
      ]);
    } else {
      // A crash between a commit and the mirror write leaves balances.json behind.
      await connector.#mirrorBalances();
    }
    return connector;
  }

  transfer(request: TransferRequest): Promise<TransferOutcome> {
    const known = this.#outcomes.get(request.idempotencyKey);
    if (known) return Promise.resolve(known);
    return new Promise((resolve, reject) => {
      this.#pending.push({ request, resolve, reject });
      if (!this.#draining) void this.#drain();
    });
  }

  async balance(userId: string, currency: Currency): Promise<string | undefined> {
    const units = this.#balances.get(balanceKey(userId, currency));
    return units === undefined ? undefined : fromMinorUnits(units);
  }

  async verifyRecipient(recipient: { id: string }): Promise<Verification> {
    return this.options.isKnownUser(recipient.id) ? 'verified' : 'unknown';
  }

  /** Adds money to a wallet: the demo's top-up, and tests that need a richer user. */
  async deposit(userId: string, currency: Currency, amount: string): Promise<void> {
    await this.#commit([
      { kind: 'deposit', at: toInstant(this.options.clock.now()), userId, currency, amount },
    ]);
  }

  async #drain(): Promise<void> {
    this.#draining = true;
    // Let transfers asked for in the same turn join the first batch.
    await Promise.resolve();
    while (this.#pending.length > 0) {
      const batch = this.#pending.splice(0);
      const at = toInstant(this.options.clock.now());
      const planned = this.#plan(batch, at);
      try {
        await this.#commit(planned.entries);
      } catch (error) {
        for (const pending of batch) pending.reject(error);
        continue;
      }
      for (const pending of batch) {
        const outcome = this.#outcomes.get(pending.request.idempotencyKey);
        if (outcome) pending.resolve(outcome);
        else pending.reject(new Error('the simulated network lost a transfer it committed'));
      }
    }
    this.#draining = false;
  }

  /** Decides each transfer against running balances, in the order they were asked for. */
  #plan(batch: readonly PendingTransfer[], at: string): { entries: NetworkEntry[] } {
    const running = new Map(this.#balances);
    const decided = new Set<string>();
    const entries: NetworkEntry[] = [];
    for (const { request } of batch) {
      const key = request.idempotencyKey;
      if (this.#outcomes.has(key) || decided.has(key)) continue;
      decided.add(key);
      const units = toMinorUnits(request.amount);
      const fromKey = balanceKey(request.payerId, request.currency);
      const available = running.get(fromKey) ?? 0n;
      if (available < units) {
        entries.push({
          kind: 'rejection',
          at,
          key,
          failure: 'insufficient_funds',
          message: `The balance of ${fromMinorUnits(available)} ${request.currency} does not cover ${request.amount} ${request.currency}.`,
        });
        continue;
      }
      const toKey = balanceKey(request.recipient.id, request.currency);
      running.set(fromKey, available - units);
      running.set(toKey, (running.get(toKey) ?? 0n) + units);
      entries.push({
        kind: 'transfer',
        at,
        key,
        transferId: `sim_${randomUUID()}`,
        from: request.payerId,
        to: request.recipient.id,
        currency: request.currency,
        amount: request.amount,
      });
    }
    return { entries };
  }

  /** The one commit point: the fsync'd append. Memory and the mirror follow it. */
  async #commit(entries: NetworkEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.log.append(entries);
    for (const entry of entries) this.#apply(entry);
    await this.#mirrorBalances();
  }

  #apply(entry: NetworkEntry): void {
    switch (entry.kind) {
      case 'opening':
        for (const balance of entry.balances) {
          this.#balances.set(
            balanceKey(balance.userId, balance.currency),
            toMinorUnits(balance.amount),
          );
        }
        return;
      case 'deposit':
        this.#add(entry.userId, entry.currency, toMinorUnits(entry.amount));
        return;
      case 'transfer': {
        const units = toMinorUnits(entry.amount);
        this.#add(entry.from, entry.currency, -units);
        this.#add(entry.to, entry.currency, units);
        this.#outcomes.set(entry.key, { status: 'succeeded', transferId: entry.transferId });
        return;
      }
      case 'rejection':
        this.#outcomes.set(entry.key, {
          status: 'rejected',
          failure: entry.failure,
          message: entry.message,
        });
        return;
    }
  }

  #add(userId: string, currency: Currency, units: bigint): void {
    const key = balanceKey(userId, currency);
    this.#balances.set(key, (this.#balances.get(key) ?? 0n) + units);
  }

  /**
   * Writes the balances that differ into balances.json. A failure here is not a failed
   * transfer (the money moved at the commit): the mirror is redone on the next commit or open.
   */
  async #mirrorBalances(): Promise<void> {
    const at = toInstant(this.options.clock.now());
    const changed: Balance[] = [];
    for (const [key, units] of this.#balances) {
      const [userId = '', currency = 'USDC'] = key.split('/') as [string, Currency];
      const amount = fromMinorUnits(units < 0n ? 0n : units);
      if (this.options.balances.find(userId, currency)?.amount === amount) continue;
      changed.push({ userId, currency, amount, updatedAt: at });
    }
    if (changed.length === 0) return;
    try {
      await this.options.balances.save(changed);
    } catch {
      // Left for the next commit or open; the network log already holds the truth.
    }
  }
}

interface PendingTransfer {
  request: TransferRequest;
  resolve: (outcome: TransferOutcome) => void;
  reject: (error: unknown) => void;
}

function balanceKey(userId: string, currency: Currency): string {
  return `${userId}/${currency}`;
}
