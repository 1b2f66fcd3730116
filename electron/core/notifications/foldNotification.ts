import type { Notification } from '../../../shared/schemas/notification';

/**
 * One notification's state from two of its outbox lines. Lines are written by two
 * independent writers (the user marking it read, the delivery pass sending it), each
 * from the state it last saw, so the fold makes both facts sticky instead of trusting the
 * last line: once read it stays read, and a finished delivery is never undone by a stale
 * line.
 */
export function foldNotification(previous: Notification, next: Notification): Notification {
  const deliveries = new Map((previous.deliveries ?? []).map((each) => [each.channel, each]));
  for (const delivery of next.deliveries ?? []) {
    const known = deliveries.get(delivery.channel);
    if (!known || known.status === 'pending' || delivery.status !== 'pending') {
      deliveries.set(delivery.channel, delivery);
    }
  }
  return {
    ...next,
    readAt: previous.readAt ?? next.readAt,
    ...(deliveries.size > 0 ? { deliveries: [...deliveries.values()] } : {}),
  };
}

/** Every notification in its current state, in the order they were first written. */
export function foldNotifications(entries: readonly Notification[]): Notification[] {
  const folded = new Map<string, Notification>();
  for (const entry of entries) {
    const previous = folded.get(entry.id);
    folded.set(entry.id, previous ? foldNotification(previous, entry) : entry);
  }
  return [...folded.values()];
}
