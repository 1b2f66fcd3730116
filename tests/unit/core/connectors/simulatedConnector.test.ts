import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedConnector } from '../../../../electron/core/connectors/simulated/simulatedConnector';
import { BalancesRepository } from '../../../../electron/core/repositories/balances';
import { countSyncs } from '../../../support/fsyncCounter';
import { ManualClock } from '../../../support/manualClock';
import { moneyFolder } from '../../../support/moneyCore';

const clock = new ManualClock();
const folders: { remove(): void }[] = [];
afterEach(() => folders.splice(0).forEach((folder) => folder.remove()));

async function openNetwork(dataDir: string) {
  const balances = await BalancesRepository.open(dataDir, clock);
  const connector = await SimulatedConnector.open({
    dataDir,
    clock,
    balances,
    isKnownUser: (userId) => userId.startsWith('user'),
  });
  return { connector, balances };
}

const recipient = { id: 'user2', walletId: 'w2', walletAddress: '0x2' };
const transfer = (key: string, amount = '10') =>
  ({
    idempotencyKey: key,
    uuidVersion: 4,
    payerId: 'user1',
    recipient,
    amount,
    currency: 'USDC',
  }) as const;

describe('SimulatedConnector', () => {
  it('moves money once per idempotency key, across restarts', async () => {
    const folder = moneyFolder();
    folders.push(folder);
    const { connector } = await openNetwork(folder.path);
    const first = await connector.transfer(transfer('pay_1@2026-11-06T14:00:00.000Z'));
    expect(first).toMatchObject({
      status: 'succeeded',
      transferId: expect.stringMatching(/^sim_/),
    });
    expect(await connector.transfer(transfer('pay_1@2026-11-06T14:00:00.000Z'))).toEqual(first);
    expect(await connector.balance('user1', 'USDC')).toBe('4990');

    const reopened = await openNetwork(folder.path);
    expect(await reopened.connector.transfer(transfer('pay_1@2026-11-06T14:00:00.000Z'))).toEqual(
      first,
    );
    expect(await reopened.connector.balance('user1', 'USDC')).toBe('4990');
    expect(await reopened.connector.balance('user2', 'USDC')).toBe('810');
    expect(reopened.balances.find('user1', 'USDC')?.amount).toBe('4990');
  });

  it('refuses an overdraft and keeps refusing that key', async () => {
    const folder = moneyFolder();
    folders.push(folder);
    const { connector } = await openNetwork(folder.path);
    const refused = await connector.transfer(transfer('big', '5000.01'));
    expect(refused).toMatchObject({ status: 'rejected', failure: 'insufficient_funds' });
    await connector.deposit('user1', 'USDC', '100');
    expect(await connector.transfer(transfer('big', '5000.01'))).toEqual(refused);
    expect(await connector.balance('user1', 'USDC')).toBe('5100');
  });

  it('commits transfers asked for together in one batch: one append, one mirror write', async () => {
    const folder = moneyFolder();
    folders.push(folder);
    const { connector } = await openNetwork(folder.path);
    const { result, syncs } = await countSyncs(() =>
      Promise.all(
        Array.from({ length: 200 }, (_, index) => connector.transfer(transfer(`k${index}`, '1'))),
      ),
    );
    expect(result.every((outcome) => outcome.status === 'succeeded')).toBe(true);
    // One fdatasync for the network log, plus the balances.json rewrite (file + folder).
    expect(syncs).toBeLessThanOrEqual(3);
    expect(await connector.balance('user1', 'USDC')).toBe('4800');
  });

  it('decides a batch in order: the transfer that would overdraw is the one refused', async () => {
    const folder = moneyFolder();
    folders.push(folder);
    const { connector } = await openNetwork(folder.path);
    const outcomes = await Promise.all([
      connector.transfer(transfer('a', '3000')),
      connector.transfer(transfer('b', '3000')),
      connector.transfer(transfer('c', '2000')),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      'succeeded',
      'rejected',
      'succeeded',
    ]);
    expect(await connector.balance('user1', 'USDC')).toBe('0');
  });

  it('repairs balances.json from its log when a crash left the mirror behind', async () => {
    const folder = moneyFolder();
    folders.push(folder);
    const { connector } = await openNetwork(folder.path);
    await connector.transfer(transfer('k1', '25'));
    const path = join(folder.path, 'balances.json');
    const stale = JSON.parse(readFileSync(path, 'utf8'));
    stale.data = stale.data.map((row: any) =>
      row.userId === 'user1' && row.currency === 'USDC' ? { ...row, amount: '5000' } : row,
    );
    writeFileSync(path, JSON.stringify(stale));
    const reopened = await openNetwork(folder.path);
    expect(reopened.balances.find('user1', 'USDC')?.amount).toBe('4975');
  });

  it('verifies only known users', async () => {
    const folder = moneyFolder();
    folders.push(folder);
    const { connector } = await openNetwork(folder.path);
    expect(await connector.verifyRecipient({ id: 'user3' })).toBe('verified');
    expect(await connector.verifyRecipient({ id: 'stranger' })).toBe('unknown');
  });
});
