import type { Notification } from '../../../../shared/schemas/notification';
import type { NotificationChannel } from '../../../../shared/schemas/user';

/** A channel outside the app (email, webhook): it can fail, so the outbox retries it. */
export interface OutsideChannel {
  readonly channel: Extract<NotificationChannel, 'email' | 'webhook'>;
  /** Resolves once the message is accepted; throws with a message free of secrets. */
  send(notification: Notification): Promise<void>;
}
