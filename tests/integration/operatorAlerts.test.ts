import { afterEach, describe, expect, it } from 'vitest';
import type { Notification } from '../../shared/schemas/notification';
import { ALL_OPERATOR_ALERTS } from '../../shared/schemas/settings';
import { eventually } from '../support/eventually';
import {
  moneyFolder,
  openMoneyCore,
  proposeAndConfirm,
  withoutUndoWindow,
  type MoneyCore,
} from '../support/moneyCore';

// The demo data's one operator is User Two (user2, America/Chicago); User One (user1) is
// the acting user, whose wallets the monitor watches on every tick.
const OPERATOR = 'user2';
const cores: MoneyCore[] = [];
const folders: { remove(): void }[] = [];
afterEach(async () => {
  for (const money of cores.splice(0)) await money.core.close();
  folders.splice(0).forEach((folder) => folder.remove());
});

async function open() {
  const folder = moneyFolder();
  folders.push(folder);
  const money = await withoutUndoWindow(await openMoneyCore({ dataDir: folder.path }));
  cores.push(money);
  const created: Notification[] = [];
  const desktop: Notification[] = [];
  money.core.on('notification:created', ({ notification }) => created.push(notification));
  money.core.on('notification:desktop', ({ notification }) => desktop.push(notification));
  return { money, created, desktop };
}

/** The notifications one user has, oldest first. */
async function listOf(money: MoneyCore, userId: string): Promise<Notification[]> {
  return (await money.call('notifications:list', { userId, limit: 500 })).items.reverse();
}

function alerts(notes: readonly Notification[], event: string) {
  return notes.filter((note) => note.operatorAlert?.event === event);
}

describe('the monitor tells the user and the operators', () => {
  it('a balance drop over monitor.dropRatio reaches the user and the operator, unless the operator alert is off', async () => {
    const { money, created } = await open();
    await money.call('scheduler:tick', {}); // the first reading of every wallet
    // 10% of 5000 USDC leaves the wallet elsewhere: under the 20% threshold, nobody is told.
    money.faults.spendOutside('user1', 'USDC', '500');
    await money.call('scheduler:tick', {});
    expect(created.filter((note) => note.title.includes('balance dropped'))).toEqual([]);

    // A third of what is left goes: the user and the operator hear of it.
    money.faults.spendOutside('user1', 'USDC', '1500');
    await money.call('scheduler:tick', {});
    const drops = created.filter((note) => note.title.includes('balance dropped'));
    expect(drops).toMatchObject([
      { userId: 'user1', kind: 'low_balance', paymentId: null },
      {
        userId: OPERATOR,
        kind: 'low_balance',
        title: "User One's USDC balance dropped",
        operatorAlert: { event: 'balance_drop', subjectUserId: 'user1' },
        // The operator's own preferences (in-app and desktop), never the install's webhook.
        channels: ['in_app', 'desktop'],
      },
    ]);
    expect(drops[0]).not.toHaveProperty('operatorAlert');
    expect(alerts(await listOf(money, OPERATOR), 'balance_drop')).toHaveLength(1);

    // Settings turns the operators' drop alerts off: the user is still told, the operator not.
    await money.call('settings:update', {
      notificationRules: {
        quietHours: null,
        operatorAlerts: { ...ALL_OPERATOR_ALERTS, balance_drop: false },
      },
    });
    money.faults.spendOutside('user1', 'USDC', '1500');
    await money.call('scheduler:tick', {});
    const after = created.filter((note) => note.title.includes('balance dropped'));
    expect(after.slice(2).map((note) => note.userId)).toEqual(['user1']);
  });

  it('an upcoming overdraft reaches the user and the operator, with the payment it is about', async () => {
    const { money, created } = await open();
    // Tomorrow's run would leave User One's 5000 USDC under the 10 USDC low-balance floor.
    const payment = await proposeAndConfirm(money, 'Pay Alice Chen 4995 USDC tomorrow');
    expect(payment.status).toBe('scheduled');
    await money.call('scheduler:tick', {});
    const ahead = created.filter(
      (note) => note.kind === 'low_balance' && note.paymentId === payment.id,
    );
    expect(ahead).toMatchObject([
      { userId: 'user1', kind: 'low_balance', paymentId: payment.id },
      {
        userId: OPERATOR,
        kind: 'low_balance',
        paymentId: payment.id,
        operatorAlert: { event: 'overdraft', subjectUserId: 'user1' },
      },
    ]);
    // One warning per situation: the next tick says nothing new to either of them.
    await money.call('scheduler:tick', {});
    expect(alerts(await listOf(money, OPERATOR), 'overdraft')).toHaveLength(1);
  });
});

