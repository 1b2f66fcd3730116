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
  temporary data folder unless --data is given. --fast moves the clock instead of waiting.`;

const DEMO_COMMAND = 'Pay User Two 5 USDC every 5 seconds';

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
        const result = await callCore(core, 'commands:run', { text: DEMO_COMMAND });
        print(describeCommandResult(result));
        if (!result.payment || result.payment.status !== 'pending_confirmation') {
          print('The demo payment was not proposed, so there is nothing to confirm.');
          return 1;
        }
        const { payment } = await callCore(core, 'payments:confirm', { id: result.payment.id });
        print(
          `> confirm ${payment.id}\nConfirmed: ${payment.status}, first run ${payment.nextRunAt}.`,
        );
        // The demo waits out the undo window like any payment; it says so, then waits.
        if (payment.undoUntil !== undefined) print(undoWindowLine(payment.id, payment.undoUntil));
        for (let cycle = 1; cycle <= values.cycles; cycle += 1) {
          const { payment: current } = await callCore(core, 'payments:get', { id: payment.id });
          if (current.nextRunAt) await waitUntil(current.nextRunAt, clock);
          const report = await callCore(core, 'scheduler:tick', {});
          print(`\n-- cycle ${cycle} --\n${describeTick(report)}`);
          print(await describeDemoLedger(core, payment.id));
        }
        return 0;
      },
    );
  } finally {
    if (temporary) await rm(temporary, { recursive: true, force: true });
  }
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
