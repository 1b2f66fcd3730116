import {
  ALL_OPERATOR_ALERTS,
  DEFAULT_NOTIFICATION_RULES,
} from '../../../../shared/schemas/settings';
import { afterEach, describe, expect, it } from 'vitest';
import type { NotificationChannel } from '../../../../shared/schemas/user';
import { createRedactor } from '../../../../electron/core/config/redaction';
import { EventBus } from '../../../../electron/core/events';
import type { OutsideChannel } from '../../../../electron/core/notifications/channels/channel';
import {
  NotificationService,
  type NotificationServiceOptions,
} from '../../../../electron/core/notifications/notificationService';
import { openLedger } from '../../../../electron/core/repositories/ledger';
import { ManualClock } from '../../../support/manualClock';
import { moneyFolder } from '../../../support/moneyCore';

const WEBHOOK_SECRET = 'whsec-not-a-real-secret-4c1d';
const folders: { remove(): void }[] = [];
afterEach(() => folders.splice(0).forEach((folder) => folder.remove()));

async function service(
  outside: OutsideChannel[],
  channels: readonly NotificationChannel[] = ['in_app', 'desktop', 'email'],
  overrides: Partial<NotificationServiceOptions> = {},
) {
  const folder = moneyFolder();
  folders.push(folder);
  const clock = new ManualClock('2026-11-02T14:00:00.000Z');
  const { journals } = await openLedger(folder.path, clock);
  const events = new EventBus();
  const seen: string[] = [];
  events.on('notification:created', ({ notification }) => seen.push(`in_app:${notification.kind}`));
  events.on('notification:desktop', ({ notification }) =>
    seen.push(`desktop:${notification.kind}`),
  );
  const logs: string[] = [];
  const notifications = new NotificationService({
    outbox: journals.notifications,
    events,
    clock,
    operators: () => [],
    rules: () => DEFAULT_NOTIFICATION_RULES,
    zoneOf: () => 'America/New_York',
    channelsFor: () => [...channels],
    outside,
    redact: createRedactor(() => [WEBHOOK_SECRET]),
    log: (line) => logs.push(line),
    maxAttempts: 3,
    retryBaseSeconds: 30,
    ...overrides,
  });
  return { notifications, journals, clock, seen, logs };
}

const draft = {
  userId: 'user1',
  kind: 'executed',
  title: 'Paid',
  body: 'Sent 5.00 USDC.',
  paymentId: null,
} as const;

