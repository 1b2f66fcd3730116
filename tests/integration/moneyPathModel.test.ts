import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { executionIdFor, occurrenceKey } from '../../electron/core/execution/idempotency';
import type { MoneyPathOptions } from '../../electron/core/moneyPath';
import { occurrencesBetween } from '../../electron/core/schedule/occurrences';
import type { Payment } from '../../shared/schemas/payment';
import { ManualClock } from '../support/manualClock';
import type { MoneyCore } from '../support/moneyCore';
import {
  jsonMoneyStore,
  postgresMoneyStore,
  type MoneyPlace,
  type MoneyStore,
} from '../support/moneyStores';

/**
 * The money path against a simple model, over random sequences of what users and the
 * world do: create, confirm, cancel, skip (the next run, held runs, runs not chosen),
 * pause and resume, tick after Δt, sleep, crash at the worst moments, restart, and
 * connector timeouts before or after the money moved. Whatever happens: no occurrence is
 * paid twice, nothing is paid without an approving risk record, no skipped occurrence is
 * ever paid, and no confirmed occurrence disappears without a trace.
 *
 * The same sequences and proofs run on both stores: the desktop's data folder, and the
 * household's PostgreSQL (chosen through the system config, as `serve --store postgres`
 * does), where a crash ends the dead core's database sessions as a process death would.
 */
const SEED = Number(process.env.ARCFLUX_PROPERTY_SEED ?? 20_261_127);
const RUNS = Number(process.env.ARCFLUX_PROPERTY_RUNS ?? 1000);
/**
 * Each PostgreSQL sequence costs a database and several core starts (migration check, load,
 * LISTEN): 0.5 to 1 s on a quiet 2-core machine, several times that on a busy one. The
 * default is what runs in about two minutes; a big run sets ARCFLUX_PG_PROPERTY_RUNS (or
 * ARCFLUX_PROPERTY_RUNS, which sets both).
 */
const PG_RUNS = Number(
  process.env.ARCFLUX_PG_PROPERTY_RUNS ?? process.env.ARCFLUX_PROPERTY_RUNS ?? 100,
);

type PausePoint = Parameters<NonNullable<MoneyPathOptions['pause']>>[0];
type CrashPoint = PausePoint | 'hang_before_commit' | 'hang_after_commit';

interface ModelPayment {
  id: string;
  recurring: boolean;
  state: 'proposed' | 'confirmed' | 'cancelled' | 'other';
  expiresAt: number;
  /** The first occurrence the user's yes (or the Guardian's approval) scheduled. */
  confirmedFrom: string | null;
  cancelledAt: string | null;
}

interface Model {
  payments: ModelPayment[];
}

/** The system under test: a core that crashes and restarts are allowed to replace. */
class Real {
  money!: MoneyCore;
  readonly control = { armed: null as PausePoint | null, frozen: false };
  readonly clock = new ManualClock('2026-11-02T14:00:00.000Z');
  readonly stats = { ticks: 0, crashes: 0, executed: 0, timeouts: 0, skips: 0 };

  constructor(readonly place: MoneyPlace) {}

  async open(): Promise<void> {
    this.control.armed = null;
    this.control.frozen = false;
    this.money = await this.place.open({
      clock: this.clock,
      pause: async (point) => {
        if (this.control.armed !== point) return;
        this.control.frozen = true;
        await new Promise(() => undefined);
      },
    });
  }

  async tick(): Promise<void> {
    const report = await this.money.call('scheduler:tick', {});
    this.stats.ticks += 1;
    this.stats.executed += report.executed.length;
  }
}

const now = (real: Real) => real.clock.now().getTime();

function sweep(model: Model, real: Real): void {
  for (const payment of model.payments) {
    if (payment.state === 'proposed' && payment.expiresAt <= now(real)) payment.state = 'other';
  }
}

