import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSystemConfig } from '../../../../electron/core/config/systemConfig';
import { decideOutcome, riskScore } from '../../../../electron/core/guardian/decide';
import { computeFeatures } from '../../../../electron/core/guardian/features';
import { duration, evaluateRules } from '../../../../electron/core/guardian/rules';
import { scheduleOutlook } from '../../../../electron/core/guardian/scheduleOutlook';
import type { PlannedRun } from '../../../../electron/core/monitor/forecast';
import { RunTotals } from '../../../../electron/core/monitor/runTotals';
import { toMinorUnits } from '../../../../shared/money';
import type { PaymentIntent } from '../../../../shared/schemas/intent';
import type { GuardianPolicy } from '../../../../shared/schemas/settings';
import type { User } from '../../../../shared/schemas/user';
import { repositoryRoot } from '../../../support/dataFolder';

const config = parseSystemConfig(
  readFileSync(join(repositoryRoot, 'system_config.json'), 'utf8'),
  'system_config.json',
);
const users = JSON.parse(readFileSync(join(repositoryRoot, 'data', 'users.json'), 'utf8'))
  .data as User[];
const payer = users.find((user) => user.id === 'user1') as User;
const alice = users.find((user) => user.id === 'user3') as User;

// Far from today on purpose: everything here is pure and takes `now` as an argument.
// Monday, Mar 3, 2031, 8:00 AM in New York; the schedules start at 9:00.
const NOW = new Date('2031-03-03T13:00:00.000Z');
const FIRST = '2031-03-03T14:00:00.000Z';
const HORIZON = '2031-04-07T13:00:00.000Z';

function recurring(rrule: string, amount: string): PaymentIntent {
  return {
    kind: 'payment',
    amount,
    currency: 'USDC',
    recipient: { text: 'Alice', userId: 'user3' },
    schedule: { kind: 'recurring', rrule, firstRun: FIRST, timezone: 'America/New_York' },
    problems: [],
  };
}

function assess(
  intent: PaymentIntent,
  options: {
    balance?: string;
    others?: PlannedRun[];
    spentToday?: bigint;
    policy?: Partial<GuardianPolicy>;
  } = {},
) {
  const balance = options.balance ?? '5000';
  const policy = { ...config.guardian, ...options.policy };
  const outlook = scheduleOutlook({
    schedule: intent.schedule,
    units: toMinorUnits(intent.amount ?? '0'),
    now: NOW,
    until: HORIZON,
    timezone: payer.timezone,
    others: RunTotals.of(options.others ?? []),
    balance: toMinorUnits(balance),
    spentToday: options.spentToday ?? 0n,
    spentThisMonth: options.spentToday ?? 0n,
  });
  const features = computeFeatures({
    intent,
    payer,
    recipient: alice,
    balance,
    upcoming: 0n,
    spending: {
      today: 0n,
      thisMonth: 0n,
      last24hCount: 0,
      last24h: 0n,
      last30dCount: 0,
      last30d: 0n,
      paidTo: { recipientId: 'user3', count: 1, median: '20' },
    },
    verification: 'verified',
    outlook,
  });
  const findings = evaluateRules({
    intent,
    features,
    policy,
    thresholds: config.guardianRules,
    payerId: payer.id,
    payerRole: 'owner',
    recipient: alice,
  });
  const score = riskScore(findings.map((finding) => finding.level));
  return {
    features,
    rule: (name: string) => findings.find((finding) => finding.name === name),
    names: findings.map((finding) => finding.name),
    outcome: decideOutcome(findings, score, policy),
  };
}

describe('schedule_too_frequent', () => {
  it('refuses a schedule faster than the minimum interval, naming both figures', () => {
    const result = assess(recurring('FREQ=SECONDLY', '1'));
    expect(result.rule('schedule_too_frequent')).toMatchObject({
      level: 'forbidden',
      explanation:
        'It would pay as often as every second; schedules may run at most once every hour (the minimum interval in Settings).',
      figures: { intervalSeconds: 1, minimumIntervalSeconds: 3600 },
    });
    expect(result.outcome).toBe('denied');
  });

  it('allows a schedule exactly at the minimum, and one the user allowed in Settings', () => {
    expect(assess(recurring('FREQ=HOURLY', '1')).names).not.toContain('schedule_too_frequent');
    const allowed = assess(recurring('FREQ=SECONDLY;INTERVAL=5', '1'), {
      policy: { minimumIntervalSeconds: 5 },
    });
    expect(allowed.names).not.toContain('schedule_too_frequent');
  });

  it('measures the gap between runs, not the frequency word', () => {
    // Daily, but at 9:00 and 9:30: two runs half an hour apart.
    const twice = assess(recurring('FREQ=DAILY;BYHOUR=9;BYMINUTE=0,30', '1'));
    expect(twice.features.shortestIntervalSeconds).toBe(1800);
    expect(twice.rule('schedule_too_frequent')?.figures).toEqual({
      intervalSeconds: 1800,
      minimumIntervalSeconds: 3600,
    });
  });

  it('says durations in the largest exact unit', () => {
    expect([1, 5, 60, 90, 3600, 5400, 86_400, 172_800].map(duration)).toEqual([
      'second',
      '5 seconds',
      'minute',
      '90 seconds',
      'hour',
      '90 minutes',
      'day',
      '2 days',
    ]);
  });
});