describe('NotificationService', () => {
  it('announces in-app and desktop at once and records the outside delivery as sent', async () => {
    const sent: string[] = [];
    const { notifications, journals, seen } = await service([
      { channel: 'email', send: async (notification) => void sent.push(notification.title) },
    ]);
    const [recorded] = await notifications.notify([draft]);
    expect(seen).toEqual(['in_app:executed', 'desktop:executed']);
    await notifications.whenIdle();
    expect(sent).toEqual(['Paid']);
    expect(
      journals.notifications.list().find((entry) => entry.id === recorded?.id)?.deliveries,
    ).toEqual([
      { channel: 'email', status: 'sent', attempts: 1, nextAttemptAt: null, lastError: null },
    ]);
  });

  it('retries a failing channel with backoff, then gives up, and never throws', async () => {
    let attempts = 0;
    const { notifications, journals, clock, logs } = await service([
      {
        channel: 'email',
        send: async () => {
          attempts += 1;
          throw new Error('connection refused');
        },
      },
    ]);
    const [recorded] = await notifications.notify([draft]);
    await notifications.whenIdle();
    const latest = () => journals.notifications.list().find((entry) => entry.id === recorded?.id);
    expect(latest()?.deliveries?.[0]).toMatchObject({
      status: 'pending',
      attempts: 1,
      nextAttemptAt: '2026-11-02T14:00:30.000Z',
      lastError: 'connection refused',
    });
    await notifications.deliverPending();
    expect(attempts).toBe(1); // not due yet
    clock.advance(30_000);
    await notifications.deliverPending();
    expect(latest()?.deliveries?.[0]).toMatchObject({
      attempts: 2,
      nextAttemptAt: '2026-11-02T14:01:30.000Z',
    });
    clock.advance(60_000);
    await notifications.deliverPending();
    expect(latest()?.deliveries?.[0]).toMatchObject({
      status: 'failed',
      attempts: 3,
      nextAttemptAt: null,
    });
    expect(logs.join('\n')).toContain('gave up sending');
  });

  it("keeps a failing channel's error without the secrets it quotes", async () => {
    const { notifications, journals } = await service(
      [
        {
          channel: 'webhook',
          send: async () => {
            throw new Error(
              `401 from hook: signature ${WEBHOOK_SECRET} rejected; Authorization: Bearer abc.def`,
            );
          },
        },
      ],
      ['in_app', 'webhook'],
    );
    await notifications.notify([draft]);
    await notifications.whenIdle();
    const stored = JSON.stringify(journals.notifications.list());
    expect(stored).toContain('401 from hook');
    expect(stored).not.toContain(WEBHOOK_SECRET);
    expect(stored).not.toContain('abc.def');
  });

  it('sends a warning with a dedupe key only once', async () => {
    const { notifications, seen } = await service([]);
    const warning = {
      ...draft,
      kind: 'low_balance',
      dedupeKey: 'low_balance:pay_1@2026-11-06',
    } as const;
    expect(await notifications.notify([warning])).toHaveLength(1);
    expect(await notifications.notify([warning])).toHaveLength(0);
    expect(seen).toEqual(['in_app:low_balance', 'desktop:low_balance']);
  });

  it('only uses the channels the user has', async () => {
    const sent: string[] = [];
    const { notifications, seen } = await service(
      [{ channel: 'email', send: async () => void sent.push('email') }],
      ['in_app'] as never,
    );
    const [recorded] = await notifications.notify([draft]);
    await notifications.whenIdle();
    expect(recorded?.channels).toEqual(['in_app']);
    expect(recorded?.deliveries).toBeUndefined();
    expect(sent).toEqual([]);
    expect(seen).toEqual(['in_app:executed']);
  });
});