class CreateCommand implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly recipient: string,
    readonly cents: number,
    readonly schedule: string,
    /** Says yes straight away, as most users do. */
    readonly andConfirm: boolean,
  ) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const amount = (this.cents / 100).toFixed(2);
    const text = `Pay ${this.recipient} ${amount} USDC${this.schedule}`;
    const result = await real.money.call('commands:run', { text });
    expect(['needs_confirmation', 'approved']).toContain(result.decision.outcome);
    const payment = result.payment;
    if (!payment) throw new Error(`no payment for "${text}"`);
    expect(payment.riskAssessmentId).not.toBeNull();
    model.payments.push({
      id: payment.id,
      recurring: this.schedule !== '',
      state: result.proposal ? 'proposed' : 'confirmed',
      expiresAt: result.proposal ? Date.parse(result.proposal.expiresAt) : Infinity,
      confirmedFrom: result.proposal ? null : payment.nextRunAt,
      cancelledAt: null,
    });
    if (this.andConfirm) await new ConfirmCommand(1).run(model, real);
  }
  toString = () =>
    `create(${this.recipient}, ${this.cents}c,${this.schedule || ' once'}${this.andConfirm ? ', confirmed' : ''})`;
}

class ConfirmCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly pick: number) {}
  check = (model: Readonly<Model>) => model.payments.length > 0;
  async run(model: Model, real: Real): Promise<void> {
    // Mostly the newest proposal, as a user would; sometimes any payment, to try the
    // refusals (twice, expired, cancelled).
    const proposed = model.payments.filter((payment) => payment.state === 'proposed');
    const pool = proposed.length > 0 && this.pick % 4 !== 0 ? proposed.slice(-1) : model.payments;
    const payment = pool[this.pick % pool.length] as ModelPayment;
    const result = await real.money.core.invoke('payments:confirm', { id: payment.id });
    if (payment.state === 'proposed') {
      if (now(real) >= payment.expiresAt) {
        // Past its expiry: refused as expired, or as cancelled once a tick swept it.
        expect(result.ok ? 'ok' : result.error.code).toMatch(/^(expired|conflict)$/);
        payment.state = 'other';
        return;
      }
      if (!result.ok) throw new Error(`confirm refused: ${result.error.message}`);
      payment.state = 'confirmed';
      payment.confirmedFrom = result.data.payment.nextRunAt;
      return;
    }
    if (payment.state === 'confirmed' && result.ok) {
      // A held payment's missed runs were approved.
      expect(result.data.payment.status).toBe('scheduled');
      return;
    }
    expect(result.ok).toBe(false);
  }
  toString = () => `confirm(#${this.pick})`;
}

class CancelCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly pick: number) {}
  check = (model: Readonly<Model>) => model.payments.length > 0;
  async run(model: Model, real: Real): Promise<void> {
    const payment = model.payments[this.pick % model.payments.length] as ModelPayment;
    const result = await real.money.core.invoke('payments:cancel', { id: payment.id });
    if (payment.state === 'cancelled') expect(result.ok).toBe(false);
    if (result.ok) {
      payment.state = 'cancelled';
      payment.cancelledAt = real.clock.now().toISOString();
    }
  }
  toString = () => `cancel(#${this.pick})`;
}

/**
 * The user passes over runs: skips the next one or the held ones, or approves only the
 * first held run (the others are not chosen). Refusals (nothing to skip) change nothing.
 */
class SkipCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly pick: number) {}
  check = (model: Readonly<Model>) => model.payments.length > 0;
  async run(model: Model, real: Real): Promise<void> {
    const payment = model.payments[this.pick % model.payments.length] as ModelPayment;
    const { payment: row } = await real.money.call('payments:get', { id: payment.id });
    const [first] = row.missedRuns ?? [];
    const result =
      row.status === 'missed' && first !== undefined && this.pick % 2 === 1
        ? await real.money.core.invoke('payments:confirm', { id: payment.id, runs: [first] })
        : await real.money.core.invoke('payments:skip', { id: payment.id });
    if (payment.state === 'cancelled') expect(result.ok).toBe(false);
    if (result.ok) real.stats.skips += 1;
  }
  toString = () => `skip(#${this.pick})`;
}

