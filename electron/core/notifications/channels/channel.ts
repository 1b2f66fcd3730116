import type { Notification } from '../../../../shared/schemas/notification';
import type { NotificationChannel } from '../../../../shared/schemas/user';

/** A channel outside the app (email, webhook, SMS): it can fail, so the outbox retries it. */
export interface OutsideChannel {
  readonly channel: Extract<NotificationChannel, 'email' | 'webhook' | 'sms'>;
  /** Resolves once the message is accepted; throws with a message free of secrets. */
  send(notification: Notification): Promise<void>;
}

/**
 * A failure that trying again can't fix (a number the provider refuses, credentials it
 * rejects): the outbox marks the delivery failed at once instead of retrying it.
 */
export class PermanentDeliveryError extends Error {
  override readonly name = 'PermanentDeliveryError';
}
