import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../electron/core/createCore';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/contract';
import { samplePayment, seededDataFolder } from '../support/dataFolder';
import { ManualClock } from '../support/manualClock';

/** The two contract sections the desktop UI added: upcoming:* and notifications:*. */
let folder: ReturnType<typeof seededDataFolder>;
let core: Core;
const clock = new ManualClock('2026-11-27T08:00:00.000Z');

const weekly = samplePayment('pay_weekly', {
  recipientId: 'user2',
  amount: '1200',
  status: 'scheduled',
  riskAssessmentId: null,
  nextRunAt: '2026-11-27T14:00:00.000Z',
  schedule: {
    kind: 'recurring',
    rrule: 'FREQ=WEEKLY;BYDAY=FR',
    firstRun: '2026-11-27T14:00:00.000Z',
    timezone: 'America/New_York',
  },
});
const paused = samplePayment('pay_paused', {
  recipientId: 'user3',
  amount: '10',
  status: 'scheduled',
  paused: true,
  riskAssessmentId: null,
  nextRunAt: '2026-11-28T14:00:00.000Z',
  schedule: { kind: 'once', runAt: '2026-11-28T14:00:00.000Z' },
});
const euro = samplePayment('pay_euro', {
  recipientId: 'user3',
  amount: '25.5',
  currency: 'EURC',
  status: 'scheduled',
  riskAssessmentId: null,
  nextRunAt: '2026-11-30T14:00:00.000Z',
  schedule: { kind: 'once', runAt: '2026-11-30T14:00:00.000Z' },
});
const done = samplePayment('pay_done', { riskAssessmentId: null });

beforeEach(async () => {
  folder = seededDataFolder({ payments: [weekly, paused, euro, done] });
  core = await openCore({ dataDir: folder.path, owner: 'the upcoming test', clock });
});

afterEach(async () => {
  await core.close();
  folder.remove();
});

async function call<Name extends MethodName>(
  name: Name,
  input: MethodInput<Name>,
): Promise<MethodOutput<Name>> {
  const result = await core.invoke(name, input);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.data;
}