/**
 * Pauses a payment, or resumes it if paused: a schedule's runs that passed meanwhile are
 * skipped (and journaled so); a one-off runs from now.
 */
class PauseCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly pick: number) {}
  check = (model: Readonly<Model>) => model.payments.length > 0;
  async run(model: Model, real: Real): Promise<void> {
    const payment = model.payments[this.pick % model.payments.length] as ModelPayment;
    const { payment: row } = await real.money.call('payments:get', { id: payment.id });
    const result = await real.money.core.invoke(row.paused ? 'payments:resume' : 'payments:pause', {
      id: payment.id,
    });
    // A one-off whose time passed while paused runs from now: the user moved its one run.
    if (row.paused && result.ok && !payment.recurring && payment.confirmedFrom !== null) {
      payment.confirmedFrom = result.data.payment.nextRunAt ?? payment.confirmedFrom;
    }
  }
  toString = () => `pauseOrResume(#${this.pick})`;
}

class TickCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly minutes: number) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    real.clock.advance(this.minutes * 60_000);
    await real.tick();
    sweep(model, real);
  }
  toString = () => `tick(+${this.minutes}m)`;
}

class SleepCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly hours: number) {}
  check = () => true;
  async run(_model: Model, real: Real): Promise<void> {
    real.clock.advance(this.hours * 3_600_000);
  }
  toString = () => `sleep(${this.hours}h)`;
}

class TimeoutCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly afterCommit: boolean) {}
  check = () => true;
  async run(_model: Model, real: Real): Promise<void> {
    real.money.faults.inject(this.afterCommit ? 'timeout_after_commit' : 'timeout_before_commit');
    real.stats.timeouts += 1;
  }
  toString = () => `timeout(${this.afterCommit ? 'after' : 'before'} commit)`;
}

/** A tick that dies at `point` (if it gets that far), then a fresh start on the same folder. */
class CrashCommand implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly point: CrashPoint,
    readonly minutes: number,
  ) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    real.clock.advance(this.minutes * 60_000);
    const money = real.money;
    if (this.point === 'hang_before_commit' || this.point === 'hang_after_commit') {
      money.faults.clear();
      money.faults.inject(this.point);
    } else {
      real.control.armed = this.point;
    }
    let settled = false;
    void money.core.invoke('scheduler:tick', {}).finally(() => (settled = true));
    while (!settled && !real.control.frozen && money.faults.hung === 0) {
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    // Expiry runs first in every tick, so it happened whatever the crash point.
    sweep(model, real);
    await real.place.crash(money);
    real.stats.crashes += 1;
    await real.open();
  }
  toString = () => `crash(${this.point}, +${this.minutes}m)`;
}

class RestartCommand implements fc.AsyncCommand<Model, Real> {
  check = () => true;
  async run(_model: Model, real: Real): Promise<void> {
    await real.money.core.close();
    await real.open();
  }
  toString = () => 'restart';
}

const create = fc
  .tuple(
    fc.constantFrom('User Two', 'Alice Chen'),
    fc.integer({ min: 1, max: 100 }),
    fc.constantFrom('', '', ' every 5 minutes', ' every 5 minutes', ' every hour', ' every day'),
    fc.boolean(),
  )
  .map(
    ([recipient, cents, schedule, andConfirm]) =>
      new CreateCommand(recipient, cents, schedule, andConfirm),
  );
const confirm = fc.nat(20).map((pick) => new ConfirmCommand(pick));
/** Mostly the app's own rhythm (on time), sometimes a long gap (missed runs). */
const tick = fc
  .oneof(
    { weight: 5, arbitrary: fc.integer({ min: 0, max: 4 }) },
    { weight: 1, arbitrary: fc.integer({ min: 5, max: 180 }) },
  )
  .map((minutes) => new TickCommand(minutes));
