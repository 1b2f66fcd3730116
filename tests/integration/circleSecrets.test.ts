import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../electron/server/server';
import { temporaryFolder } from '../support/dataFolder';
import { eventually } from '../support/eventually';
import { startFakeCircle, type FakeCircle } from '../support/fakeCircle';
import {
  configWith,
  moneyFolder,
  openMoneyCore,
  withoutUndoWindow,
  type MoneyCore,
} from '../support/moneyCore';

/**
 * A Circle that repeats the key it was sent (in its error bodies, headers and URLs), in
 * front of the real core and REST server. Whatever it says, no configured secret and
 * nothing shaped like a Circle key may reach a data file, a REST response, an SSE event
 * or the log.
 */
const API_KEY = 'TEST_API_KEY:5ec7e75ec7e75ec7:0ddba110ddba110d';
const SMTP_PASSWORD = 'smtp-password-not-real-91f3';
/** A key ArcFlux was never given: only its shape can give it away. */
const FOREIGN_KEY = 'LIVE_API_KEY:feedfacefeedface:cafebabecafebabe';
const SECRETS = [
  API_KEY,
  encodeURIComponent(API_KEY),
  '5ec7e75ec7e75ec7:0ddba110ddba110d',
  SMTP_PASSWORD,
  'feedfacefeedface:cafebabecafebabe',
];
const WALLET = '1000216185';
const TOKEN = 'circle-secrets-token-0123456789';
const ALICE_ADDRESS = '0x23560f0e364ccd8b67bee486fe8bf7c01d492ccb';

let circle: FakeCircle;
let money: MoneyCore;
let server: RunningServer;
const folder = moneyFolder();
const staticDir = temporaryFolder('arcflux-static-');
const logLines: string[] = [];
const responses: string[] = [];
const streamed: string[] = [];
let stopStream: () => Promise<void>;

