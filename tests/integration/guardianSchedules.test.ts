import { describe, expect, it } from 'vitest';
import { useMoneyServer } from '../support/moneyServer';

/**
 * The Guardian over a schedule's horizon, through the REST door as the browser uses it:
 * the seed gives user1 5,000 USDC, limits of 15,000 a day and 50,000 a month, and the
 * manual clock starts on Monday, Nov 2, 9:00 AM in New York.
 */
const rest = useMoneyServer('guardian-schedules-token-0123456789');

function ruleNamed(body: any, name: string) {
  return body.data.decision.rules.find((rule: any) => rule.name === name);
}

describe('the Guardian sees the schedule, not just the first run', () => {
  it('names the run that uses up the balance and the month over the limit, and asks', async () => {
    const { status, body } = await rest.api('/v1/commands', {
      text: 'Pay User Two 2000 USDC every day',
    });
    expect(status).toBe(200);
    expect(body.data.decision.outcome).not.toBe('approved');
    expect(body.data.payment.status).toBe('pending_confirmation');
    // 5,000 - 3 × 2,000: the third run is the one that overdraws.
    const exhausts = ruleNamed(body, 'schedule_exhausts_balance');
    expect(exhausts).toMatchObject({
      level: 'danger',
      figures: { currency: 'USDC', run: 3, amount: '-1000', at: expect.any(String) },
    });
    expect(exhausts.explanation).toContain('-1,000.00 USDC');
    // November's 28 runs from the 3rd (9:00 today has just passed) make 56,000, over 50,000.
    expect(ruleNamed(body, 'schedule_monthly_limit')).toMatchObject({
      level: 'danger',
      figures: { currency: 'USDC', period: '2026-11', amount: '56000', limit: '50000' },
    });
    // The confirmation dialog reads the same findings back.
    const readBack = body.data.proposal.readBack.rules.map((rule: any) => rule.name);
    expect(readBack).toEqual(expect.arrayContaining(['schedule_exhausts_balance']));
  });

  it('never adds another currency to the balance or the limits', async () => {
    const euro = await rest.api('/v1/commands', { text: 'Pay Alice Chen 900 EURC every day' });
    const confirmed = await rest.api(`/v1/payments/${euro.body.data.payment.id}/confirm`, {});
    expect(confirmed.body.data.payment.status).toBe('scheduled');
    const { body } = await rest.api('/v1/commands', { text: 'Pay User Two 1000 USDC every day' });
    // 5,000 USDC lasts five runs whatever leaves in EURC.
    expect(ruleNamed(body, 'schedule_exhausts_balance').figures).toMatchObject({
      currency: 'USDC',
      run: 6,
      amount: '-1000',
    });
    // 28,000 USDC in November; with the 25,200 EURC it would pass the 50,000 limit.
    expect(body.data.decision.rules.map((rule: any) => rule.name)).not.toContain(
      'schedule_monthly_limit',
    );
  });

  it('refuses "every second" by default: recorded as denied, nothing scheduled', async () => {
    const { status, body } = await rest.api('/v1/commands', {
      text: 'Pay User Two 1 USDC every second',
    });
    expect(status).toBe(200);
    expect(body.data.decision.outcome).toBe('denied');
    expect(ruleNamed(body, 'schedule_too_frequent')).toMatchObject({
      level: 'forbidden',
      figures: { intervalSeconds: 1, minimumIntervalSeconds: 3600 },
    });
    expect(body.data.decision.reply).toContain('at most once every hour');
    expect(body.data.payment).toMatchObject({ status: 'denied', nextRunAt: null });
    expect(body.data.proposal).toBeNull();
  });

  it('allows a faster schedule once the user lowers the minimum in Settings', async () => {
    const settings = (await rest.api('/v1/settings')).body.data;
    expect(settings.guardian.minimumIntervalSeconds).toBe(3600);
    const saved = await rest.patch('/v1/settings', {
      guardian: { ...settings.guardian, minimumIntervalSeconds: 1 },
    });
    expect(saved.body.data.guardian.minimumIntervalSeconds).toBe(1);
    const { body } = await rest.api('/v1/commands', { text: 'Pay User Two 1 USDC every second' });
    expect(ruleNamed(body, 'schedule_too_frequent')).toBeUndefined();
    expect(body.data.decision.outcome).toBe('needs_confirmation');
  });

  it('refuses a minimum interval that is not a whole number of seconds from 1', async () => {
    const settings = (await rest.api('/v1/settings')).body.data;
    const before = rest.snapshot();
    const refused = await rest.patch('/v1/settings', {
      guardian: { ...settings.guardian, minimumIntervalSeconds: 0 },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('minimumIntervalSeconds');
    expect(rest.snapshot()).toEqual(before);
  });
});