const crashTick = fc
  .tuple(
    fc.constantFrom<CrashPoint>(
      'after_started',
      'before_settle',
      'hang_before_commit',
      'hang_after_commit',
    ),
    fc.integer({ min: 0, max: 4 }),
  )
  .map(([point, minutes]) => new CrashCommand(point, minutes));

// Repeats weight the mix towards what makes money move: creating, confirming, ticking.
const commands = [
  create,
  create,
  confirm,
  confirm,
  fc.nat(20).map((pick) => new CancelCommand(pick)),
  fc.nat(20).map((pick) => new SkipCommand(pick)),
  fc.nat(20).map((pick) => new PauseCommand(pick)),
  tick,
  tick,
  tick,
  fc.integer({ min: 1, max: 4 }).map((hours) => new SleepCommand(hours)),
  fc.boolean().map((afterCommit) => new TimeoutCommand(afterCommit)),
  crashTick,
  crashTick,
  fc.constant(new RestartCommand()),
];

interface Totals {
  sequences: number;
  commands: number;
  ticks: number;
  executed: number;
  crashes: number;
  timeouts: number;
  confirmedOccurrencesChecked: number;
  skipped: number;
}

/**
 * After the sequence: a clean restart and a few on-time ticks (which resubmit anything a
 * crash or timeout left unknown, and run what is due), then the proofs.
 */
async function checkInvariants(model: Model, real: Real, totals: Totals): Promise<void> {
  await real.money.core.close();
  await real.open();
  for (let tick = 0; tick < 3; tick += 1) {
    real.clock.advance(4 * 60_000);
    await real.tick();
    sweep(model, real);
  }
  const money = real.money;
  const report = await money.call('system:validate', {});
  expect(report.problems).toEqual([]);

  const { executions: journal, riskAssessments: risks } = await real.place.stored();
  const network = lines(join(real.place.dataDir, 'simulated_network.jsonl'));
  const approved = new Set(
    risks.filter((risk) => risk.outcome === 'approved').map((risk) => risk.id),
  );
  const latest = new Map<string, any>();
  const successes = new Map<string, number>();
  const firstStarted = new Map<string, string>();
  const skipped = new Set<string>();
  for (const line of journal) {
    latest.set(line.id, line);
    if (line.status === 'skipped') skipped.add(line.id);
    if (!firstStarted.has(line.id)) firstStarted.set(line.id, line.startedAt);
    if (line.status === 'succeeded') successes.set(line.id, (successes.get(line.id) ?? 0) + 1);
  }
  const rows = new Map(
    (await money.call('payments:list', { limit: 1000 })).items.map((row) => [row.id, row]),
  );

  // 0 double executions: the network moved each key at most once, and the journal
  // recorded at most one success per occurrence, and knows of every transfer made.
  const transfers = network.filter((entry) => entry.kind === 'transfer');
  const keys = transfers.map((entry) => entry.key);
  expect(new Set(keys).size).toBe(keys.length);
  for (const count of successes.values()) expect(count).toBe(1);
  for (const key of keys) {
    expect(latest.get(executionIdFor(key))?.status).toBe('succeeded');
  }

  // 0 skipped occurrences paid: no transfer carries the key of a run journaled as skipped.
  for (const key of keys) expect(skipped.has(executionIdFor(key))).toBe(false);
  totals.skipped += skipped.size;

  // 0 executions without a risk record: every transfer's payment stands on an approval.
  for (const key of keys) {
    const paymentId = key.slice(0, key.indexOf('@'));
    const row = rows.get(paymentId) as Payment;
    expect(approved.has(row.riskAssessmentId ?? '')).toBe(true);
  }

  // 0 confirmed occurrences lost: every occurrence of a confirmed payment that the
  // schedule has passed is in the journal or held (missed or approved) on the row.
  const end = real.clock.now().toISOString();
  for (const modelled of model.payments) {
    const row = rows.get(modelled.id) as Payment;
    if (modelled.state === 'cancelled' && modelled.cancelledAt) {
      // Cancelling stops what had not started yet.
      for (const execution of [...latest.values()].filter((line) => line.paymentId === row.id)) {
        expect((firstStarted.get(execution.id) ?? '') <= modelled.cancelledAt).toBe(true);
      }
    }
    if (modelled.state !== 'confirmed' || modelled.confirmedFrom === null) continue;
    const passed = [
      modelled.confirmedFrom,
      ...occurrencesBetween(row.schedule, modelled.confirmedFrom, end, 5000),
    ].filter((at) => at <= end && (row.nextRunAt === null || at < row.nextRunAt));
    const held = new Set([...(row.missedRuns ?? []), ...(row.approvedRuns ?? [])]);
    for (const at of passed) {
      const known = latest.has(executionIdFor(occurrenceKey(row.id, at)));
      if (!known && !held.has(at)) {
        throw new Error(
          `confirmed occurrence ${row.id}@${at} was lost (row: ${JSON.stringify(row)})`,
        );
      }
      totals.confirmedOccurrencesChecked += 1;
    }
  }
  totals.executed += transfers.length;
  if (process.env.ARCFLUX_PROPERTY_DEBUG) {
    console.log(
      [...rows.values()].map(
        (row) => `${row.status}:${row.schedule.kind}:${(row.missedRuns ?? []).length}`,
      ),
      transfers.length,
    );
  }
}

