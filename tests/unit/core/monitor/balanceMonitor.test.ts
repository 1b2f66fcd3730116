import { DEFAULT_NOTIFICATION_RULES } from '../../../../shared/schemas/settings';
import { afterEach, describe, expect, it } from 'vitest';
import type { PaymentConnector } from '../../../../electron/core/connectors/connector';
import { EventBus } from '../../../../electron/core/events';
import { IndexedPayments, LedgerIndexes } from '../../../../electron/core/indexes/ledgerIndexes';
import { BalanceMonitor } from '../../../../electron/core/monitor/balanceMonitor';
import { NotificationService } from '../../../../electron/core/notifications/notificationService';
import { BalancesRepository } from '../../../../electron/core/repositories/balances';
import { openLedger } from '../../../../electron/core/repositories/ledger';
import { UsersRepository } from '../../../../electron/core/repositories/users';
import { samplePayment } from '../../../support/dataFolder';
import { ManualClock } from '../../../support/manualClock';
import { moneyFolder } from '../../../support/moneyCore';

const folders: { remove(): void }[] = [];
afterEach(() => folders.splice(0).forEach((folder) => folder.remove()));

async function monitor(wallet: Map<string, string>) {
  const folder = moneyFolder();
  folders.push(folder);
  const clock = new ManualClock('2026-11-02T14:00:00.000Z'); // a Monday
  const ledger = await openLedger(folder.path, clock);
  const { journals } = ledger;
  const events = new EventBus();
  const notes: { kind: string; body: string }[] = [];
  events.on('notification:created', ({ notification }) => notes.push(notification));
  const balanceEvents: string[] = [];
  events.on('balance:changed', ({ balance }) =>
    balanceEvents.push(`${balance.userId}:${balance.amount}`),
  );
  const notifications = new NotificationService({
    outbox: journals.notifications,
    events,
    clock,
    operators: () => [],
    rules: () => DEFAULT_NOTIFICATION_RULES,
    zoneOf: () => 'America/New_York',
    channelsFor: () => ['in_app'],
    outside: [],
    redact: (text) => text,
    log: () => undefined,
  });
  const connector: PaymentConnector = {
    kind: 'simulated',
    transfer: async () => ({ status: 'succeeded', transferId: 't' }),
    balance: async (userId, currency) => wallet.get(`${userId}/${currency}`),
    verifyRecipient: async () => 'verified',
  };
  const indexes = LedgerIndexes.build(ledger.payments, journals.executions);
  const payments = new IndexedPayments(ledger.payments, indexes);
  const balances = await BalancesRepository.open(folder.path, clock);
  const watcher = new BalanceMonitor({
    connector,
    balances,
    payments,
    schedules: indexes.schedules,
    users: await UsersRepository.open(folder.path, clock),
    events,
    notifications,
    clock,
    thresholds: { dropRatio: 0.2, lowBalance: '10', horizonDays: 7 },
  });
  return { watcher, payments, balances, notes, balanceEvents, clock };
}

describe('BalanceMonitor', () => {
  it('warns ahead when a scheduled payment would leave less than the low-balance threshold', async () => {
    const wallet = new Map([['user1/USDC', '123.2']]);
    const { watcher, payments, notes } = await monitor(wallet);
    await payments.save([
      samplePayment('pay_rent', {
        status: 'scheduled',
        recipientId: 'user3',
        amount: '120',
        schedule: {
          kind: 'recurring',
          rrule: 'FREQ=WEEKLY;BYDAY=FR',
          firstRun: '2026-11-06T14:00:00.000Z',
          timezone: 'America/New_York',
        },
        nextRunAt: '2026-11-06T14:00:00.000Z',
      }),
    ]);
    await watcher.refresh(['user1']);
    expect(notes).toMatchObject([
      {
        kind: 'low_balance',
        body: expect.stringContaining("Friday's 120.00 USDC to Alice Chen will leave 3.20 USDC."),
      },
    ]);
    await watcher.refresh(['user1']);
    expect(notes).toHaveLength(1);
  });

  it('reports a fall that ArcFlux did not cause, but not its own payments', async () => {
    const wallet = new Map([['user1/USDC', '5000']]);
    const { watcher, notes, balanceEvents, balances } = await monitor(wallet);
    await watcher.refresh(['user1']);
    wallet.set('user1/USDC', '3000');
    watcher.notePaidOut('user1', 'USDC', '2000');
    await watcher.refresh(['user1']);
    expect(notes).toEqual([]);
    wallet.set('user1/USDC', '1000');
    await watcher.refresh(['user1']);
    expect(notes).toMatchObject([
      {
        kind: 'low_balance',
        body: expect.stringContaining('fell from 3,000.00 USDC to 1,000.00 USDC'),
      },
    ]);
    expect(balances.find('user1', 'USDC')?.amount).toBe('1000');
    expect(balanceEvents).toEqual(['user1:3000', 'user1:1000']);
  });

  it('serves the Guardian from a fresh reading instead of asking the connector each time', async () => {
    const wallet = new Map([['user1/USDC', '50']]);
    const { watcher, clock } = await monitor(wallet);
    expect(await watcher.balanceOf('user1', 'USDC')).toBe('50');
    wallet.set('user1/USDC', '40');
    expect(await watcher.balanceOf('user1', 'USDC')).toBe('50');
    clock.advance(31_000);
    expect(await watcher.balanceOf('user1', 'USDC')).toBe('40');
  });
});
