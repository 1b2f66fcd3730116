import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../electron/server/server';
import { temporaryFolder } from '../support/dataFolder';
import { moneyFolder, openMoneyCore, type MoneyCore } from '../support/moneyCore';

const token = 'proposals-token-0123456789';
const folder = moneyFolder();
const staticDir = temporaryFolder('arcflux-static-');
let money: MoneyCore;
let server: RunningServer;

beforeAll(async () => {
  mkdirSync(join(staticDir.path, 'assets'));
  writeFileSync(join(staticDir.path, 'index.html'), '<!doctype html><title>ArcFlux</title>');
  money = await openMoneyCore({ dataDir: folder.path });
  server = await startServer({
    core: money.core,
    host: '127.0.0.1',
    port: 0,
    token,
    launchCode: 'launch-code-0123456789',
    staticDir: staticDir.path,
  });
});

afterAll(async () => {
  await server.close();
  await money.core.close();
  folder.remove();
  staticDir.remove();
});

async function api(path: string, body?: unknown) {
  const response = await fetch(new URL(path, server.url), {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: (await response.json()) as any };
}

function snapshot(): Record<string, string> {
  return Object.fromEntries(
    readdirSync(folder.path)
      .filter((name) => /\.(json|jsonl)$/.test(name))
      .map((name) => [name, readFileSync(join(folder.path, name), 'utf8')]),
  );
}

describe('proposals:get over REST', () => {
  it('reads back the proposal another door made, without changing anything', async () => {
    const command = await api('/v1/commands', { text: 'Pay User Two 120 USDC every Friday' });
    expect(command.status).toBe(200);
    const { payment, proposal, decision } = command.body.data;
    expect(proposal).toMatchObject({ status: 'pending' });

    const before = snapshot();
    const read = await api(`/v1/payments/${payment.id}/proposal`);
    expect(read.status).toBe(200);
    expect(read.body.data.payment).toEqual(payment);
    expect(read.body.data.proposal).toEqual(proposal);
    expect(read.body.data.decision).toMatchObject({
      outcome: decision.outcome,
      score: decision.score,
      rules: decision.rules,
      reply: proposal.readBack.sentence,
    });
    expect(snapshot()).toEqual(before);

    const cancelled = await api(`/v1/payments/${payment.id}/cancel`, {});
    expect(cancelled.status).toBe(200);
    const after = await api(`/v1/payments/${payment.id}/proposal`);
    expect(after.body.data.proposal).toMatchObject({ id: proposal.id, status: 'cancelled' });
    expect(after.body.data.payment.status).toBe('cancelled');
  });

  it('says clearly when there is no such payment, or it never needed a confirmation', async () => {
    const missing = await api('/v1/payments/pay_nothing_here/proposal');
    expect(missing).toMatchObject({
      status: 404,
      body: { ok: false, error: { code: 'not_found' } },
    });

    // Once one payment to User Two went through, a small one runs without a proposal.
    const first = await api('/v1/commands', { text: 'Pay User Two 1 USDC' });
    await api(`/v1/payments/${first.body.data.payment.id}/confirm`, {});
    expect((await api('/v1/scheduler/tick', {})).status).toBe(200);
    const direct = await api('/v1/commands', { text: 'Pay User Two 1 USDC' });
    expect(direct.body.data.proposal).toBeNull();
    const none = await api(`/v1/payments/${direct.body.data.payment.id}/proposal`);
    expect(none).toMatchObject({
      status: 404,
      body: { error: { code: 'not_found', message: expect.stringContaining('no proposal') } },
    });
  });
});
