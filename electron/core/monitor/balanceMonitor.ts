import {
  CURRENCIES,
  formatAmount,
  fromMinorUnits,
  toMinorUnits,
  type Currency,
} from '../../../shared/money';
import { sliced } from '../background';
import { toInstant, type Clock } from '../clock';
import type { SystemConfig } from '../config/systemConfig';
import type { PaymentConnector } from '../connectors/connector';
import type { EventBus } from '../events';
import type { NotificationService } from '../notifications/notificationService';
import type { BalancesRepository } from '../repositories/balances';
import type { Ledger } from '../indexes/ledgerIndexes';
import type { ScheduleIndex } from '../indexes/scheduleIndex';
import type { UsersRepository } from '../repositories/users';
import { balancesAfter, FORECAST_RUNS_PER_PAYMENT, FORECAST_SLICE } from './forecast';

export interface BalanceMonitorOptions {
  connector: PaymentConnector;
  balances: BalancesRepository;
  payments: Pick<Ledger, 'find'>;
  /** The live schedules, for the forecast and whether it could have changed. */
  schedules: Pick<ScheduleIndex, 'upcomingRuns' | 'expansionAhead' | 'version'>;
  users: UsersRepository;
  events: EventBus;
  notifications: NotificationService;
  clock: Clock;
  thresholds: SystemConfig['monitor'];
  /** How long a reading serves the Guardian before the connector is asked again. */
  maxAgeMs?: number;
}

/**
 * Watches balances. It keeps the last reading per wallet and currency (so a command doesn't
 * cost a network call), writes changes to balances.json and the event stream, reports a
 * fall that ArcFlux's own payments don't explain, and warns ahead of time when scheduled
 * payments would leave less than the low-balance threshold.
 */
export class BalanceMonitor {
  readonly #readings = new Map<string, { units: bigint; at: number }>();
  /** What ArcFlux itself paid out since the last reading, so it isn't taken for a drop. */
  readonly #paidOut = new Map<string, bigint>();
  /** The amount each wallet was last announced with, so only real changes become events. */
  readonly #announced = new Map<string, string>();
  /**
   * When each wallet was last forecast and what it looked at: the schedules (by the
   * index's version, which every saved row changes) and the balance. Forecasting walks every
   * schedule's coming runs and costs tens of milliseconds on a busy ledger, so it runs at
   * most once a minute per wallet, and an idle tick with nothing new skips it.
   */
  readonly #forecasted = new Map<string, { version: number; balance: bigint; at: number }>();

  constructor(private readonly options: BalanceMonitorOptions) {
    for (const balance of options.balances.list()) {
      this.#announced.set(key(balance.userId, balance.currency), balance.amount);
    }
  }

  /** The balance, from a fresh enough reading or the connector. */
  async balanceOf(userId: string, currency: Currency): Promise<string | undefined> {
    const reading = this.#readings.get(key(userId, currency));
    const maxAge = this.options.maxAgeMs ?? 30_000;
    if (reading && this.options.clock.now().getTime() - reading.at <= maxAge) {
      return fromMinorUnits(reading.units);
    }
    const amount = await this.options.connector.balance(userId, currency);
    if (amount !== undefined) this.#remember(userId, currency, toMinorUnits(amount));
    return amount;
  }

  /** Notes money ArcFlux sent, so the next reading's fall is explained. */
  notePaidOut(userId: string, currency: Currency, amount: string): void {
    const wallet = key(userId, currency);
    this.#paidOut.set(wallet, (this.#paidOut.get(wallet) ?? 0n) + toMinorUnits(amount));
  }

  /**
   * Reads every wallet of these users from the connector, records changes, reports
   * unexplained drops, and looks ahead for overdrafts. Never throws.
   */
  async refresh(userIds: Iterable<string>): Promise<void> {
    for (const userId of new Set(userIds)) {
      for (const currency of CURRENCIES) {
        try {
          await this.#refreshWallet(userId, currency);
        } catch {
          // An unreachable connector leaves the last reading in place; the next tick retries.
        }
      }
    }
  }