describe('the Guardian tells the operators', () => {
  it('a denied payment reaches the operator in-app with its risk record at once, its desktop pop-up held until quiet hours end', async () => {
    const { money, desktop } = await open();
    // Quiet hours around now on the operator's own clock (Chicago), ending on the next hour.
    const now = money.clock.now();
    const hour = Number(
      new Intl.DateTimeFormat('en-US', {
        timeZone: 'America/Chicago',
        hour: '2-digit',
        hourCycle: 'h23',
      }).format(now),
    );
    const at = (h: number) => `${String(h % 24).padStart(2, '0')}:00`;
    await money.call('settings:update', {
      notificationRules: {
        quietHours: { start: at(hour), end: at(hour + 1) },
        operatorAlerts: ALL_OPERATOR_ALERTS,
      },
    });
    const nextHour = new Date(Math.floor(now.getTime() / 3_600_000 + 1) * 3_600_000).toISOString();

    const result = await money.call('commands:run', { text: 'Pay User Two 20000 USDC' });
    expect(result.decision.outcome).toBe('denied');
    const riskAssessmentId = result.payment?.riskAssessmentId ?? expect.fail('no payment row');
    // The payer saw the refusal as the reply; only the operator gets a notification.
    expect(alerts(await listOf(money, 'user1'), 'denied')).toEqual([]);
    const [denied] = alerts(await listOf(money, OPERATOR), 'denied');
    expect(denied).toMatchObject({
      kind: 'denied',
      paymentId: result.payment?.id,
      riskAssessmentId,
      operatorAlert: { event: 'denied', subjectUserId: 'user1' },
      deliveries: [
        { channel: 'desktop', status: 'deferred', nextAttemptAt: nextHour, attempts: 0 },
      ],
    });
    expect(desktop).toEqual([]);

    // The tick after the quiet hours end pops it up and records it as sent.
    money.clock.advance(Date.parse(nextHour) - now.getTime());
    await money.call('scheduler:tick', {});
    const sentState = async () =>
      alerts(await listOf(money, OPERATOR), 'denied')[0]?.deliveries?.[0]?.status;
    await eventually(async () => (await sentState()) === 'sent', 'the held pop-up to be sent');
    expect(desktop.map((note) => note.id)).toEqual([denied?.id]);
    const [sent] = alerts(await listOf(money, OPERATOR), 'denied');
    expect(sent?.deliveries).toMatchObject([{ channel: 'desktop', status: 'sent', attempts: 1 }]);
  });

  it('a payment held for review reaches the user and the operator with its risk record', async () => {
    const { money } = await open();
    const { guardian } = await money.call('settings:get', {});
    // Any warning now holds a payment: Bob Martinez is not on User One's whitelist.
    await money.call('settings:update', {
      guardian: { ...guardian, confirmScore: 0.1, flagScore: 0.1 },
    });
    const result = await money.call('commands:run', { text: 'Pay Bob Martinez 50 USDC' });
    expect(result.decision.outcome).toBe('flagged');
    const record = {
      paymentId: result.payment?.id,
      riskAssessmentId: result.payment?.riskAssessmentId,
    };
    expect(record.riskAssessmentId).toBeDefined();
    expect(await listOf(money, 'user1')).toMatchObject([{ kind: 'flagged', ...record }]);
    expect(alerts(await listOf(money, OPERATOR), 'flagged')).toMatchObject([
      { kind: 'flagged', ...record, operatorAlert: { subjectUserId: 'user1' } },
    ]);
  });
});
