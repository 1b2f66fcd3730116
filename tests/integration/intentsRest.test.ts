import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../electron/core/createCore';
import { startServer, type RunningServer } from '../../electron/server/server';
import { samplePayment, seededDataFolder, temporaryFolder } from '../support/dataFolder';

const token = 'test-token-intents-0123456789';
const folder = seededDataFolder({
  payments: [
    samplePayment('pay_weekly', {
      amount: '120',
      status: 'scheduled',
      riskAssessmentId: null,
      schedule: {
        kind: 'recurring',
        rrule: 'FREQ=WEEKLY;BYDAY=FR',
        firstRun: '2026-12-04T14:00:00.000Z',
        timezone: 'America/New_York',
      },
      nextRunAt: '2026-12-04T14:00:00.000Z',
    }),
  ],
});
const staticDir = temporaryFolder('arcflux-static-');
let core: Core;
let server: RunningServer;

async function post(path: string, body: unknown) {
  const response = await fetch(new URL(path, server.url), {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as any };
}

beforeAll(async () => {
  core = await openCore({
    dataDir: folder.path,
    owner: 'the intents REST test',
    clock: { now: () => new Date('2026-11-27T15:00:00.000Z') },
  });
  server = await startServer({
    core,
    host: '127.0.0.1',
    port: 0,
    token,
    launchCode: 'launch-code-intents-0123',
    staticDir: staticDir.path,
  });
});

afterAll(async () => {
  await server.close();
  await core.close();
  folder.remove();
  staticDir.remove();
});

describe('intents over REST', () => {
  it('POST /v1/intents/parse returns the intent and the engine that produced it', async () => {
    const { status, body } = await post('/v1/intents/parse', {
      text: 'Pay user 2, $120, every Friday.',
    });
    expect(status).toBe(200);
    expect(body.data).toMatchObject({
      engine: 'rules',
      intent: {
        kind: 'payment',
        amount: '120',
        schedule: { rrule: 'FREQ=WEEKLY;BYDAY=FR', firstRun: '2026-12-04T14:00:00.000Z' },
      },
    });
  });

  it('POST /v1/intents/respond answers a question with facts from the ledger', async () => {
    const { body } = await post('/v1/intents/respond', { text: 'show upcoming payments' });
    expect(body.data).toMatchObject({
      route: 'query',
      reply: {
        facts: { topic: 'upcoming', occurrences: [{ paymentId: 'pay_weekly' }, {}, {}, {}] },
      },
    });
  });

  it('refuses the llm engine with 503 when no model is present', async () => {
    const { status, body } = await post('/v1/intents/parse', { text: 'yes', engine: 'llm' });
    expect(status).toBe(503);
    expect(body.error).toMatchObject({ code: 'unavailable' });
    expect(body.error.message).toContain('no local language model can run');
  });

  it('validates the input like every door', async () => {
    const { status, body } = await post('/v1/intents/parse', {
      text: 'yes',
      timezone: 'Nowhere/Land',
    });
    expect(status).toBe(400);
    expect(body.error.message).toContain('"timezone"');
  });
});
