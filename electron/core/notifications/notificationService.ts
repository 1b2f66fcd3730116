import { randomUUID } from 'node:crypto';
import type {
  Delivery,
  Notification,
  NotificationKind,
  OperatorEvent,
} from '../../../shared/schemas/notification';
import type { NotificationRules } from '../../../shared/schemas/settings';
import type { NotificationChannel } from '../../../shared/schemas/user';
import { toInstant, type Clock } from '../clock';
import type { Redact } from '../config/redaction';
import type { EventBus } from '../events';
import type { NotificationsRepository } from '../repositories/journals';
import { PermanentDeliveryError, type OutsideChannel } from './channels/channel';
import { quietUntil } from './quietHours';

/** What the money path wants said; the service decides where and keeps it in the outbox. */
export interface NotificationDraft {
  userId: string;
  kind: NotificationKind;
  title: string;
  body: string;
  paymentId: string | null;
  /** The Guardian's record behind it, so a screen can open it. */
  riskAssessmentId?: string;
  /** The run it is about, so a screen can open it. */
  executionId?: string;
  /**
   * Operators hear of this too, each on their own channels and in these words (the
   * user's own are written to the user), unless Settings turns this alert off.
   */
  operator?: { event: OperatorEvent; title: string; body: string };
  /** Only the operators are told: the user already knows (a refused command's reply). */
  onlyOperators?: boolean;
  /** Drafts whose key was already notified are dropped: one warning per situation. */
  dedupeKey?: string;
}

/** Whose channels a notification goes out on: a user's own, or an operator's alert. */
export type Audience = 'own' | 'operator';

export interface NotificationServiceOptions {
  outbox: NotificationsRepository;
  events: EventBus;
  clock: Clock;
  /** The channels this user receives on: settings, config and their preferences combined. */
  channelsFor: (userId: string, audience: Audience) => NotificationChannel[];
  /** The ids of the users marked as operators. */
  operators: () => readonly string[];
  /** Quiet hours and operator alert switches, from Settings. */
  rules: () => NotificationRules;
  /** The recipient's IANA zone, on whose clock quiet hours are read. */
  zoneOf: (userId: string) => string;
  /** Email and webhook, when configured. */
  outside: readonly OutsideChannel[];
  /**
   * The one redaction of outside text: a mail server or webhook that fails may quote the
   * password or signing secret it was given, and its error is kept in the outbox.
   */
  redact: Redact;
  /** Where a failure is written down; never a secret. */
  log: (line: string) => void;
  /** Tries per outside delivery before it is marked failed. */
  maxAttempts?: number;
  retryBaseSeconds?: number;
}

/**
 * Tells the user what the money path did. Every notification is first appended to the
 * outbox (in the ledger); in-app and desktop go out at once as events, email and
 * webhook are delivered afterwards and retried with backoff on later passes. Nothing here
 * throws to its caller: a failing channel never breaks the money path.
 *
 * A draft with an operator event is also copied to every operator (but the user
 * themselves), as that operator's own notification. During a recipient's quiet hours
 * (settings.ts, quietHoursSchema) their desktop and outside deliveries, except the
 * install's webhook, are recorded as `deferred` until the hours end; in-app is never held.
 */
export class NotificationService {
  readonly #seenKeys = new Set<string>();
  /** Notifications with an outside delivery still owed, by id: the retry queue. */
  readonly #owed = new Map<string, Notification>();
  #delivering: Promise<void> = Promise.resolve();

  constructor(private readonly options: NotificationServiceOptions) {
    for (const notification of options.outbox.list()) {
      if (notification.dedupeKey) this.#seenKeys.add(notification.dedupeKey);
      if (isOwed(notification)) this.#owed.set(notification.id, notification);
    }
  }

