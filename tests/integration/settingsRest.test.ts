import { describe, expect, it } from 'vitest';
import { ISSUE_CODES } from '../../shared/errors';
import { useMoneyServer } from '../support/moneyServer';

const door = useMoneyServer('settings-rest-token-0123456789');

async function patchSettings(body: unknown) {
  const response = await fetch(new URL('/v1/settings', door.server.url), {
    method: 'PATCH',
    headers: { authorization: `Bearer ${door.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as any };
}

describe('PATCH /v1/settings over REST', () => {
  it('answers several bad values with every issue and its path at once, and changes nothing', async () => {
    const { guardian } = (await door.api('/v1/settings')).body.data;
    const before = door.snapshot();
    const refused = await patchSettings({
      timezone: 'Mars/Olympus',
      defaultRunTime: '9am',
      missedRunPolicy: 'whenever',
      notificationChannels: ['pigeon'],
      guardian: {
        ...guardian,
        confirmAbove: 'five',
        confirmScore: '0.5',
        flagScore: -1,
        proposalTtlSeconds: 1_000_000,
      },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('invalid_input');
    expect(
      refused.body.error.issues.map((issue: { path: unknown[]; code: string }) => [
        issue.path.join('.'),
        issue.code,
      ]),
    ).toEqual([
      ['timezone', 'invalid_format'],
      ['defaultRunTime', 'invalid_format'],
      ['missedRunPolicy', 'invalid_choice'],
      ['guardian.confirmAbove', 'invalid_format'],
      ['guardian.confirmScore', 'wrong_type'],
      ['guardian.flagScore', 'too_small'],
      ['guardian.proposalTtlSeconds', 'too_large'],
      ['notificationChannels.0', 'invalid_choice'],
    ]);
    for (const issue of refused.body.error.issues) {
      expect(ISSUE_CODES).toContain(issue.code);
      expect(issue.message).not.toMatch(/invalid input|expected|received|too (small|big)/i);
    }
    expect(refused.body.error.message).toContain('8 values need a change');
    expect(door.snapshot()).toEqual(before);
  });

  it('refuses contradictory limits with the code and the path of the field to change', async () => {
    const { guardian } = (await door.api('/v1/settings')).body.data;
    const before = door.snapshot();
    const refused = await patchSettings({
      guardian: { ...guardian, limits: { perPayment: '1000', daily: '800', monthly: '500' } },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.issues).toEqual([
      {
        path: ['guardian', 'limits', 'daily'],
        code: 'daily_below_per_payment',
        message: expect.stringContaining('largest single payment (1000)'),
      },
      {
        path: ['guardian', 'limits', 'monthly'],
        code: 'monthly_below_daily',
        message: expect.stringContaining('daily limit (800)'),
      },
    ]);
    expect(door.snapshot()).toEqual(before);

    // The same limits in a consistent order are saved.
    const saved = await patchSettings({
      guardian: { ...guardian, limits: { perPayment: '500', daily: '800', monthly: '1000' } },
    });
    expect(saved.status).toBe(200);
    expect(saved.body.data.guardian.limits).toEqual({
      perPayment: '500',
      daily: '800',
      monthly: '1000',
    });
  });

  it('names an unknown acting user as an issue on its field', async () => {
    const refused = await patchSettings({ actingUserId: 'user99' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.issues).toEqual([
      { path: ['actingUserId'], code: 'invalid_choice', message: expect.any(String) },
    ]);
  });
});
