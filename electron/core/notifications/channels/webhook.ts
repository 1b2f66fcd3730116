import { createHmac } from 'node:crypto';
import type { Notification } from '../../../../shared/schemas/notification';
import type { SystemConfig } from '../../config/systemConfig';
import type { OutsideChannel } from './channel';

type WebhookConfig = SystemConfig['notifications']['webhook'];

/**
 * A JSON POST to the configured URL. With a secret configured, the body is signed
 * (`x-arcflux-signature: sha256=<hex HMAC>`) so the receiver can tell it came from us;
 * the secret itself never leaves this process.
 */
export function webhookChannel(
  config: WebhookConfig,
  env: Readonly<Record<string, string | undefined>>,
  timeoutMs = 10_000,
): OutsideChannel {
  return {
    channel: 'webhook',
    async send(notification: Notification): Promise<void> {
      const body = JSON.stringify({
        id: notification.id,
        createdAt: notification.createdAt,
        userId: notification.userId,
        kind: notification.kind,
        title: notification.title,
        body: notification.body,
        paymentId: notification.paymentId,
      });
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      const secret = config.secret?.resolve(env);
      if (secret) {
        const signature = createHmac('sha256', secret.reveal()).update(body).digest('hex');
        headers['x-arcflux-signature'] = `sha256=${signature}`;
      }
      const response = await fetch(config.url, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.body?.cancel();
      if (!response.ok) throw new Error(`the webhook answered HTTP ${response.status}`);
    },
  };
}