describe('schedule_exhausts_balance', () => {
  it('names the run and date after which the balance goes below zero, and asks', () => {
    const result = assess(recurring('FREQ=DAILY', '2000'));
    expect(result.rule('schedule_exhausts_balance')).toMatchObject({
      level: 'danger',
      asksConfirmation: true,
      explanation:
        'By its run 3 on Wed, Mar 5, 2031, 9:00 AM EST the balance would be -1,000.00 USDC: this schedule uses it up (your other scheduled payments counted).',
      figures: { currency: 'USDC', at: '2031-03-05T14:00:00.000Z', run: 3, amount: '-1000' },
    });
    expect(result.outcome).not.toBe('approved');
  });

  it('counts the other scheduled payments in the same currency', () => {
    // 2,500 leaves on Tuesday before this schedule's second run: the second run overdraws.
    const other: PlannedRun = {
      paymentId: 'pay_rent',
      at: '2031-03-04T13:00:00.000Z',
      units: toMinorUnits('2500'),
    };
    const result = assess(recurring('FREQ=DAILY', '2000'), { others: [other] });
    expect(result.rule('schedule_exhausts_balance')?.figures).toMatchObject({
      run: 2,
      amount: '-1500',
    });
  });

  it('says nothing for a schedule with COUNT that ends before the balance runs out', () => {
    const bounded = assess(recurring('FREQ=DAILY;COUNT=2', '2000'));
    expect(bounded.features.scheduleRuns).toBe(2);
    expect(bounded.names).not.toContain('schedule_exhausts_balance');
  });

  it('says nothing when the last run leaves exactly zero', () => {
    const exact = assess(recurring('FREQ=DAILY;COUNT=2', '2500'));
    expect(exact.features.exhaustsBalanceOnRun).toBeNull();
    expect(exact.names).not.toContain('schedule_exhausts_balance');
    // One more minor unit and the second run overdraws.
    const over = assess(recurring('FREQ=DAILY;COUNT=2', '2500.000001'));
    expect(over.rule('schedule_exhausts_balance')?.figures).toMatchObject({
      run: 2,
      amount: '-0.000002',
    });
  });

  it('leaves a first run the balance cannot cover to the one-payment rule', () => {
    const result = assess(recurring('FREQ=DAILY', '6000'));
    expect(result.names).toContain('insufficient_funds');
    expect(result.names).not.toContain('schedule_exhausts_balance');
  });
});

describe('schedule_daily_limit and schedule_monthly_limit', () => {
  // Three runs a day (9:00, 13:00, 17:00), well funded so only the limits speak.
  const threeADay = 'FREQ=DAILY;BYHOUR=9,13,17;BYMINUTE=0';

  it('says nothing when a day comes to exactly the daily limit', () => {
    const result = assess(recurring(threeADay, '5000'), { balance: '1000000' });
    expect(result.features.busiestDayTotal).toBe('15000');
    expect(result.names).not.toContain('schedule_daily_limit');
  });

  it('names the day, its total and the limit when a day goes over', () => {
    // What was already paid today counts: 1 USDC over.
    const result = assess(recurring(threeADay, '5000'), {
      balance: '1000000',
      spentToday: toMinorUnits('1'),
    });
    expect(result.rule('schedule_daily_limit')).toMatchObject({
      level: 'danger',
      asksConfirmation: true,
      explanation:
        'On Mon, Mar 3, 2031 your payments would total 15,001.00 USDC, over the daily limit of 15,000.00 USDC; runs past the limit will be refused.',
      figures: { currency: 'USDC', period: '2031-03-03', amount: '15001', limit: '15000' },
    });
    expect(result.outcome).not.toBe('approved');
  });

  it('names the month, its total and the limit when a month goes over', () => {
    // 2,000 a day from Mar 3 to Mar 31: 29 runs, 58,000 in March.
    const result = assess(recurring('FREQ=DAILY', '2000'), { balance: '1000000' });
    expect(result.rule('schedule_monthly_limit')).toMatchObject({
      level: 'danger',
      explanation:
        'In March 2031 your payments would total 58,000.00 USDC, over the monthly limit of 50,000.00 USDC; runs past the limit will be refused.',
      figures: { currency: 'USDC', period: '2031-03', amount: '58000', limit: '50000' },
    });
    expect(result.names).not.toContain('schedule_daily_limit');
  });

  it("counts another schedule only on the days this one pays, not another day's total", () => {
    const busyDay: PlannedRun = {
      paymentId: 'pay_big',
      at: '2031-03-04T15:00:00.000Z',
      units: toMinorUnits('20000'),
    };
    // Weekly on Mondays: it never pays on Tuesday the 4th, whatever leaves that day.
    const weekly = assess(recurring('FREQ=WEEKLY;BYDAY=MO', '10'), {
      balance: '1000000',
      others: [busyDay],
    });
    expect(weekly.names).not.toContain('schedule_daily_limit');
    const daily = assess(recurring('FREQ=DAILY', '10'), { balance: '1000000', others: [busyDay] });
    expect(daily.rule('schedule_daily_limit')?.figures).toMatchObject({
      period: '2031-03-04',
      amount: '20010',
    });
  });

  it('gives a one-off none of the schedule rules', () => {
    const once: PaymentIntent = {
      ...recurring('FREQ=DAILY', '2000'),
      schedule: { kind: 'once', runAt: null },
    };
    const result = assess(once);
    expect(result.features.scheduleRuns).toBe(0);
    expect(result.names.filter((name) => name.startsWith('schedule_'))).toEqual([]);
  });
});
