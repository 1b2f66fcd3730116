import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { medianAmount } from '../../../../electron/core/guardian/spending';
import {
  IndexedJournal,
  IndexedPayments,
  LedgerIndexes,
  type ExecutionJournal,
  type Ledger,
} from '../../../../electron/core/indexes/ledgerIndexes';
import { upcomingRuns } from '../../../../electron/core/monitor/forecast';
import { ScheduleIndex } from '../../../../electron/core/indexes/scheduleIndex';
import { nextWindowEnd } from '../../../../electron/core/payments/undoWindow';
import type { Currency } from '../../../../shared/money';
import type { Execution } from '../../../../shared/schemas/execution';
import type { Payment, PaymentStatus } from '../../../../shared/schemas/payment';
import type { Schedule } from '../../../../shared/schemas/schedule';
import { samplePayment } from '../../../support/dataFolder';
import { PartiesCache, summarizeSpending } from '../../../support/spendingOracle';
import { isSettled } from '../../../../electron/core/repositories/payments';
import { openLedger } from '../../../../electron/core/repositories/ledger';
import { seededDataFolder } from '../../../support/dataFolder';
import { ManualClock } from '../../../support/manualClock';

// The indexes must answer exactly what the full scans they replace answer: the spending
// fold (tests/support/spendingOracle.ts, the code the Guardian ran before), upcomingRuns
// over the whole ledger, the median of the recipient's history, the payments awaiting a
// yes and the next undo window's end. Random ledgers and journals are built through the
// same wrappers the money path uses, part of them before the indexes are built (the
// start-up path) and the rest after (the incremental path), with times packed around
// local midnights, month ends and DST changes in zones with odd offsets.

const DAY_MS = 24 * 60 * 60 * 1000;
const ZONES = [
  'UTC',
  'America/New_York',
  'Europe/London',
  'Europe/Berlin',
  'Australia/Sydney',
  'Pacific/Auckland',
  'America/St_Johns',
  'Asia/Kolkata',
  'Pacific/Chatham',
  'America/Sao_Paulo',
] as const;
/** Days with a DST change or a month's end somewhere, years away from any real clock. */
const ANCHORS = [
  '2031-03-09T07:00:00.000Z',
  '2031-03-30T01:00:00.000Z',
  '2031-04-06T16:00:00.000Z',
  '2031-09-28T14:00:00.000Z',
  '2031-10-26T01:00:00.000Z',
  '2031-11-02T06:00:00.000Z',
  '2031-01-31T23:30:00.000Z',
  '2031-12-31T23:59:00.000Z',
].map((instant) => Date.parse(instant));
const USERS = ['user1', 'user2', 'user3'];
const RECIPIENTS = ['user2', 'user3', 'user4'];
const CURRENCIES: Currency[] = ['USDC', 'EURC'];
const STATUSES: PaymentStatus[] = [
  'scheduled',
  'scheduled',
  'scheduled',
  'pending_confirmation',
  'executed',
  'cancelled',
  'missed',
];
const RRULES = [
  'FREQ=DAILY',
  'FREQ=HOURLY;INTERVAL=2',
  'FREQ=HOURLY;INTERVAL=7',
  'FREQ=WEEKLY;BYDAY=MO,FR',
];

/** Where one run's times gather: an anchor day, and each user's zone. */
interface Setting {
  anchor: number;
  zones: readonly string[];
}

/**
 * An instant near the anchor: on one of a few whole hours (so runs and lines share
 * instants), within a few days, a few seconds off (or exactly on) a local midnight or
 * first of the month in a user's zone, or anywhere within 45 days.
 */