async function api(path: string, body?: unknown) {
  const response = await fetch(new URL(path, server.url), {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  responses.push(`${[...response.headers].join('\n')}\n${text}`);
  return { status: response.status, body: JSON.parse(text) as any };
}

beforeAll(async () => {
  circle = await startFakeCircle({
    apiKey: API_KEY,
    walletId: WALLET,
    balances: { USD: '100.00', EUR: '5.50' },
  });
  circle.recipients.push({
    id: 'rcp-alice',
    address: ALICE_ADDRESS,
    chain: 'ETH',
    status: 'active',
  });
  const configPath = configWith(folder.path, (config) => {
    config.connector = {
      kind: 'circle',
      baseUrl: circle.url,
      apiKey: 'env:CIRCLE_API_KEY',
      walletId: WALLET,
      requestTimeoutMs: 2000,
    };
  });
  money = await openMoneyCore({
    dataDir: folder.path,
    configPath,
    env: { CIRCLE_API_KEY: API_KEY, ARCFLUX_SMTP_PASSWORD: SMTP_PASSWORD },
    log: (line) => logLines.push(line),
  });
  await withoutUndoWindow(money);
  mkdirSync(join(staticDir.path, 'assets'));
  writeFileSync(join(staticDir.path, 'index.html'), '<!doctype html><title>ArcFlux</title>');
  server = await startServer({
    core: money.core,
    host: '127.0.0.1',
    port: 0,
    token: TOKEN,
    launchCode: 'launch-code-0123456789',
    staticDir: staticDir.path,
  });
  const stream = await fetch(new URL('/v1/events', server.url), {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  const reader = stream.body?.getReader();
  const reading = (async () => {
    const decoder = new TextDecoder();
    for (;;) {
      const chunk = await reader?.read();
      if (!chunk || chunk.done) return;
      streamed.push(decoder.decode(chunk.value));
    }
  })();
  stopStream = async () => {
    await reader?.cancel();
    await reading.catch(() => undefined);
  };
});

afterAll(async () => {
  await stopStream?.();
  await server?.close();
  await money?.core.close();
  await circle?.close();
  folder.remove();
  staticDir.remove();
});

/** Every file under the data folder, read as text (binary files too, byte for byte). */
function dataFiles(dir: string): { path: string; text: string }[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory()
      ? dataFiles(path)
      : [{ path, text: readFileSync(path).toString('latin1') }];
  });
}

function leaks(text: string): string[] {
  return SECRETS.filter((secret) => text.includes(secret));
}

describe('a Circle that echoes the API key', () => {
  it('fails a command whose wallet read Circle refuses with a connector error that says what Circle said and what to check', async () => {
    circle.echoCredentials({ path: /^\/v1\/wallets\//, status: 401, extra: FOREIGN_KEY });
    const before = readFileSync(join(folder.path, 'ledger.jsonl'), 'utf8');
    const { status, body } = await api('/v1/commands', { text: 'Pay Alice Chen 2.50 USDC' });
    expect(status).toBe(502);
    expect(body.error.code).toBe('connector_refused');
    expect(body.error.message).toContain(`Circle refused GET /v1/wallets/${WALLET} (HTTP 401)`);
    expect(body.error.message).toContain('Circle said "Invalid credentials Bearer [redacted]');
    expect(body.error.message).toContain('Check the API key in CIRCLE_API_KEY');
    expect(body.error.message).toContain(`the wallet id ${WALLET}`);
    expect(body.error.message).toContain('connector.baseUrl');
    expect(leaks(JSON.stringify(body))).toEqual([]);
    // Refused before anything was recorded.
    expect(readFileSync(join(folder.path, 'ledger.jsonl'), 'utf8')).toBe(before);
  });

  it('records a refused transfer and an unanswered one without the key', async () => {
    circle.echoCredentials(undefined);
    const refused = await api('/v1/commands', { text: 'Pay Alice Chen 3 USDC' });
    const unanswered = await api('/v1/commands', { text: 'Pay Alice Chen 4 USDC' });
    for (const command of [refused, unanswered]) {
      expect(command.body.data.payment).toBeTruthy();
      const id = command.body.data.payment.id;
      if (command.body.data.payment.status === 'pending_confirmation') {
        expect((await api(`/v1/payments/${id}/confirm`, {})).status).toBe(200);
      }
    }
    // The address-book lookup passes; the transfer itself meets the echo.
    circle.echoCredentials({ path: /^\/v1\/transfers$/, status: 400, extra: FOREIGN_KEY });
    money.clock.advance(1_000);
    const tick = await api('/v1/scheduler/tick', {});
    expect(tick.status).toBe(200);
    expect(tick.body.data.failed.length + tick.body.data.executed.length).toBeGreaterThan(0);
    expect(JSON.stringify(tick.body)).toContain('Invalid credentials');
    expect(leaks(JSON.stringify(tick.body))).toEqual([]);
    // A 503 that echoes: the outcome stays unknown, and its note in the journal is clean.
    circle.echoCredentials({ path: /^\/v1\//, status: 503, extra: SMTP_PASSWORD });
    const later = await api('/v1/commands', { text: 'Pay Alice Chen 5 USDC' });
    const laterId = later.body.data.payment.id;
    if (later.body.data.payment.status === 'pending_confirmation') {
      await api(`/v1/payments/${laterId}/confirm`, {});
    }
    money.clock.advance(1_000);
    expect((await api('/v1/scheduler/tick', {})).status).toBe(200);
    // What Circle said is kept (redacted) where the runs are recorded.
    const ledger = readFileSync(join(folder.path, 'ledger.jsonl'), 'utf8');
    expect(ledger).toContain('Invalid credentials');
    expect(ledger).toContain('Bearer [redacted]');
    await eventually(
      () => streamed.join('').includes('event: notification:created'),
      'notifications on the event stream',
    );
  });

  it('leaves no secret in any data file, response, event or log line', async () => {
    circle.echoCredentials(undefined);
    await stopStream();
    const files = dataFiles(folder.path);
    expect(files.map((file) => file.path).join('\n')).toContain('ledger.jsonl');
    for (const file of files)
      expect({ file: file.path, leaks: leaks(file.text) }).toEqual({
        file: file.path,
        leaks: [],
      });
    expect(responses.length).toBeGreaterThan(5);
    expect(leaks(responses.join('\n'))).toEqual([]);
    expect(streamed.join('')).toContain('event: ');
    expect(leaks(streamed.join(''))).toEqual([]);
    expect(leaks(logLines.join('\n'))).toEqual([]);
  });
});