  async #refreshWallet(userId: string, currency: Currency): Promise<void> {
    const wallet = key(userId, currency);
    const amount = await this.options.connector.balance(userId, currency);
    if (amount === undefined) return;
    const units = toMinorUnits(amount);
    const previous = this.#readings.get(wallet)?.units;
    const paidOut = this.#paidOut.get(wallet) ?? 0n;
    this.#paidOut.delete(wallet);
    this.#remember(userId, currency, units);
    await this.#record(userId, currency, amount);
    if (previous !== undefined) await this.#checkDrop(userId, currency, previous, units, paidOut);
    await this.#warnAhead(userId, currency, units);
  }

  #remember(userId: string, currency: Currency, units: bigint): void {
    this.#readings.set(key(userId, currency), {
      units,
      at: this.options.clock.now().getTime(),
    });
  }

  /** Keeps balances.json and the app's view equal to the reading. */
  async #record(userId: string, currency: Currency, amount: string): Promise<void> {
    const { balances, events, clock } = this.options;
    const stored = balances.find(userId, currency);
    const balance = { userId, currency, amount, updatedAt: toInstant(clock.now()) };
    if (stored?.amount !== amount) await balances.save([balance]);
    const current = balances.find(userId, currency) ?? balance;
    if (this.#announced.get(key(userId, currency)) !== current.amount) {
      this.#announced.set(key(userId, currency), current.amount);
      events.emit('balance:changed', { balance: current });
    }
  }

  async #checkDrop(
    userId: string,
    currency: Currency,
    previous: bigint,
    current: bigint,
    paidOut: bigint,
  ): Promise<void> {
    const unexplained = previous - current - paidOut;
    const ratio = BigInt(Math.round(this.options.thresholds.dropRatio * 10_000));
    if (previous <= 0n || unexplained <= 0n || unexplained * 10_000n <= previous * ratio) return;
    const from = formatAmount(fromMinorUnits(previous), currency);
    const to = formatAmount(fromMinorUnits(current), currency);
    const explained = formatAmount(fromMinorUnits(paidOut), currency);
    await this.options.notifications.notify([
      {
        userId,
        kind: 'low_balance',
        title: `Your ${currency} balance dropped`,
        body: `Your ${currency} balance fell from ${from} to ${to}, and ArcFlux's payments explain only ${explained} of it. Check the wallet's activity.`,
        paymentId: null,
        operator: {
          event: 'balance_drop',
          title: `${this.#nameOf(userId)}'s ${currency} balance dropped`,
          body: `It fell from ${from} to ${to}; ArcFlux's payments explain only ${explained} of it.`,
        },
      },
    ]);
  }

  #nameOf(userId: string): string {
    return this.options.users.find(userId)?.displayName ?? userId;
  }

  async #warnAhead(userId: string, currency: Currency, balance: bigint): Promise<void> {
    const { payments, schedules, users, clock, thresholds } = this.options;
    const now = clock.now();
    const last = this.#forecasted.get(key(userId, currency));
    const age = last === undefined ? Infinity : now.getTime() - last.at;
    const version = schedules.version;
    const unchanged = last?.version === version && last.balance === balance;
    if (age < MINUTE_MS || (unchanged && age < HOUR_MS)) return;
    this.#forecasted.set(key(userId, currency), { version, balance, at: now.getTime() });
    // A schedule cut by the cap only leaves balances higher than they will be, so a
    // warning found past a cut is still true; a missed one is the cost of the cap.
    const query = {
      userId,
      currency,
      until: new Date(now.getTime() + thresholds.horizonDays * DAY_MS).toISOString(),
      perPaymentLimit: FORECAST_RUNS_PER_PAYMENT,
      totalLimit: 1000,
    };
    // The first look ahead after start-up expands every schedule's coming runs: over a
    // second at tens of thousands of them, and done at once it held every request that
    // long. It goes a slice per turn instead, after what the first screen needs (at 1M
    // transfers, sharing turns with the history's index delayed its first page).
    const expand = schedules.expansionAhead(query);
    await sliced(() => expand(FORECAST_SLICE));
    const { runs } = schedules.upcomingRuns(query);
    const after = balancesAfter(balance, runs);
    const floor = toMinorUnits(thresholds.lowBalance);
    const index = after.findIndex((left) => left < floor);
    const run = runs[index];
    if (run === undefined) return;
    const payment = payments.find(run.paymentId);
    const user = users.find(userId);
    const recipient = payment ? users.find(payment.recipientId)?.displayName : undefined;
    const day = new Intl.DateTimeFormat('en-US', {
      weekday: 'long',
      timeZone: user?.timezone ?? 'UTC',
    }).format(new Date(run.at));
    const left = formatAmount(fromMinorUnits(after[index] ?? 0n), currency);
    const what = `${day}'s ${formatAmount(fromMinorUnits(run.units), currency)}${recipient ? ` to ${recipient}` : ''}`;
    await this.options.notifications.notify([
      {
        userId,
        kind: 'low_balance',
        title: 'Low balance ahead',
        body: `${what} will leave ${left}. Add funds or move the payment before then.`,
        paymentId: run.paymentId,
        operator: {
          event: 'overdraft',
          title: `${this.#nameOf(userId)}: low ${currency} balance ahead`,
          body: `${what} will leave ${left}, under the ${formatAmount(thresholds.lowBalance, currency)} floor.`,
        },
        dedupeKey: `low_balance:${run.paymentId}@${run.at}`,
      },
    ]);
  }
}

function key(userId: string, currency: Currency): string {
  return `${userId}/${currency}`;
}

const MINUTE_MS = 60 * 1000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
