import { describe, expect, it } from 'vitest';
import { checkInput, summariseIssues } from '../../../../electron/core/validation/issues';
import { contract, METHOD_NAMES } from '../../../../shared/contract';
import { errorBodySchema, ISSUE_CODES } from '../../../../shared/errors';
import { settingsPatchSchema, settingsSchema } from '../../../../shared/schemas/settings';
import { sampleSettings } from '../../../support/samples';

/** zod's own wording, which must never reach a person. */
const ZOD_WORDING = /invalid input|expected|received|too (small|big)|invalid (string|option|enum)/i;

const guardian = sampleSettings().guardian;

function issuesOf(input: unknown) {
  const checked = checkInput(settingsPatchSchema, input);
  if (checked.ok) throw new Error('the input was accepted');
  return checked.issues;
}

describe('structured input issues', () => {
  it('lists all 8 bad values at once, each with its path, our code and plain words', () => {
    const issues = issuesOf({
      timezone: 'Mars/Olympus',
      missedRunPolicy: 'sometimes',
      guardian: {
        confirmAbove: '-5',
        confirmScore: 'high',
        flagScore: 2,
        limits: { perPayment: '0', daily: 'lots', monthly: '50000' },
        proposalTtlSeconds: 5,
      },
    });
    expect(issues.map((issue) => [issue.path.join('.'), issue.code])).toEqual([
      ['timezone', 'invalid_format'],
      ['missedRunPolicy', 'invalid_choice'],
      ['guardian.confirmAbove', 'invalid_format'],
      ['guardian.confirmScore', 'wrong_type'],
      ['guardian.flagScore', 'too_large'],
      ['guardian.limits.perPayment', 'too_small'],
      ['guardian.limits.daily', 'invalid_format'],
      ['guardian.proposalTtlSeconds', 'too_small'],
    ]);
    for (const issue of issues) {
      expect(issue.message, issue.path.join('.')).toMatch(/^[A-Z][^]*\.$/);
      expect(issue.message, issue.path.join('.')).not.toMatch(ZOD_WORDING);
    }
    const byPath = Object.fromEntries(issues.map((issue) => [issue.path.join('.'), issue.message]));
    expect(byPath).toMatchObject({
      missedRunPolicy: 'Choose one of "ask", "catch_up", "skip".',
      'guardian.confirmScore': 'Enter a number.',
      'guardian.flagScore': 'Enter 1 or less.',
      'guardian.limits.perPayment': 'Must be greater than zero.',
      'guardian.proposalTtlSeconds': 'Enter 30 or more.',
    });
    // The whole answer crosses a door as the contract's error body.
    const body = errorBodySchema.parse({
      code: 'invalid_input',
      message: summariseIssues('settings:update', issues),
      issues,
    });
    expect(body.message).toMatch(/^Invalid input for settings:update \(8 values need a change\)/);
    for (const issue of issues) expect(body.message).toContain(`"${issue.path.join('.')}"`);
  });

  it('says "required" for a missing value and "whole number" for a fraction', () => {
    const issues = issuesOf({
      guardian: { ...guardian, proposalTtlSeconds: 60.5, confirmScore: undefined },
    });
    expect(issues).toEqual([
      { path: ['guardian', 'confirmScore'], code: 'required', message: 'This is required.' },
      {
        path: ['guardian', 'proposalTtlSeconds'],
        code: 'not_whole_number',
        message: 'Enter a whole number.',
      },
    ]);
  });

  it('names each unknown field on its own path', () => {
    expect(issuesOf({ theme: 'dark', guardian: { ...guardian, colour: 'red' } })).toEqual([
      {
        path: ['guardian', 'colour'],
        code: 'unknown_field',
        message: 'There is no field "colour" here; remove it.',
      },
      {
        path: ['theme'],
        code: 'unknown_field',
        message: 'There is no field "theme" here; remove it.',
      },
    ]);
  });

  it('uses only codes from the contract', () => {
    const issues = issuesOf({
      actingUserId: 'not an id',
      notificationChannels: ['pigeon'],
      guardian: { ...guardian, flagScore: 0.1 },
    });
    expect(issues.length).toBe(3);
    for (const issue of issues) expect(ISSUE_CODES).toContain(issue.code);
  });
});

describe('contradictory limits', () => {
  it('refuses a daily limit below the per-payment limit and a monthly below the daily', () => {
    const issues = issuesOf({
      guardian: { ...guardian, limits: { perPayment: '500', daily: '200', monthly: '100' } },
    });
    expect(issues).toEqual([
      {
        path: ['guardian', 'limits', 'daily'],
        code: 'daily_below_per_payment',
        message: expect.stringContaining('at least the largest single payment (500)'),
      },
      {
        path: ['guardian', 'limits', 'monthly'],
        code: 'monthly_below_daily',
        message: expect.stringContaining('at least the daily limit (200)'),
      },
    ]);
  });

  it('reports them together with every other bad field, not in a later round', () => {
    const issues = issuesOf({
      timezone: 'Nowhere',
      guardian: {
        ...guardian,
        confirmScore: 0.9,
        flagScore: 0.5,
        proposalTtlSeconds: 'soon',
        limits: { perPayment: '500', daily: '200', monthly: '1000' },
      },
    });
    expect(issues.map((issue) => issue.code)).toEqual([
      'invalid_format',
      'wrong_type',
      'flag_below_confirm_score',
      'daily_below_per_payment',
    ]);
  });

  it('accepts equal limits, and a confirmation amount above the per-payment limit', () => {
    const limits = { perPayment: '500', daily: '500', monthly: '500' };
    expect(checkInput(settingsPatchSchema, { guardian: { ...guardian, limits } }).ok).toBe(true);
    // Not a contradiction: it only means the amount alone never asks (larger is refused).
    const confirmAbove = { ...guardian, confirmAbove: '900', limits };
    expect(checkInput(settingsPatchSchema, { guardian: confirmAbove }).ok).toBe(true);
  });

  it('still loads settings saved with contradictory limits, so no data folder is bricked', () => {
    const saved = sampleSettings();
    saved.guardian.limits = { perPayment: '500', daily: '200', monthly: '100' };
    expect(settingsSchema.safeParse(saved).success).toBe(true);
  });
});

describe('every method refuses odd values in words, never by throwing', () => {
  const odd: unknown[] = [null, 'x', -1, 1.5, true, [], {}, [null], { nested: null }];
  it('answers each top-level field of each input set to null, a string, a number, a list or an object', () => {
    let checked = 0;
    for (const name of METHOD_NAMES) {
      const schema = contract[name].input;
      const fields = 'shape' in schema ? Object.keys(schema.shape as object) : [];
      for (const value of odd) {
        for (const input of [value, ...fields.map((field) => ({ [field]: value }))]) {
          let result: ReturnType<typeof checkInput> | undefined;
          expect(
            () => {
              result = checkInput(schema, input);
            },
            `${name} ${JSON.stringify(input)}`,
          ).not.toThrow();
          if (result && !result.ok) {
            for (const issue of result.issues) {
              expect(issue.message).not.toMatch(ZOD_WORDING);
              expect(ISSUE_CODES).toContain(issue.code);
            }
          }
          checked += 1;
        }
      }
    }
    // Every method, and each of their fields: a schema added later is covered as well.
    expect(checked).toBeGreaterThan(METHOD_NAMES.length * odd.length);
  });

  it('says what is wrong with a Guardian policy given as null, where it once threw', () => {
    expect(issuesOf({ guardian: null })).toEqual([
      expect.objectContaining({ path: ['guardian'], code: 'wrong_type' }),
    ]);
  });
});