  /** Records and sends the drafts; returns what was recorded. One outbox write for all. */
  async notify(drafts: readonly NotificationDraft[]): Promise<Notification[]> {
    const now = toInstant(this.options.clock.now());
    const fresh = drafts.filter((draft) => {
      if (draft.dedupeKey === undefined) return true;
      if (this.#seenKeys.has(draft.dedupeKey)) return false;
      this.#seenKeys.add(draft.dedupeKey);
      return true;
    });
    const notifications = fresh
      .flatMap((draft) => this.#recipients(draft))
      .map(({ draft, audience }) => this.#build(draft, audience, now));
    if (notifications.length === 0) return [];
    try {
      await this.options.outbox.record(notifications);
    } catch (error) {
      this.options.log(
        `arcflux: could not record ${notifications.length} notification(s): ${describe(error)}`,
      );
    }
    // Inside a command's unit the outbox line is written with the command's record; no
    // window or channel hears of it before it is on disk.
    this.options.outbox.afterCommit(() => {
      for (const notification of notifications) {
        this.#announce(notification);
        if (isOwed(notification)) this.#owed.set(notification.id, notification);
      }
      void this.deliverPending();
    });
    return notifications;
  }

  /**
   * Starts a delivery pass for outside channels that are due (new ones and retries) after
   * any pass already running. Returns the pass, which never rejects.
   */
  deliverPending(): Promise<void> {
    if (this.#owed.size === 0) return this.#delivering;
    this.#delivering = this.#delivering.then(() => this.#deliverDue());
    return this.#delivering;
  }

  /** Resolves when no delivery pass is running: for shutdown and tests. */
  whenIdle(): Promise<void> {
    return this.#delivering;
  }

  /** The user's own notification and the operators' copies, each with its recipient. */
  #recipients(draft: NotificationDraft): { draft: NotificationDraft; audience: Audience }[] {
    const own = draft.onlyOperators ? [] : [{ draft, audience: 'own' as const }];
    const { operator } = draft;
    if (!operator || !this.options.rules().operatorAlerts[operator.event]) return own;
    const copies = this.options
      .operators()
      .filter((operatorId) => operatorId !== draft.userId)
      .map((operatorId) => ({
        draft: {
          ...draft,
          userId: operatorId,
          kind: OPERATOR_KINDS[operator.event],
          title: operator.title,
          body: operator.body,
          operatorAlert: { event: operator.event, subjectUserId: draft.userId },
        },
        audience: 'operator' as const,
      }));
    return [...own, ...copies];
  }

  #build(
    draft: NotificationDraft & { operatorAlert?: Notification['operatorAlert'] },
    audience: Audience,
    now: string,
  ): Notification {
    const channels = this.options.channelsFor(draft.userId, audience);
    const quietHours = this.options.rules().quietHours;
    const quiet =
      quietHours === null
        ? null
        : quietUntil(new Date(now), this.options.zoneOf(draft.userId), quietHours);
    const held = (channel: NotificationChannel): Delivery | null =>
      quiet === null || channel === 'webhook' || channel === 'in_app'
        ? null
        : {
            channel,
            status: 'deferred',
            attempts: 0,
            nextAttemptAt: toInstant(quiet),
            lastError: null,
          };
    const desktop = channels.includes('desktop') ? held('desktop') : null;
    const deliveries: Delivery[] = [
      ...(desktop ? [desktop] : []),
      ...this.options.outside
        .filter((outside) => channels.includes(outside.channel))
        .map(
          (outside): Delivery =>
            held(outside.channel) ?? {
              channel: outside.channel,
              status: 'pending',
              attempts: 0,
              nextAttemptAt: now,
              lastError: null,
            },
        ),
    ];
    return {
      id: `note_${randomUUID().replace(/-/g, '').slice(0, 24)}`,
      createdAt: now,
      userId: draft.userId,
      kind: draft.kind,
      title: draft.title.slice(0, 200),
      body: draft.body.slice(0, 2000),
      paymentId: draft.paymentId,
      ...(draft.riskAssessmentId === undefined ? {} : { riskAssessmentId: draft.riskAssessmentId }),
      ...(draft.executionId === undefined ? {} : { executionId: draft.executionId }),
      ...(draft.operatorAlert === undefined ? {} : { operatorAlert: draft.operatorAlert }),
      channels,
      readAt: null,
      ...(deliveries.length > 0 ? { deliveries } : {}),
      ...(draft.dedupeKey === undefined ? {} : { dedupeKey: draft.dedupeKey }),
    };
  }

  #announce(notification: Notification): void {
    try {
      if (notification.channels.includes('in_app')) {
        this.options.events.emit('notification:created', { notification });
      }
      // A desktop delivery in the outbox is held by quiet hours; it pops up when they end.
      const heldDesktop = (notification.deliveries ?? []).some(
        (delivery) => delivery.channel === 'desktop',
      );
      if (notification.channels.includes('desktop') && !heldDesktop) {
        this.options.events.emit('notification:desktop', { notification });
      }
    } catch (error) {
      this.options.log(
        `arcflux: could not announce notification ${notification.id}: ${describe(error)}`,
      );
    }
  }

  async #deliverDue(): Promise<void> {
    try {
      const now = this.options.clock.now();
      const due = [...this.#owed.values()].filter((notification) =>
        (notification.deliveries ?? []).some((delivery) => isDue(delivery, now)),
      );
      const attempted = new Map<string, Delivery[]>();
      for (const notification of due) {
        const deliveries: Delivery[] = [];
        for (const delivery of notification.deliveries ?? []) {
          deliveries.push(
            isDue(delivery, now) ? await this.#attempt(notification, delivery) : delivery,
          );
        }
        attempted.set(notification.id, deliveries);
      }
      if (attempted.size === 0) return;
      // Only the deliveries are ours to change: anything else written meanwhile (the user
      // reading it) is kept, so the line appended is the latest state plus our news.
      const latest = new Map(this.options.outbox.list().map((entry) => [entry.id, entry]));
      const updated = due.map((notification) => ({
        ...(latest.get(notification.id) ?? notification),
        deliveries: attempted.get(notification.id) ?? [],
      }));
      for (const next of updated) {
        if (isOwed(next)) this.#owed.set(next.id, next);
        else this.#owed.delete(next.id);
      }
      await this.options.outbox.record(updated);
    } catch (error) {
      this.options.log(`arcflux: a notification delivery pass failed: ${describe(error)}`);
    }
  }