function instant({ anchor, zones }: Setting): fc.Arbitrary<string> {
  const onHour = fc.integer({ min: -12, max: 12 }).map((hours) => anchor + hours * 3_600_000);
  const near = fc.integer({ min: -4 * DAY_MS, max: 4 * DAY_MS }).map((offset) => anchor + offset);
  const far = fc.integer({ min: -45 * DAY_MS, max: 45 * DAY_MS }).map((offset) => anchor + offset);
  const nearMidnight = fc
    .record({
      zone: fc.constantFrom(...zones),
      days: fc.oneof(fc.integer({ min: -4, max: 4 }), fc.integer({ min: -40, max: 40 })),
      unit: fc.constantFrom('day' as const, 'day' as const, 'month' as const),
      jitter: fc.oneof(fc.constant(0), fc.integer({ min: -90_000, max: 90_000 })),
    })
    .map(
      ({ zone, days, unit, jitter }) =>
        DateTime.fromMillis(anchor + days * DAY_MS, { zone })
          .startOf(unit)
          .toJSDate()
          .getTime() + jitter,
    );
  return fc
    .oneof(onHour, near, nearMidnight, nearMidnight, far)
    .map((at) => new Date(at).toISOString());
}

const amount = fc
  .tuple(fc.integer({ min: 0, max: 900 }), fc.integer({ min: 0, max: 999_999 }))
  .map(([whole, fraction]) => `${whole}.${String(fraction).padStart(6, '0')}`);

type Step =
  | {
      kind: 'payment';
      slot: number;
      user: number;
      recipient: number;
      currency: Currency;
      status: PaymentStatus;
      paused: boolean;
      next: string | null;
      approved: string[];
      window: boolean;
      rrule: number | null;
      amount: string;
    }
  | {
      kind: 'execution';
      slot: number;
      at: string;
      amount: string;
      currency: Currency | null;
      status: Execution['status'];
      also: number;
    }
  | { kind: 'outcome'; pick: number; status: Execution['status']; amount: string | null }
  | {
      kind: 'check';
      user: number;
      currency: Currency;
      recipient: number | null;
      /** Another zone than the user's, sometimes: the fold takes any. */
      zone: string | null;
      now: string;
      /** Puts `now` at a journal line's instant plus this (0, 24 h, 30 days...), when set. */
      onLine: { pick: number; shift: number } | null;
      until: string;
      perPaymentLimit: number;
      totalLimit: number | null;
    };

function steps(setting: Setting): fc.Arbitrary<Step[]> {
  const at = instant(setting);
  const payment = fc.record({
    kind: fc.constant('payment' as const),
    slot: fc.integer({ min: 0, max: 11 }),
    user: fc.integer({ min: 0, max: USERS.length - 1 }),
    recipient: fc.integer({ min: 0, max: RECIPIENTS.length - 1 }),
    currency: fc.constantFrom(...CURRENCIES),
    status: fc.constantFrom(...STATUSES),
    paused: fc.boolean(),
    next: fc.option(at, { nil: null }),
    approved: fc.oneof(fc.constant<string[]>([]), fc.array(at, { minLength: 1, maxLength: 2 })),
    window: fc.boolean(),
    rrule: fc.option(fc.integer({ min: 0, max: RRULES.length - 1 }), { nil: null }),
    amount,
  });
  const execution = fc.record({
    kind: fc.constant('execution' as const),
    slot: fc.integer({ min: 0, max: 13 }),
    at,
    amount,
    currency: fc.option(fc.constantFrom(...CURRENCIES), { nil: null, freq: 4 }),
    status: fc.constantFrom(
      'started' as const,
      'succeeded' as const,
      'failed' as const,
      'skipped' as const,
    ),
    also: fc.integer({ min: 0, max: 3 }),
  });
  const outcome = fc.record({
    kind: fc.constant('outcome' as const),
    pick: fc.nat(),
    status: fc.constantFrom(
      'started' as const,
      'succeeded' as const,
      'failed' as const,
      'skipped' as const,
    ),
    amount: fc.option(amount, { nil: null, freq: 6 }),
  });
  const check = fc.record({
    kind: fc.constant('check' as const),
    user: fc.integer({ min: 0, max: USERS.length - 1 }),
    currency: fc.constantFrom(...CURRENCIES),
    recipient: fc.option(fc.integer({ min: 0, max: RECIPIENTS.length - 1 }), { nil: null }),
    zone: fc.option(fc.constantFrom(...ZONES), { nil: null, freq: 4 }),
    now: at,
    onLine: fc.option(
      fc.record({
        pick: fc.nat(),
        shift: fc.oneof(
          fc.constantFrom(0, 3_600_000, DAY_MS, 30 * DAY_MS),
          fc.integer({ min: 0, max: DAY_MS }),
        ),
      }),
      { nil: null },
    ),
    until: at,
    perPaymentLimit: fc.integer({ min: 1, max: 6 }),
    totalLimit: fc.option(fc.integer({ min: 1, max: 12 }), { nil: null }),
  });
  return fc.array(
    fc.oneof(
      { arbitrary: payment, weight: 3 },
      { arbitrary: execution, weight: 4 },
      { arbitrary: outcome, weight: 2 },
      { arbitrary: check, weight: 2 },
    ),
    { maxLength: 70 },
  );
}

