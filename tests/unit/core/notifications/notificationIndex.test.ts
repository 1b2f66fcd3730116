import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldNotifications } from '../../../../electron/core/notifications/foldNotification';
import { NotificationIndex } from '../../../../electron/core/notifications/notificationIndex';
import type { Notification } from '../../../../shared/schemas/notification';

const BASE = Date.parse('2031-05-01T00:00:00.000Z');
const USERS = ['user1', 'user2', 'user3'] as const;

/** What the notification centre answered before the index: fold, filter, newest first. */
function scanned(lines: readonly Notification[], userId: string): Notification[] {
  return foldNotifications(lines)
    .filter((notification) => notification.userId === userId)
    .reverse()
    .sort((left, right) =>
      left.createdAt < right.createdAt ? 1 : left.createdAt > right.createdAt ? -1 : 0,
    );
}

function notification(id: number, user: number, minute: number): Notification {
  return {
    id: `ntf_${id}`,
    createdAt: new Date(BASE + minute * 60_000).toISOString(),
    userId: USERS[user] ?? 'user1',
    kind: 'executed',
    title: 'Payment sent',
    body: `Payment ${id}`,
    paymentId: null,
    channels: ['in_app'],
    readAt: null,
  };
}

/** A new notification (mostly later than the last), a read mark, or a question. */
const step = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('new' as const),
      user: fc.integer({ min: 0, max: USERS.length - 1 }),
      // Mostly forward in time, sometimes back (a clock set back), sometimes the same minute.
      minutes: fc.oneof(
        { weight: 6, arbitrary: fc.integer({ min: 0, max: 3 }) },
        { weight: 1, arbitrary: fc.integer({ min: -30, max: -1 }) },
      ),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('read' as const),
      pick: fc.nat(),
      minutes: fc.nat(5),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('ask' as const),
      user: fc.integer({ min: 0, max: USERS.length - 1 }),
      limit: fc.integer({ min: 1, max: 12 }),
    }),
  },
);

describe('the notification index', () => {
  it('answers each user as a fold and sort of the whole outbox does, as lines arrive: page, counts, order', () => {
    let asked = 0;
    let outOfOrder = 0;
    fc.assert(
      fc.property(fc.array(step, { maxLength: 80 }), (steps) => {
        const lines: Notification[] = [];
        const index = new NotificationIndex(() => lines);
        let minute = 0;
        for (const each of steps) {
          if (each.kind === 'new') {
            minute += each.minutes;
            if (each.minutes < 0) outOfOrder += 1;
            lines.push(notification(lines.length, each.user, minute));
          } else if (each.kind === 'read') {
            const target = lines[each.pick % Math.max(1, lines.length)];
            if (!target) continue;
            // A read mark is a later line with the same id, as notifications:read writes it.
            const readAt = new Date(BASE + (minute + each.minutes) * 60_000).toISOString();
            lines.push({ ...target, readAt });
          } else {
            asked += 1;
            const userId = USERS[each.user] ?? 'user1';
            const all = scanned(lines, userId);
            expect(index.page(userId, each.limit)).toEqual({
              items: all.slice(0, each.limit),
              total: all.length,
              unread: all.filter((notification) => notification.readAt === null).length,
            });
          }
        }
        for (const userId of USERS) expect(index.forUser(userId)).toEqual(scanned(lines, userId));
      }),
      { numRuns: 300 },
    );
    // The generator reaches questions and out-of-order lines, or the check means little.
    expect(asked).toBeGreaterThan(100);
    expect(outOfOrder).toBeGreaterThan(50);
  });

  it('warms up a slice at a time, and answers in order once warm', () => {
    // Written out of time order, as a folder moved in from elsewhere may be.
    const lines = [5, 1, 4, 2, 3].map((minute, id) => notification(id, 0, minute));
    const index = new NotificationIndex(() => lines);
    expect(index.warm(2)).toBe(false);
    expect(index.warm(2)).toBe(false);
    expect(index.warm(2)).toBe(true);
    expect(index.page('user1', 2)).toEqual({
      items: [lines[0], lines[2]],
      total: 5,
      unread: 5,
    });
  });

  it('reads a replaced outbox anew', () => {
    let lines = [notification(1, 0, 0), notification(2, 0, 1)];
    const index = new NotificationIndex(() => lines);
    expect(index.forUser('user1').map((each) => each.id)).toEqual(['ntf_2', 'ntf_1']);
    // A reopened store hands over another list, here as long as the first.
    lines = [notification(3, 0, 5), notification(4, 1, 6)];
    expect(index.forUser('user1').map((each) => each.id)).toEqual(['ntf_3']);
    expect(index.forUser('user2').map((each) => each.id)).toEqual(['ntf_4']);
  });
});
