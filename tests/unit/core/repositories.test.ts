import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BalancesRepository } from '../../../electron/core/repositories/balances';
import { openLedger } from '../../../electron/core/repositories/ledger';
import { SettingsRepository } from '../../../electron/core/repositories/settings';
import { UsersRepository } from '../../../electron/core/repositories/users';
import { samplePayment, seededDataFolder } from '../../support/dataFolder';
import { ManualClock } from '../../support/manualClock';
import { sampleSettings } from '../../support/samples';

const clock = new ManualClock();
const folders: { remove(): void }[] = [];
afterEach(() => folders.splice(0).forEach((folder) => folder.remove()));

async function openPayments(dataDir: string, at: ManualClock) {
  return (await openLedger(dataDir, at)).payments;
}

function dataFolder(payments = [samplePayment('pay_1')]) {
  const folder = seededDataFolder({ payments });
  folders.push(folder);
  return folder.path;
}

describe('PaymentsRepository', () => {
  it('inserts and replaces rows by id, and finds them after the write', async () => {
    const dataDir = dataFolder();
    const payments = await openPayments(dataDir, clock);
    expect(payments.get('pay_1').status).toBe('executed');
    await payments.save([
      samplePayment('pay_1', { status: 'failed' }),
      samplePayment('pay_2', { amount: '7.25' }),
    ]);
    expect(payments.list().map((payment) => [payment.id, payment.status])).toEqual([
      ['pay_1', 'failed'],
      ['pay_2', 'executed'],
    ]);
    expect(payments.get('pay_2').amount).toBe('7.25');
    const reopened = await openPayments(dataDir, clock);
    expect(reopened.list()).toEqual(payments.list());
  });

  it('normalises instants so they sort as text', async () => {
    const payments = await openPayments(dataFolder([]), clock);
    await payments.save([samplePayment('pay_1', { createdAt: '2026-11-03T00:00:00Z' })]);
    expect(payments.get('pay_1').createdAt).toBe('2026-11-03T00:00:00.000Z');
  });

  it('refuses an invalid row and writes nothing', async () => {
    const dataDir = dataFolder();
    const payments = await openPayments(dataDir, clock);
    const before = readFileSync(join(dataDir, 'ledger.jsonl'), 'utf8');
    await expect(
      payments.save([samplePayment('pay_3'), { ...samplePayment('pay_4'), amount: '-5' }]),
    ).rejects.toThrow(/did not save payment pay_4 because it is invalid \(data\.amount/);
    expect(readFileSync(join(dataDir, 'ledger.jsonl'), 'utf8')).toBe(before);
    expect(payments.find('pay_3')).toBeUndefined();
  });

  it('says which id is unknown', async () => {
    const payments = await openPayments(dataFolder(), clock);
    expect(() => payments.get('pay_missing')).toThrow(/no payment "pay_missing"/);
  });
});

describe('UsersRepository and BalancesRepository', () => {
  it('read the demo directory and balances', async () => {
    const dataDir = dataFolder();
    const users = await UsersRepository.open(dataDir, clock);
    expect(users.get('user5').displayName).toBe("Carol's Bakery");
    expect(() => users.get('user99')).toThrow(/no user "user99".*user1, user2/);
    const balances = await BalancesRepository.open(dataDir, clock);
    expect(balances.find('user1', 'EURC')?.amount).toBe('1000');
    await balances.save([{ ...balances.find('user1', 'EURC')!, amount: '999.5' }]);
    const reopened = await BalancesRepository.open(dataDir, clock);
    expect(
      reopened
        .forUser('user1')
        .map((balance) => balance.amount)
        .sort(),
    ).toEqual(['5000', '999.5']);
  });
});

describe('SettingsRepository', () => {
  const defaults = sampleSettings();

  it('starts from the defaults and applies valid patches only', async () => {
    const dataDir = dataFolder();
    const settings = await SettingsRepository.open(dataDir, clock, defaults);
    expect(settings.get()).toEqual(defaults);
    const known = (id: string) => id === 'user1' || id === 'user2';
    await expect(settings.update({ actingUserId: 'user9' }, known)).rejects.toThrow(
      /actingUserId "user9" is not a user of this install/,
    );
    const updated = await settings.update(
      { actingUserId: 'user2', defaultRunTime: '07:30' },
      known,
    );
    expect(updated).toMatchObject({ actingUserId: 'user2', defaultRunTime: '07:30' });
    const reopened = await SettingsRepository.open(dataDir, clock, defaults);
    expect(reopened.get()).toEqual(updated);
  });
});

describe('NotificationsRepository', () => {
  it('keeps a read mark and a finished delivery whichever stale line comes last', async () => {
    const journals = (await openLedger(dataFolder(), clock)).journals;
    const pending = {
      id: 'note_1',
      createdAt: '2026-11-27T14:00:00.000Z',
      userId: 'user1',
      kind: 'executed' as const,
      title: 'Paid User Two',
      body: '5 USDC sent.',
      paymentId: null,
      channels: ['in_app' as const, 'email' as const],
      readAt: null,
      deliveries: [
        {
          channel: 'email' as const,
          status: 'pending' as const,
          attempts: 0,
          nextAttemptAt: '2026-11-27T14:00:00.000Z',
          lastError: null,
        },
      ],
    };
    const sent = {
      ...pending,
      deliveries: [
        { ...pending.deliveries[0]!, status: 'sent' as const, attempts: 1, nextAttemptAt: null },
      ],
    };
    const read = { ...pending, readAt: '2026-11-27T14:05:00.000Z' };
    await journals.notifications.record([pending, sent, read]);
    expect(journals.notifications.list()).toEqual([
      { ...sent, readAt: '2026-11-27T14:05:00.000Z' },
    ]);
    await journals.notifications.record({ ...pending, id: 'note_2' });
    await journals.notifications.record([
      { ...read, id: 'note_2' },
      { ...sent, id: 'note_2' },
    ]);
    expect(journals.notifications.list()[1]).toEqual({
      ...sent,
      id: 'note_2',
      readAt: '2026-11-27T14:05:00.000Z',
    });
  });
});