/** The ledger as PaymentsRepository keeps it: replaced in place by id, new rows appended. */
class MemoryLedger implements Ledger {
  readonly rows: Payment[] = [];

  list(): readonly Payment[] {
    return this.rows;
  }

  open(): Payment[] {
    return this.rows.filter((row) => !isSettled(row));
  }

  find(id: string): Payment | undefined {
    return this.rows.find((row) => row.id === id);
  }

  get(id: string): Payment {
    const row = this.find(id);
    if (!row) throw new Error(`no ${id}`);
    return row;
  }

  async save(rows: readonly Payment[]): Promise<void> {
    for (const row of rows) {
      const index = this.rows.findIndex((each) => each.id === row.id);
      if (index === -1) this.rows.push(row);
      else this.rows[index] = row;
    }
  }
}

/** The journal as ExecutionsRepository keeps it: lines appended, the latest line is the state. */
class MemoryJournal implements ExecutionJournal {
  readonly lines: Execution[] = [];

  list(): Execution[] {
    const latest = new Map<string, Execution>();
    for (const line of this.lines) latest.set(line.id, line);
    return [...latest.values()];
  }

  forPayment(paymentId: string): Execution[] {
    return this.list().filter((execution) => execution.paymentId === paymentId);
  }

  entries(): readonly Execution[] {
    return this.lines;
  }

  async record(entries: Execution | readonly Execution[]): Promise<void> {
    this.lines.push(...(Array.isArray(entries) ? entries : [entries as Execution]));
  }
}

function paymentRow(step: Extract<Step, { kind: 'payment' }>, known: Payment | undefined) {
  const firstRun = step.next ?? step.approved[0] ?? '2031-06-01T12:00:00.000Z';
  const schedule: Schedule =
    step.rrule === null
      ? { kind: 'once', runAt: step.next }
      : {
          kind: 'recurring',
          rrule: RRULES[step.rrule] ?? 'FREQ=DAILY',
          firstRun,
          timezone: 'Europe/Berlin',
        };
  return samplePayment(`pay_${step.slot}`, {
    // A payment's parties never change; a second save of the slot is an update.
    userId: known?.userId ?? USERS[step.user] ?? 'user1',
    recipientId: known?.recipientId ?? RECIPIENTS[step.recipient] ?? 'user2',
    currency: known?.currency ?? step.currency,
    amount: step.amount,
    schedule,
    status: step.status,
    paused: step.paused,
    nextRunAt: step.next,
    ...(step.approved.length > 0 ? { approvedRuns: [...step.approved].sort() } : {}),
    ...(step.window && step.next !== null ? { undoUntil: step.next } : {}),
  });
}

function executionLine(
  id: string,
  paymentId: string,
  fields: Pick<Execution, 'occurrenceAt' | 'amount' | 'currency' | 'status'>,
): Execution {
  return {
    id,
    paymentId,
    idempotencyKey: `key_${id}_0000`,
    attempt: 1,
    startedAt: fields.occurrenceAt,
    finishedAt: fields.status === 'started' ? null : fields.occurrenceAt,
    transferId: fields.status === 'succeeded' ? `t_${id}` : null,
    error: fields.status === 'failed' ? 'refused' : null,
    // A skipped run holds no money: the oracle and the index must both leave it out.
    ...(fields.status === 'skipped' ? { skipReason: 'policy' as const } : {}),
    ...fields,
  };
}

