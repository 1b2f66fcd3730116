import { DEFAULT_NOTIFICATION_RULES } from '../../../../shared/schemas/settings';
import { afterEach, describe, expect, it } from 'vitest';
import type { NotificationChannel } from '../../../../shared/schemas/user';
import { createRedactor } from '../../../../electron/core/config/redaction';
import { EventBus } from '../../../../electron/core/events';
import type { OutsideChannel } from '../../../../electron/core/notifications/channels/channel';
import { NotificationService } from '../../../../electron/core/notifications/notificationService';
import { openLedger } from '../../../../electron/core/repositories/ledger';
import { ManualClock } from '../../../support/manualClock';
import { moneyFolder } from '../../../support/moneyCore';

const WEBHOOK_SECRET = 'whsec-not-a-real-secret-4c1d';
const folders: { remove(): void }[] = [];
afterEach(() => folders.splice(0).forEach((folder) => folder.remove()));

async function service(
  outside: OutsideChannel[],
  channels: readonly NotificationChannel[] = ['in_app', 'desktop', 'email'],
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
