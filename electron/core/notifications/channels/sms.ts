import type { Notification } from '../../../../shared/schemas/notification';
import { isE164 } from '../../../../shared/schemas/phone';
import type { SmsProvider } from '../sms/smsProvider';
import { smsText } from '../sms/smsText';
import { PermanentDeliveryError, type OutsideChannel } from './channel';

/**
 * Text messages through an SMS provider. A provider's refusal (an invalid number, bad
 * credentials) ends the delivery at once; an outage or a rate limit is retried by the
 * outbox like any other channel.
 */
export function smsChannel(
  provider: SmsProvider,
  phoneOf: (userId: string) => string | undefined,
): OutsideChannel {
  return {
    channel: 'sms',
    async send(notification: Notification): Promise<void> {
      const to = phoneOf(notification.userId);
      if (!to || !isE164(to)) {
        throw new PermanentDeliveryError(
          `user ${notification.userId} has no E.164 phone number (such as +15550100) to text`,
        );
      }
      const result = await provider.send({ to, body: smsText(notification) });
      if (result.ok) return;
      const message = `SMS ${result.code}: ${result.detail}`;
      throw result.retryable ? new Error(message) : new PermanentDeliveryError(message);
    },
  };
}