interface World {
  zones: readonly string[];
  ledger: MemoryLedger;
  journal: MemoryJournal;
  indexes: LedgerIndexes;
  /** What the checks met, so a generator that stops reaching a case fails the test. */
  seen: Coverage;
}

interface Coverage {
  checks: number;
  spentToday: number;
  history: number;
  runs: number;
  cut: number;
}

async function apply(
  world: World,
  step: Step,
  writers: { payments: Ledger; journal: ExecutionJournal },
) {
  const { ledger, journal } = world;
  if (step.kind === 'payment') {
    await writers.payments.save([paymentRow(step, ledger.find(`pay_${step.slot}`))]);
  } else if (step.kind === 'execution') {
    // Slots 12 and 13 have no payment until one is saved there: lines that come first.
    const paymentId = `pay_${step.slot}`;
    const currency = step.currency ?? ledger.find(paymentId)?.currency ?? 'USDC';
    const batch = Array.from({ length: step.also + 1 }, (_, index) =>
      executionLine(`exe_${journal.lines.length + index}`, paymentId, {
        occurrenceAt:
          index === 0 ? step.at : new Date(Date.parse(step.at) + index * 3_600_000).toISOString(),
        amount: step.amount,
        currency,
        status: step.status,
      }),
    );
    await writers.journal.record(batch);
  } else if (step.kind === 'outcome') {
    const executions = journal.list();
    const previous = executions[step.pick % Math.max(1, executions.length)];
    if (!previous) return;
    await writers.journal.record(
      executionLine(previous.id, previous.paymentId, {
        occurrenceAt: previous.occurrenceAt,
        amount: step.amount ?? previous.amount,
        currency: previous.currency,
        status: step.status,
      }),
    );
  } else {
    check(world, step);
  }
}

function check(world: World, step: Extract<Step, { kind: 'check' }>): void {
  const { ledger, journal, indexes } = world;
  const lines = journal.list();
  const line = step.onLine ? lines[step.onLine.pick % Math.max(1, lines.length)] : undefined;
  const now = new Date(
    line && step.onLine ? Date.parse(line.occurrenceAt) + step.onLine.shift : Date.parse(step.now),
  );
  // A check placed on a line asks about that line's payer and currency, where it counts.
  const payer = line ? ledger.find(line.paymentId)?.userId : undefined;
  const user = payer === undefined ? step.user : USERS.indexOf(payer);
  const userId = USERS[user] ?? 'user1';
  const currency = line && payer !== undefined ? line.currency : step.currency;
  // ... and, when it names one, about that line's recipient, whose history it is in.
  const paidTo = line ? ledger.find(line.paymentId)?.recipientId : undefined;
  const recipientId = step.recipient === null ? undefined : (paidTo ?? RECIPIENTS[step.recipient]);
  const query = {
    userId,
    currency,
    now,
    timezone: step.zone ?? world.zones[user] ?? 'UTC',
    ...(recipientId ? { recipientId } : {}),
  };
  const scanned = summarizeSpending(lines, new PartiesCache((id) => ledger.find(id)), query);
  const indexed = indexes.spending.spending(query);
  const history = recipientId ? (scanned.byRecipient.get(recipientId) ?? []) : undefined;
  expect(indexed).toEqual({
    today: scanned.today,
    thisMonth: scanned.thisMonth,
    last24hCount: scanned.last24hCount,
    last24h: scanned.last24h,
    last30dCount: scanned.last30dCount,
    last30d: scanned.last30d,
    paidTo:
      recipientId && history
        ? { recipientId, count: history.length, median: medianAmount(history) }
        : null,
  });
  const forecast = {
    userId,
    currency,
    until: step.until,
    perPaymentLimit: step.perPaymentLimit,
    ...(step.totalLimit === null ? {} : { totalLimit: step.totalLimit }),
  };
  const scannedRuns = upcomingRuns(ledger.list(), forecast);
  expect(indexes.schedules.upcomingRuns(forecast)).toEqual(scannedRuns);
  world.seen.checks += 1;
  if (scanned.today > 0n) world.seen.spentToday += 1;
  if ((history?.length ?? 0) > 1) world.seen.history += 1;
  if (scannedRuns.runs.length > 1) world.seen.runs += 1;
  if (scannedRuns.cut.length > 0) world.seen.cut += 1;
  expect(indexes.schedules.awaitingConfirmation()).toEqual(
    ledger.list().filter((payment) => payment.status === 'pending_confirmation'),
  );
  expect(indexes.schedules.nextWindowEnd(now)).toBe(nextWindowEnd(ledger.list(), now));
}

