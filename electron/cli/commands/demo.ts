import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as wait } from 'node:timers/promises';
import { z } from 'zod';
import { formatAmount } from '../../../shared/money';
import { systemClock, type Clock } from '../../core/clock';
import type { Core } from '../../core/createCore';
import { parseCommandArguments, usageError } from '../arguments';
import { callCore, withCore } from '../session';
import { renderTable } from '../table';
import { describeCommandResult, undoWindowLine } from './command';
import { describeTick } from './tick';

export const demoHelp = `arcflux demo [--cycles N] [--fast] [--data DIR]
  The prototype's demo: "Pay User Two 5 USDC every 5 seconds", confirmed, then the
  scheduler runs N cycles (default 3), printing the ledger after each. It uses a fresh
  temporary data folder unless --data is given. --fast moves the clock instead of waiting.
  The Guardian refuses schedules faster than an hour by default; the demo lowers that
  minimum to 5 seconds while it runs and puts the folder's own value back at the end.`;

const DEMO_COMMAND = 'Pay User Two 5 USDC every 5 seconds';

/** The demo's schedule runs every 5 seconds, so it allows exactly that and nothing faster. */
const DEMO_MINIMUM_INTERVAL_SECONDS = 5;

const argumentsSchema = z.object({
  data: z.string().optional(),
  config: z.string().optional(),
  help: z.boolean().optional(),
  cycles: z.coerce.number().int().min(1).max(100).default(3),
  fast: z.boolean().default(false),
});

export async function demoCommand(argv: readonly string[], print: (text: string) => void) {
  const { values, positionals } = parseCommandArguments(
    'demo',
    argv,
    { cycles: { type: 'string' }, fast: { type: 'boolean' } },
    argumentsSchema,
  );
  if (positionals.length > 0) throw usageError('demo', `unexpected "${positionals.join(' ')}"`);
  const temporary = values.data ? undefined : await mkdtemp(join(tmpdir(), 'arcflux-demo-'));
  const clock = values.fast ? new SteppedClock(systemClock.now()) : systemClock;
  try {
    return await withCore(
      { data: values.data ?? temporary, config: values.config, clock },
      async (core) => {
        print(`ArcFlux demo in ${core.dataDir}\n> ${DEMO_COMMAND}`);
        const { guardian } = await callCore(core, 'settings:get', {});
        await setMinimumInterval(
          core,
          Math.min(guardian.minimumIntervalSeconds, DEMO_MINIMUM_INTERVAL_SECONDS),
        );
        try {
          return await runDemo(core, clock, values.cycles, print);
        } finally {
          // A folder given with --data is the user's: its own minimum comes back.
          if (values.data) await setMinimumInterval(core, guardian.minimumIntervalSeconds);
        }
      },
    );
  } finally {
    if (temporary) await rm(temporary, { recursive: true, force: true });
  }
}

/** Sets the Guardian's minimum interval the way a user would, through settings:update. */
async function setMinimumInterval(core: Core, seconds: number): Promise<void> {
  const { guardian } = await callCore(core, 'settings:get', {});
  await callCore(core, 'settings:update', {
    guardian: { ...guardian, minimumIntervalSeconds: seconds },
  });
}

/** The demo itself: propose, confirm, then run the scheduler `cycles` times. */
async function runDemo(
  core: Core,
  clock: Clock,
  cycles: number,
  print: (text: string) => void,
): Promise<number> {
  const result = await callCore(core, 'commands:run', { text: DEMO_COMMAND });
  print(describeCommandResult(result));
  if (!result.payment || result.payment.status !== 'pending_confirmation') {
    print('The demo payment was not proposed, so there is nothing to confirm.');
    return 1;
  }
  const { payment } = await callCore(core, 'payments:confirm', { id: result.payment.id });
  print(`> confirm ${payment.id}\nConfirmed: ${payment.status}, first run ${payment.nextRunAt}.`);
  // The demo waits out the undo window like any payment; it says so, then waits.
  if (payment.undoUntil !== undefined) print(undoWindowLine(payment.id, payment.undoUntil));
  for (let cycle = 1; cycle <= cycles; cycle += 1) {
    const { payment: current } = await callCore(core, 'payments:get', { id: payment.id });
    if (current.nextRunAt) await waitUntil(current.nextRunAt, clock);
    const report = await callCore(core, 'scheduler:tick', {});
    print(`\n-- cycle ${cycle} --\n${describeTick(report)}`);
    print(await describeDemoLedger(core, payment.id));
  }
  return 0;
}

/** The demo payment's executions and both users' balances after a cycle. */
async function describeDemoLedger(core: Core, paymentId: string): Promise<string> {
  const detail = await callCore(core, 'payments:get', { id: paymentId });
  const rows = detail.executions.map((execution) => [
    execution.occurrenceAt,
    execution.status,
    formatAmount(execution.amount, execution.currency),
    execution.transferId ?? '-',
  ]);
  const payer = await callCore(core, 'balance:get', { userId: detail.payment.userId });
  const payee = await callCore(core, 'balance:get', { userId: detail.payment.recipientId });
  const balance = (balances: typeof payer) =>
    balances.balances
      .filter((entry) => entry.currency === detail.payment.currency)
      .map((entry) => formatAmount(entry.amount, entry.currency))
      .join(', ');
  return [
    renderTable(['Occurrence', 'Status', 'Amount', 'Transfer'], rows),
    `Payment ${paymentId}: ${detail.payment.status}, next run ${detail.payment.nextRunAt ?? '-'}`,
    `Balances: ${payer.userId} ${balance(payer)}; ${payee.userId} ${balance(payee)}`,
  ].join('\n');
}

/** Waits for the wall clock, or moves a stepped clock, to `instant`. */
async function waitUntil(instant: string, clock: Clock): Promise<void> {
  if (clock instanceof SteppedClock) return clock.moveTo(new Date(instant));
  const delay = Date.parse(instant) - clock.now().getTime();
  if (delay > 0) await wait(delay);
}

/** The demo's --fast clock: time stands still until the demo moves it to the next run. */
class SteppedClock implements Clock {
  #now: number;

  constructor(start: Date) {
    this.#now = start.getTime();
  }

  now(): Date {
    return new Date(this.#now);
  }

  moveTo(instant: Date): void {
    this.#now = Math.max(this.#now, instant.getTime());
  }
}
