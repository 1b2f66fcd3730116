import nodemailer from 'nodemailer';
import type { Notification } from '../../../../shared/schemas/notification';
import type { SystemConfig } from '../../config/systemConfig';
import type { OutsideChannel } from './channel';

type EmailConfig = SystemConfig['notifications']['email'];

/**
 * Email over SMTP with nodemailer. The password is read from its `env:` variable only
 * when a message is sent, and only ever reaches nodemailer's auth option.
 */
export function emailChannel(
  config: EmailConfig,
  env: Readonly<Record<string, string | undefined>>,
  addressOf: (userId: string) => string | undefined,
): OutsideChannel {
  return {
    channel: 'email',
    async send(notification: Notification): Promise<void> {
      const to = addressOf(notification.userId);
      if (!to) throw new Error(`user ${notification.userId} has no email address`);
      const password = config.password?.resolve(env);
      const transport = nodemailer.createTransport({
        host: config.host,
        port: config.port,
        secure: config.secure,
        ...(config.username && password
          ? { auth: { user: config.username, pass: password.reveal() } }
          : {}),
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 20_000,
        // Loopback test servers and local relays have no certificate to verify against.
        ...(config.secure ? {} : { ignoreTLS: true }),
      });
      try {
        await transport.sendMail({
          from: config.from,
          to,
          subject: `ArcFlux: ${notification.title}`,
          text: notification.body,
        });
      } finally {
        transport.close();
      }
    },
  };
}