describe('ledger indexes', () => {
  it('answer as the full scans do: spending, recipient median, forecasts, confirmations, undo windows', async () => {
    const seen: Coverage = { checks: 0, spentToday: 0, history: 0, runs: 0, cut: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc
          .record({
            anchor: fc.constantFrom(...ANCHORS),
            zones: fc.array(fc.constantFrom(...ZONES), {
              minLength: USERS.length,
              maxLength: USERS.length,
            }),
          })
          .chain((setting) =>
            fc.tuple(
              fc.constant(setting),
              steps(setting),
              fc.nat(),
              steps(setting).map((more) => more.slice(0, 8)),
              // When the build runs, relative to the anchor: lines older than two months
              // before it are set aside unsorted, and sorted in by a question reaching them.
              // Mostly so that this cut falls among the lines, within days of the anchor.
              fc.oneof(
                fc.integer({ min: -10, max: 70 }).map((days) => days * DAY_MS + 3_600_000),
                fc
                  .integer({ min: -5 * 24, max: 5 * 24 })
                  .map((hours) => 62 * DAY_MS + hours * 3_600_000),
                fc
                  .integer({ min: -5 * 24, max: 5 * 24 })
                  .map((hours) => 62 * DAY_MS + hours * 3_600_000),
              ),
            ),
          ),
        async ([{ anchor, zones }, history, split, closing, builtAt]) => {
          const ledger = new MemoryLedger();
          const journal = new MemoryJournal();
          const before = history.slice(0, split % (history.length + 1));
          const after = history.slice(before.length);
          // Before the build the repositories are written directly, as a previous run did.
          const unindexed = LedgerIndexes.build(ledger, journal);
          const start: World = { zones, ledger, journal, indexes: unindexed, seen };
          for (const step of before) {
            if (step.kind !== 'check') await apply(start, step, { payments: ledger, journal });
          }
          const indexes = LedgerIndexes.build(ledger, journal, new Date(anchor + builtAt));
          const world: World = { zones, ledger, journal, indexes, seen };
          const writers = {
            payments: new IndexedPayments(ledger, indexes),
            journal: new IndexedJournal(journal, indexes),
          };
          for (const step of [...after, ...closing]) await apply(world, step, writers);
          // And once more at every line of the journal: at it, an hour, a day, 30 days on.
          for (const [pick, line] of journal.list().entries()) {
            for (const shift of [0, 3_600_000, DAY_MS, 30 * DAY_MS]) {
              check(world, {
                kind: 'check',
                user: 0,
                currency: 'USDC',
                recipient: 0,
                zone: null,
                now: line.occurrenceAt,
                onLine: { pick, shift },
                until: new Date(Date.parse(line.occurrenceAt) + shift).toISOString(),
                perPaymentLimit: 1 + (pick % 5),
                totalLimit: pick % 2 === 0 ? null : 3 + (pick % 7),
              });
            }
          }
        },
      ),
      { numRuns: 300 },
    );
    expect(seen.checks).toBeGreaterThan(4000);
    // A generator that stops reaching a case counts 0 here. The seed is random, and each
    // count swings widely with the lengths drawn: 186 to over 1,000 across runs, so the bar
    // sits well below the lowest seen rather than near the usual.
    for (const count of [seen.spentToday, seen.history, seen.runs, seen.cut]) {
      expect(count).toBeGreaterThan(50);
    }
  }, 60_000);

  it('answers a horizon that moves forward as a fresh scan does, remembered or not', () => {
    const base = Date.parse('2031-03-01T00:00:00.000Z');
    const at = (minutes: number) => new Date(base + minutes * 60_000).toISOString();
    const schedule = fc.record({
      rrule: fc.constantFrom(...RRULES),
      next: fc.integer({ min: 0, max: 3 * 24 * 60 }),
      paused: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.array(schedule, { minLength: 1, maxLength: 6 }),
        fc.array(fc.integer({ min: 0, max: 240 }), { minLength: 2, maxLength: 25 }),
        fc.integer({ min: 1, max: 4 }),
        fc.option(fc.integer({ min: 3, max: 12 }), { nil: undefined }),
        (rows, steps, perPaymentLimit, totalLimit) => {
          const payments = rows.map(({ rrule, next, paused }, index) =>
            samplePayment(`pay_${index}`, {
              status: 'scheduled',
              paused,
              nextRunAt: at(next),
              schedule: { kind: 'recurring', rrule, firstRun: at(next), timezone: 'UTC' },
            }),
          );
          const schedules = ScheduleIndex.build(payments);
          let minutes = 0;
          for (const step of steps) {
            minutes += step;
            const query = {
              userId: 'user1',
              currency: 'USDC' as const,
              until: at(minutes),
              perPaymentLimit,
              ...(totalLimit === undefined ? {} : { totalLimit }),
            };
            expect(schedules.upcomingRuns(query)).toEqual(upcomingRuns(payments, query));
          }
        },
      ),
      { numRuns: 300, seed: 20261206 },
    );
  });

  it('lists runs at the same instant in ledger order, as the scan does', async () => {
    const ledger = new MemoryLedger();
    const indexes = LedgerIndexes.build(ledger, new MemoryJournal());
    const at = '2031-03-09T07:00:00.000Z';
    // Filed by first run, the approved held run of the second comes first; the ledger
    // has the first payment first, and so must the forecast.
    const rows = [
      samplePayment('pay_a', { status: 'scheduled', nextRunAt: at }),
      samplePayment('pay_b', { status: 'scheduled', approvedRuns: [at] }),
    ];
    await new IndexedPayments(ledger, indexes).save(rows);
    const query = { userId: 'user1', currency: 'USDC' as const, until: at, perPaymentLimit: 3 };
    const { runs } = indexes.schedules.upcomingRuns(query);
    expect(runs.map((run) => run.paymentId)).toEqual(['pay_a', 'pay_b']);
    expect(runs).toEqual(upcomingRuns(ledger.list(), query).runs);
  });

  it('learns nothing from a save that failed, since nothing was written', async () => {
    const ledger = new MemoryLedger();
    const journal = new MemoryJournal();
    const indexes = LedgerIndexes.build(ledger, journal);
    const failing: Ledger = {
      list: () => ledger.list(),
      open: () => ledger.open(),
      find: (id) => ledger.find(id),
      get: (id) => ledger.get(id),
      save: async () => {
        throw new Error('disk full');
      },
    };
    const payments = new IndexedPayments(failing, indexes);
    const row = samplePayment('pay_1', { status: 'pending_confirmation' });
    await expect(payments.save([row])).rejects.toThrow('disk full');
    expect(indexes.schedules.awaitingConfirmation()).toEqual([]);
    await new IndexedPayments(ledger, indexes).save([row]);
    expect(indexes.schedules.awaitingConfirmation()).toEqual([row]);
  });

  it('learns the rows of a command only once its unit of work commits, and nothing if it fails', async () => {
    const folder = seededDataFolder();
    try {
      const ledger = await openLedger(folder.path, new ManualClock());
      const indexes = LedgerIndexes.build(ledger.payments, ledger.journals.executions);
      const payments = new IndexedPayments(ledger.payments, indexes, (learn) =>
        ledger.store.afterCommit(learn),
      );
      const row = samplePayment('pay_1', { status: 'pending_confirmation' });
      await expect(
        ledger.store.together(async () => {
          await payments.save([row]);
          throw new Error('the proposal could not be made');
        }),
      ).rejects.toThrow('the proposal could not be made');
      expect(indexes.schedules.awaitingConfirmation()).toEqual([]);
      await ledger.store.together(async () => {
        await payments.save([row]);
        expect(indexes.schedules.awaitingConfirmation()).toEqual([]);
      });
      expect(indexes.schedules.awaitingConfirmation()).toEqual([row]);
      await ledger.store.close();
    } finally {
      folder.remove();
    }
  });
});
