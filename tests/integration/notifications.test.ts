import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Notification } from '../../shared/schemas/notification';
import { readLedgerFiles } from '../support/ledgerFiles';
import { join } from 'node:path';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually';
import { configWith, moneyFolder, openMoneyCore, withoutUndoWindow } from '../support/moneyCore';

/** A real SMTP server on loopback that keeps every message it accepts. */
let smtp: SMTPServer;
let smtpPort = 0;
const mails: { from: string; to: string[]; text: string }[] = [];
/** A webhook receiver that can be told to fail. */
let hooks: Server;
let hookPort = 0;
let hookStatus = 200;
const posts: { body: string; signature: string | undefined }[] = [];
const WEBHOOK_SECRET = 'webhook-secret-not-for-logs';

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((recipient) => recipient.address),
          text: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpPort = (smtp.server.address() as AddressInfo).port;
  hooks = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      posts.push({
        body: Buffer.concat(chunks).toString('utf8'),
        signature: request.headers['x-arcflux-signature'] as string | undefined,
      });
      response.writeHead(hookStatus).end();
    });
  });
  await new Promise<void>((resolve) => hooks.listen(0, '127.0.0.1', resolve));
  hookPort = (hooks.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await new Promise<void>((resolve) => hooks.close(() => resolve()));
});

function configFor(folder: string) {
  return configWith(folder, (config) => {
    config.notifications.email = {
      enabled: true,
      host: '127.0.0.1',
      port: smtpPort,
      secure: false,
      from: 'arcflux@localhost.localdomain',
    };
    config.notifications.webhook = {
      enabled: true,
      url: `http://127.0.0.1:${hookPort}/arcflux`,
      secret: 'env:ARCFLUX_WEBHOOK_SECRET',
    };
  });
}

describe('notification channels', () => {
  it('emails over real SMTP, posts a signed webhook, and keeps both in the outbox', async () => {
    const folder = moneyFolder();
    const lines: string[] = [];
    const money = await openMoneyCore({
      dataDir: folder.path,
      configPath: configFor(folder.path),
      env: { ARCFLUX_WEBHOOK_SECRET: WEBHOOK_SECRET },
      log: (line) => lines.push(line),
    });
    const desktop: string[] = [];
    money.core.on('notification:desktop', ({ notification }) => desktop.push(notification.kind));
    try {
      mails.length = 0;
      posts.length = 0;
      const result = await money.call('commands:run', { text: 'Pay Bob 20 USDC' });
      expect(result.decision.outcome).toBe('needs_confirmation');
      await eventually(
        () => mails.length === 1 && posts.length === 1,
        'the e-mail and the webhook post',
      );
      expect(mails[0]).toMatchObject({
        from: 'arcflux@localhost.localdomain',
        to: ['user.one@example.com'],
      });
      expect(mails[0]?.text).toContain('Subject: ArcFlux: Confirm 20.00 USDC to Bob Martinez');
      const post = posts[0];
      const body = JSON.parse(post?.body ?? '{}');
      expect(body).toMatchObject({ kind: 'needs_confirmation', paymentId: result.payment?.id });
      const expected = createHmac('sha256', WEBHOOK_SECRET)
        .update(post?.body ?? '')
        .digest('hex');
      expect(post?.signature).toBe(`sha256=${expected}`);
      expect(desktop).toEqual(['needs_confirmation']);
      // The outbox keeps the notification with each outside delivery marked sent.
      await eventually(() => {
        const latest = outbox(folder.path).get(body.id);
        return latest?.deliveries?.every((delivery) => delivery.status === 'sent') ?? false;
      }, 'every delivery marked sent in the outbox');
      expect(
        outbox(folder.path)
          .get(body.id)
          ?.deliveries?.map((delivery) => delivery.channel),
      ).toEqual(['email', 'webhook']);
      expect(lines.join('\n')).not.toContain(WEBHOOK_SECRET);
      for (const file of ['ledger.json', 'ledger.jsonl']) {
        expect(readFileSync(join(folder.path, file), 'utf8')).not.toContain(WEBHOOK_SECRET);
      }
    } finally {
      await money.core.close();
      folder.remove();
    }
  });

  it('a failing channel never breaks the money path; the outbox retries it later', async () => {
    const folder = moneyFolder();
    const lines: string[] = [];
    const money = await openMoneyCore({
      dataDir: folder.path,
      configPath: configFor(folder.path),
      env: { ARCFLUX_WEBHOOK_SECRET: WEBHOOK_SECRET },
      log: (line) => lines.push(line),
    });
    try {
      posts.length = 0;
      hookStatus = 500;
      // About the channels, so the payment runs at the first tick.
      await withoutUndoWindow(money);
      const result = await money.call('commands:run', { text: 'Pay Bob 20 USDC' });
      expect(result.proposal).not.toBeNull();
      await eventually(() => posts.length === 1, 'the first webhook post');
      await money.call('payments:confirm', { id: result.payment?.id ?? '' });
      // The webhook is down, yet the payment is made.
      expect((await money.call('scheduler:tick', {})).executed).toHaveLength(1);
      hookStatus = 200;
      money.clock.advance(10 * 60 * 1000);
      await money.call('scheduler:tick', {});
      await eventually(
        () =>
          posts.some((entry) => JSON.parse(entry.body).kind === 'needs_confirmation') &&
          posts.length >= 3,
        'the retried webhook posts',
      );
      const kinds = posts.map((entry) => JSON.parse(entry.body).kind);
      expect(kinds.filter((kind) => kind === 'needs_confirmation')).toHaveLength(2);
      expect(kinds).toContain('executed');
    } finally {
      await money.core.close();
      folder.remove();
    }
  });
});

/** The outbox folded to the latest line per notification. */
function outbox(dataDir: string): Map<string, Notification> {
  const latest = new Map<string, Notification>();
  for (const entry of readLedgerFiles(dataDir).notifications) latest.set(entry.id, entry);
  return latest;
}