describe('NotificationService for operators', () => {
  const flagged = {
    ...draft,
    kind: 'flagged',
    title: '50.00 USDC to Bob is held for review',
    paymentId: 'pay_1',
    riskAssessmentId: 'risk_1',
    operator: { event: 'flagged', title: 'User One: 50.00 USDC to Bob', body: 'Held.' },
  } as const;
  const hooked: string[] = [];
  const webhook: OutsideChannel = {
    channel: 'webhook',
    send: async (notification) => void hooked.push(notification.userId),
  };
  // Own notices go in-app and to the install's webhook; operators' copies in-app only.
  const byAudience: NotificationServiceOptions['channelsFor'] = (_userId, audience) =>
    audience === 'own' ? ['in_app', 'webhook'] : ['in_app'];
  afterEach(() => void hooked.splice(0));

  it("copies an operator event to every operator but the user, on the operator's channels, with the record ids", async () => {
    const { notifications } = await service([webhook], [], {
      channelsFor: byAudience,
      operators: () => ['user1', 'user2', 'user9'],
    });
    const recorded = await notifications.notify([flagged]);
    await notifications.whenIdle();
    expect(recorded).toMatchObject([
      { userId: 'user1', title: flagged.title, channels: ['in_app', 'webhook'] },
      {
        userId: 'user2',
        title: 'User One: 50.00 USDC to Bob',
        body: 'Held.',
        paymentId: 'pay_1',
        riskAssessmentId: 'risk_1',
        operatorAlert: { event: 'flagged', subjectUserId: 'user1' },
        channels: ['in_app'],
      },
      { userId: 'user9', operatorAlert: { event: 'flagged', subjectUserId: 'user1' } },
    ]);
    expect(recorded[0]).not.toHaveProperty('operatorAlert');
    expect(hooked).toEqual(['user1']);
  });

  it("gives an operator's copy of a confirmation request the flagged kind: only the user can answer it", async () => {
    const { notifications } = await service([], ['in_app'], { operators: () => ['user2'] });
    const asked = { ...flagged, kind: 'needs_confirmation' } as const;
    expect((await notifications.notify([asked])).map((note) => note.kind)).toEqual([
      'needs_confirmation',
      'flagged',
    ]);
  });

  it('sends no copy of an alert Settings turned off, and an operators-only draft to nobody else', async () => {
    const { notifications } = await service([webhook], [], {
      channelsFor: byAudience,
      operators: () => ['user2'],
      rules: () => ({
        quietHours: null,
        operatorAlerts: { ...ALL_OPERATOR_ALERTS, flagged: false },
      }),
    });
    expect((await notifications.notify([flagged])).map((note) => note.userId)).toEqual(['user1']);
    const denied = {
      ...flagged,
      kind: 'denied',
      operator: { ...flagged.operator, event: 'denied' },
      onlyOperators: true,
    } as const;
    expect(await notifications.notify([denied])).toMatchObject([
      { userId: 'user2', kind: 'denied', operatorAlert: { event: 'denied' } },
    ]);
  });

  it('holds desktop, email and SMS in quiet hours, never in-app or the webhook, and sends them when the hours end', async () => {
    const mailed: string[] = [];
    const email: OutsideChannel = {
      channel: 'email',
      send: async (notification) => void mailed.push(notification.id),
    };
    const sms: OutsideChannel = {
      channel: 'sms',
      send: async (notification) => void mailed.push(`sms:${notification.id}`),
    };
    // The clock reads 09:00 in New York; quiet until 10:00 there (15:00Z).
    const { notifications, journals, clock, seen } = await service(
      [email, sms, webhook],
      ['in_app', 'desktop', 'email', 'sms', 'webhook'],
      {
        rules: () => ({
          ...DEFAULT_NOTIFICATION_RULES,
          quietHours: { start: '08:00', end: '10:00' },
        }),
      },
    );
    const [recorded] = await notifications.notify([draft]);
    await notifications.whenIdle();
    const held = { status: 'deferred', attempts: 0, nextAttemptAt: '2026-11-02T15:00:00.000Z' };
    expect(recorded?.deliveries).toEqual([
      { channel: 'desktop', ...held, lastError: null },
      { channel: 'email', ...held, lastError: null },
      { channel: 'sms', ...held, lastError: null },
      expect.objectContaining({ channel: 'webhook', status: 'pending' }),
    ]);
    expect(seen).toEqual(['in_app:executed']);
    expect(mailed).toEqual([]);
    expect(hooked).toEqual(['user1']);

    clock.advance(59 * 60_000);
    await notifications.deliverPending();
    expect(seen).toEqual(['in_app:executed']);
    clock.advance(60_000);
    await notifications.deliverPending();
    expect(seen).toEqual(['in_app:executed', 'desktop:executed']);
    expect(mailed).toEqual([recorded?.id, `sms:${recorded?.id}`]);
    const latest = journals.notifications.list().find((entry) => entry.id === recorded?.id);
    expect(latest?.deliveries?.map((delivery) => `${delivery.channel}:${delivery.status}`)).toEqual(
      ['desktop:sent', 'email:sent', 'sms:sent', 'webhook:sent'],
    );
  });
});

describe('NotificationService and the notification centre', () => {
  it('keeps a read mark written while a delivery was in flight', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { notifications, journals } = await service([{ channel: 'email', send: () => gate }]);
    const [recorded] = await notifications.notify([draft]);
    if (!recorded) throw new Error('nothing recorded');
    // The user reads it while the email is still being sent.
    await journals.notifications.record({ ...recorded, readAt: '2026-11-02T14:00:01.000Z' });
    release();
    await notifications.whenIdle();
    const latest = journals.notifications.list().find((entry) => entry.id === recorded.id);
    expect(latest).toMatchObject({
      readAt: '2026-11-02T14:00:01.000Z',
      deliveries: [{ status: 'sent' }],
    });
  });
});