  async #attempt(notification: Notification, delivery: Delivery): Promise<Delivery> {
    const outside = this.options.outside.find(
      (candidate) => candidate.channel === delivery.channel,
    );
    const attempts = delivery.attempts + 1;
    const maxAttempts = this.options.maxAttempts ?? 5;
    try {
      if (delivery.channel === 'desktop') {
        this.options.events.emit('notification:desktop', { notification });
      } else if (!outside) {
        throw new Error(`the ${delivery.channel} channel is not configured any more`);
      } else {
        await outside.send(notification);
      }
      return { ...delivery, status: 'sent', attempts, nextAttemptAt: null, lastError: null };
    } catch (error) {
      const lastError = this.options.redact(describe(error)).slice(0, 300);
      if (attempts >= maxAttempts || error instanceof PermanentDeliveryError) {
        this.options.log(
          `arcflux: gave up sending notification ${notification.id} by ${delivery.channel} after ${attempts} tries: ${lastError}`,
        );
        return { ...delivery, status: 'failed', attempts, nextAttemptAt: null, lastError };
      }
      const wait = (this.options.retryBaseSeconds ?? 30) * 1000 * 2 ** (attempts - 1);
      const nextAttemptAt = toInstant(new Date(this.options.clock.now().getTime() + wait));
      return { ...delivery, status: 'pending', attempts, nextAttemptAt, lastError };
    }
  }
}

/**
 * The kind an operator's copy has: what happened, never a request to act that only the
 * user can answer (a payment that asked its user to confirm is `flagged` for operators).
 */
const OPERATOR_KINDS: Readonly<Record<OperatorEvent, NotificationKind>> = {
  denied: 'denied',
  flagged: 'flagged',
  failed: 'failed',
  balance_drop: 'low_balance',
  overdraft: 'low_balance',
};

/** Pending and deferred deliveries are still to be made; sent and failed ones are done. */
function isWaiting(delivery: Delivery): boolean {
  return delivery.status === 'pending' || delivery.status === 'deferred';
}

function isOwed(notification: Notification): boolean {
  return (notification.deliveries ?? []).some(isWaiting);
}

function isDue(delivery: Delivery, now: Date): boolean {
  return (
    isWaiting(delivery) &&
    delivery.nextAttemptAt !== null &&
    new Date(delivery.nextAttemptAt) <= now
  );
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