function lines(path: string): any[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line).data);
}

/** Each store's name, sequence count, and factory (which sets up what the file needs). */
const stores: [string, number, () => MoneyStore][] = [
  ['the data folder', RUNS, jsonMoneyStore],
  ['PostgreSQL', PG_RUNS, () => postgresMoneyStore('money_model')],
];

describe.each(stores)('money path model on %s', (name, runs, storeFor) => {
  const store = storeFor();
  it.skipIf(store.unavailable)(
    `never pays twice, never without a risk record, never loses a confirmed run (${runs} sequences)`,
    async () => {
      const totals: Totals = {
        sequences: 0,
        commands: 0,
        ticks: 0,
        executed: 0,
        crashes: 0,
        timeouts: 0,
        confirmedOccurrencesChecked: 0,
        skipped: 0,
      };
      console.log(`money path model on ${name}: fast-check seed ${SEED}, ${runs} sequences`);
      const started = performance.now();
      await fc.assert(
        fc.asyncProperty(
          fc.commands(commands, { maxCommands: 14, size: '+1' }),
          async (sequence) => {
            const place = await store.place();
            const real = new Real(place);
            const model: Model = { payments: [] };
            try {
              await real.open();
              // Schedules faster than an hour are refused by default; this model pays every 5
              // minutes so ticks have money to move, so it allows that as a user would.
              const { guardian } = await real.money.call('settings:get', {});
              await real.money.call('settings:update', {
                guardian: { ...guardian, minimumIntervalSeconds: 300 },
              });
              // Every sequence starts with live schedules, so ticks have money to move.
              await new CreateCommand('User Two', 5, ' every 5 minutes', true).run(model, real);
              await new CreateCommand('Alice Chen', 7, '', true).run(model, real);
              await fc.asyncModelRun(() => ({ model, real }), sequence);
              await checkInvariants(model, real, totals);
              if (process.env.ARCFLUX_PROPERTY_DEBUG)
                console.log(
                  String(sequence),
                  real.stats,
                  model.payments.map((p) => p.state),
                );
              totals.sequences += 1;
              totals.commands += [...sequence].length;
              totals.ticks += real.stats.ticks;
              totals.crashes += real.stats.crashes;
              totals.timeouts += real.stats.timeouts;
            } finally {
              await real.money?.core.close().catch(() => undefined);
              await place.remove();
            }
          },
        ),
        { seed: SEED, numRuns: runs, endOnFailure: true },
      );
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(`money path model on ${name}: ${JSON.stringify(totals)} in ${seconds} s`);
      expect(totals.sequences).toBe(runs);
    },
    // A big run (a few seconds a sequence at worst on a busy machine) gets the time it needs.
    Math.max(900_000, runs * 5_000),
  );
});
