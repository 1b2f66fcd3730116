import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { seededDataFolder } from '../support/dataFolder';

const folder = seededDataFolder();
afterAll(() => folder.remove());

describe('arcflux money-path commands', () => {
  let paymentId = '';

  it('runs a command and prints the decision with the proposal to confirm', async () => {
    const result = await runCli(['command', 'Pay User Two 3 USDC', '--data', folder.path]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Outcome: needs_confirmation');
    expect(result.stdout).toMatch(/first_payment_to_recipient\s+warning/);
    paymentId = /arcflux confirm (pay_\w+)/.exec(result.stdout)?.[1] ?? '';
    expect(paymentId).not.toBe('');
  });

  it('confirms it, then a tick at a given time pays it once', async () => {
    const confirmed = await runCli(['confirm', paymentId, '--data', folder.path]);
    expect(confirmed.stdout).toContain(`Confirmed ${paymentId}: it is scheduled`);
    const again = await runCli(['confirm', paymentId, '--data', folder.path]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already confirmed');
    const now = new Date(Date.now() + 60_000).toISOString();
    const tick = await runCli(['tick', '--now', now, '--data', folder.path, '--json']);
    expect(tick.code).toBe(0);
    expect(JSON.parse(tick.stdout)).toMatchObject({ executed: [{ paymentId }], failed: [] });
    const second = await runCli(['tick', '--now', now, '--data', folder.path, '--json']);
    expect(JSON.parse(second.stdout).executed).toEqual([]);
  });

  it('lists the payments a cancel names, with their ids, and cancels none of them', async () => {
    const made = await runCli(['command', 'Pay User Two 4 USDC tomorrow', '--data', folder.path]);
    const id = /Payment (pay_\w+):/.exec(made.stdout)?.[1] ?? expect.fail(made.stdout);
    const cancel = await runCli([
      'command',
      'cancel the payment to User Two',
      '--data',
      folder.path,
    ]);
    expect(cancel.code).toBe(0);
    expect(cancel.stdout).toContain('Payments to cancel (nothing was changed):');
    expect(cancel.stdout).toContain(`  ${id}: 4.00 USDC to user2`);
    const list = await runCli(['ledger', '--data', folder.path, '--json']);
    expect(JSON.stringify(JSON.parse(list.stdout))).not.toContain('"cancelled"');
  });

  it('refuses bad arguments with a sentence and exit code 2', async () => {
    const badTime = await runCli(['tick', '--now', 'tomorrow', '--data', folder.path]);
    expect(badTime.code).toBe(2);
    expect(badTime.stderr).toContain('--now');
    const noId = await runCli(['confirm', '--data', folder.path]);
    expect(noId.code).toBe(2);
    expect(noId.stderr).toContain('give exactly one payment id');
    const noText = await runCli(['command', '--data', folder.path]);
    expect(noText.code).toBe(2);
  });

  it('runs the demo in a temporary folder: proposed, confirmed, paid every cycle', async () => {
    const result = await runCli(['demo', '--fast', '--cycles', '2']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('> Pay User Two 5 USDC every 5 seconds');
    expect(result.stdout).toContain('Confirmed: scheduled');
    expect(result.stdout).toContain('-- cycle 2 --');
    expect(result.stdout).toContain('Balances: user1 4,990.00 USDC; user2 810.00 USDC');
  });
});
