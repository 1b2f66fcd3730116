import { describe, expect, it } from 'vitest';
import { patchFrom, draftFrom } from '../../../renderer/src/components/settings/settingsDraft';
import { placeIssues } from '../../../renderer/src/format/fieldErrors';
import { followUpQuestions, replaceWords } from '../../../renderer/src/format/followUp';
import { dayInZone, nextDay, startOfDayInZone } from '../../../renderer/src/format/zonedTime';
import { csvRecord, quote } from '../../../shared/csv';
import { positiveAmountSchema } from '../../../shared/money';
import type { PaymentIntent } from '../../../shared/schemas/intent';
import { sampleSettings } from '../../support/samples';

describe('CSV export', () => {
  it('quotes only what needs quoting, doubling quotes', () => {
    expect(quote('plain')).toBe('plain');
    expect(quote('a,b')).toBe('"a,b"');
    expect(quote('say "hi"')).toBe('"say ""hi"""');
    expect(quote('two\nlines')).toBe('"two\nlines"');
  });

  it('defuses formulas and ends each record with CRLF', () => {
    expect(csvRecord(['0.000001', '=HYPERLINK("x")', 'Pay, quickly', '+1', ''])).toBe(
      `0.000001,"'=HYPERLINK(""x"")","Pay, quickly",'+1,\r\n`,
    );
  });
});

describe('dates in the user zone', () => {
  it('finds the UTC start of a local day, across daylight-saving changes', () => {
    expect(startOfDayInZone('2026-11-27', 'America/New_York')).toBe('2026-11-27T05:00:00.000Z');
    expect(startOfDayInZone('2026-07-01', 'America/New_York')).toBe('2026-07-01T04:00:00.000Z');
    expect(startOfDayInZone('2026-03-08', 'America/New_York')).toBe('2026-03-08T05:00:00.000Z');
    expect(startOfDayInZone('2026-11-27', 'Asia/Kolkata')).toBe('2026-11-26T18:30:00.000Z');
    expect(startOfDayInZone('2026-11-27', 'UTC')).toBe('2026-11-27T00:00:00.000Z');
    expect(() => startOfDayInZone('27/11/2026', 'UTC')).toThrow(RangeError);
  });

  it('steps days and reads the day of an instant', () => {
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
    expect(nextDay('2028-02-28')).toBe('2028-02-29');
    expect(dayInZone('2026-11-27T03:00:00.000Z', 'America/New_York')).toBe('2026-11-26');
  });
});

describe("the core's field issues", () => {
  const paths = ['timezone', 'notificationChannels', 'guardian.limits.daily'];

  it('places each issue beside its field from its path, whatever the message says', () => {
    const { fields, rest } = placeIssues(
      {
        message: 'Some summary in any words.',
        issues: [
          { path: ['timezone'], code: 'invalid_format', message: 'Must be an IANA zone.' },
          {
            path: ['guardian', 'limits', 'daily'],
            code: 'daily_below_per_payment',
            message: 'Must be at least the largest single payment (500).',
          },
          // A second issue on the same field: the first one shows.
          { path: ['timezone'], code: 'invalid', message: 'Second.' },
          // A list entry shows beside its list.
          { path: ['notificationChannels', 0], code: 'invalid_choice', message: 'Choose one.' },
        ],
      },
      paths,
    );
    expect(fields).toEqual({
      timezone: 'Must be an IANA zone.',
      'guardian.limits.daily': 'Must be at least the largest single payment (500).',
      notificationChannels: 'Choose one.',
    });
    expect(rest).toEqual([]);
  });

  it('keeps what it cannot place, and an error without issues whole', () => {
    expect(placeIssues({ message: 'The data folder is locked.' }, paths)).toEqual({
      fields: {},
      rest: ['The data folder is locked.'],
    });
    const unknown = placeIssues(
      {
        message: 'Invalid input.',
        issues: [{ path: ['theme'], code: 'unknown_field', message: 'There is no field "theme".' }],
      },
      paths,
    );
    expect(unknown).toEqual({ fields: {}, rest: ['theme: There is no field "theme".'] });
  });
});

describe('follow-up questions', () => {
  const intent = (fields: Partial<PaymentIntent>): PaymentIntent => ({
    kind: 'payment',
    amount: null,
    currency: null,
    recipient: { text: '', userId: null },
    schedule: { kind: 'once', runAt: null },
    problems: [],
    ...fields,
  });
  const names: Record<string, string> = { user6: 'Alex Kim', user7: 'Alex Rivera' };
  const nameOf = (id: string) => names[id] ?? id;

  it('asks one question per problem', () => {
    expect(
      followUpQuestions(intent({ problems: ['missing_amount', 'missing_recipient'] }), nameOf),
    ).toEqual(['How much should I send?', 'Who should I pay?']);
    expect(
      followUpQuestions(
        intent({
          recipient: { text: 'alex', userId: null, candidates: ['user6', 'user7'] },
          problems: ['ambiguous_recipient'],
        }),
        nameOf,
      ),
    ).toEqual(['Which “alex” do you mean: Alex Kim or Alex Rivera?']);
    expect(followUpQuestions(intent({ problems: ['unsupported_currency'] }), nameOf)).toEqual([
      'ArcFlux sends USDC or EURC. Which one should I use?',
    ]);
  });

  it('puts a picked name where the unclear words were', () => {
    expect(replaceWords('Pay alex 20', 'alex', 'Alex Kim')).toBe('Pay Alex Kim 20');
    expect(replaceWords('Pay ALEX 20', 'alex', 'Alex Kim')).toBe('Pay Alex Kim 20');
    expect(replaceWords('Pay 20', 'alex', 'Alex Kim')).toBe('Pay 20');
  });
});

describe('settings form', () => {
  it('sends only the fields that changed, the Guardian policy whole', () => {
    const settings = sampleSettings();
    expect(patchFrom(settings, draftFrom(settings))).toEqual({});
    const patch = patchFrom(settings, {
      ...draftFrom(settings),
      daily: ' 20000 ',
      timezone: 'Europe/Paris',
    });
    expect(patch).toEqual({
      timezone: 'Europe/Paris',
      guardian: { ...settings.guardian, limits: { ...settings.guardian.limits, daily: '20000' } },
    });
  });

  it('sends a score that is no number as typed, for the core to refuse with the rest', () => {
    const settings = sampleSettings();
    const patch = patchFrom(settings, { ...draftFrom(settings), flagScore: ' high ' });
    expect(patch.guardian?.flagScore).toBe('high');
    expect(
      patchFrom(settings, { ...draftFrom(settings), confirmScore: '' }).guardian,
    ).toMatchObject({ confirmScore: '' });
  });
});

describe('positive amounts', () => {
  it('reports text that is not an amount instead of throwing', () => {
    const parsed = positiveAmountSchema.safeParse('abc');
    expect(parsed.success).toBe(false);
    expect(positiveAmountSchema.safeParse('0').success).toBe(false);
    expect(positiveAmountSchema.safeParse('0.5').success).toBe(true);
  });
});