describe('upcoming:list', () => {
  it('forecasts the balance after each run, per currency, soonest first', async () => {
    const upcoming = await call('upcoming:list', { days: 14 });
    expect(upcoming.userId).toBe('user1');
    expect(upcoming.until).toBe('2026-12-11T08:00:00.000Z');
    expect(upcoming.schedules.map((payment) => payment.id)).toEqual([
      'pay_weekly',
      'pay_paused',
      'pay_euro',
    ]);
    expect(upcoming.runs).toEqual([
      run('pay_weekly', '2026-11-27T14:00:00.000Z', '1200', 'USDC', '3800'),
      run('pay_euro', '2026-11-30T14:00:00.000Z', '25.5', 'EURC', '974.5'),
      run('pay_weekly', '2026-12-04T14:00:00.000Z', '1200', 'USDC', '2600'),
    ]);
    expect(upcoming.balances).toEqual([
      { currency: 'USDC', amount: '5000' },
      { currency: 'EURC', amount: '1000' },
    ]);
  });

  it('caps runs per schedule and lets the balance go below zero', async () => {
    const upcoming = await call('upcoming:list', { days: 60, perSchedule: 5 });
    const weeklyRuns = upcoming.runs.filter((entry) => entry.paymentId === 'pay_weekly');
    expect(weeklyRuns).toHaveLength(5);
    expect(weeklyRuns.map((entry) => entry.balanceAfter)).toEqual([
      '3800',
      '2600',
      '1400',
      '200',
      '-1000',
    ]);
  });

  it('lists every schedule in the horizon and counts them all in the lowest balance', async () => {
    // A daily schedule next to the weekly one: the daily's five listed runs end on
    // Dec 1, and the forecast used to stop every schedule there.
    const daily = samplePayment('pay_daily', {
      recipientId: 'user3',
      amount: '100',
      status: 'scheduled',
      riskAssessmentId: null,
      nextRunAt: '2026-11-27T15:00:00.000Z',
      schedule: {
        kind: 'recurring',
        rrule: 'FREQ=DAILY',
        firstRun: '2026-11-27T15:00:00.000Z',
        timezone: 'America/New_York',
      },
    });
    await core.close();
    folder.remove();
    folder = seededDataFolder({ payments: [weekly, daily] });
    core = await openCore({ dataDir: folder.path, owner: 'the upcoming test', clock });

    const upcoming = await call('upcoming:list', { days: 21 });
    const weeklyRuns = upcoming.runs.filter((entry) => entry.paymentId === 'pay_weekly');
    expect(weeklyRuns.map((entry) => entry.at)).toEqual([
      '2026-11-27T14:00:00.000Z',
      '2026-12-04T14:00:00.000Z',
      '2026-12-11T14:00:00.000Z',
    ]);
    // 7 daily runs come before Dec 4's weekly one; its balance counts the 2 the list leaves out.
    expect(weeklyRuns[1]?.balanceAfter).toBe(String(5000 - 2 * 1200 - 7 * 100));
    expect(upcoming.runs.filter((entry) => entry.paymentId === 'pay_daily')).toHaveLength(5);
    expect(upcoming.coverage).toEqual([
      { paymentId: 'pay_weekly', runs: 3, listed: 3, countedUntil: null },
      { paymentId: 'pay_daily', runs: 21, listed: 5, countedUntil: null },
    ]);
    // The lowest point: after the last daily run, all 3 weekly and 21 daily runs counted.
    expect(upcoming.lowest).toEqual([
      run('pay_daily', '2026-12-17T15:00:00.000Z', '100', 'USDC', String(5000 - 3600 - 2100)),
    ]);
  });

  it('lists the first schedules only, while the forecast and the count take in them all', async () => {
    const all = await call('upcoming:list', { days: 21 });
    const first = await call('upcoming:list', { days: 21, limit: 1 });
    expect(all.scheduleCount).toBe(3);
    expect(first.scheduleCount).toBe(3);
    expect(first.schedules.map((payment) => payment.id)).toEqual([all.schedules[0]?.id]);
    expect(first.schedules[0]?.id).toBe('pay_weekly');
    // Only the listed schedule's runs and coverage come back...
    expect(first.runs).toEqual(all.runs.filter((run) => run.paymentId === 'pay_weekly'));
    expect(first.coverage).toEqual(
      all.coverage.filter((entry) => entry.paymentId === 'pay_weekly'),
    );
    // ... while the balances and the lowest point still count the euro payment left out.
    expect(first.lowest).toEqual(all.lowest);
    expect(first.lowest.map((run) => run.currency)).toContain('EURC');
    const none = await core.invoke('upcoming:list', { limit: 0 });
    expect(none).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('refuses an unknown user and a silly horizon', async () => {
    const unknown = await core.invoke('upcoming:list', { userId: 'nobody' });
    expect(unknown.ok).toBe(false);
    const silly = await core.invoke('upcoming:list', { days: 0 });
    expect(silly).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
});

describe('notifications', () => {
  it('lists what the money path said, newest first, and marks it read', async () => {
    await call('commands:run', { text: 'Pay User Two 120 USDC every Friday' });
    await call('commands:run', { text: 'Pay Alice Chen 30 USDC' });
    const page = await call('notifications:list', {});
    expect(page.total).toBe(2);
    expect(page.unread).toBe(2);
    expect(page.items.map((item) => item.kind)).toEqual([
      'needs_confirmation',
      'needs_confirmation',
    ]);
    expect(page.items[0]?.title).toContain('Alice Chen');

    const first = page.items[0]?.id ?? '';
    expect(await call('notifications:read', { ids: [first] })).toEqual({ unread: 1 });
    // Marking twice changes nothing.
    expect(await call('notifications:read', { ids: [first] })).toEqual({ unread: 1 });
    expect(await call('notifications:read', {})).toEqual({ unread: 0 });
    const after = await call('notifications:list', { limit: 1 });
    expect(after).toMatchObject({ total: 2, unread: 0 });
    expect(after.items).toHaveLength(1);
    expect(after.items[0]?.readAt).toBe('2026-11-27T08:00:00.000Z');
  });

  it('keeps read state across a restart', async () => {
    await call('commands:run', { text: 'Pay User Two 120 USDC every Friday' });
    await call('notifications:read', {});
    await core.close();
    core = await openCore({ dataDir: folder.path, owner: 'the upcoming test', clock });
    expect(await call('notifications:list', {})).toMatchObject({ total: 1, unread: 0 });
  });
});

function run(paymentId: string, at: string, amount: string, currency: string, after: string) {
  return { paymentId, at, amount, currency, balanceAfter: after };
}
