import { describe, expect, it } from 'vitest';
import { patchFrom, draftFrom } from '../../../renderer/src/components/settings/settingsDraft';
import { paymentsToCsv, quote } from '../../../renderer/src/format/csv';
import { splitFieldErrors } from '../../../renderer/src/format/fieldErrors';
import { followUpQuestions, replaceWords } from '../../../renderer/src/format/followUp';
import { dayInZone, nextDay, startOfDayInZone } from '../../../renderer/src/format/zonedTime';
import { positiveAmountSchema } from '../../../shared/money';
import type { PaymentIntent } from '../../../shared/schemas/intent';
import { samplePayment, sampleSettings } from '../../support/samples';

describe('CSV export', () => {
  it('quotes only what needs quoting, doubling quotes', () => {
    expect(quote('plain')).toBe('plain');
    expect(quote('a,b')).toBe('"a,b"');
    expect(quote('say "hi"')).toBe('"say ""hi"""');
    expect(quote('two\nlines')).toBe('"two\nlines"');
  });

  it('writes exact decimal amounts, ISO instants and defuses formulas', () => {
    const csv = paymentsToCsv(
      [
        samplePayment('pay_1', {
          amount: '0.000001',
          memo: '=HYPERLINK("x")',
          sourceText: 'Pay, quickly',
          nextRunAt: '2026-12-01T14:00:00.000Z',
          status: 'scheduled',
          paused: true,
        }),
      ],
      { user2: 'User Two' },
    );
    const [header, row, end] = csv.split('\r\n');
    expect(header?.split(',')).toHaveLength(12);
    expect(row).toBe(
      'pay_1,2026-11-01T00:00:00.000Z,user2,User Two,0.000001,USDC,scheduled,yes,"Once, right away",2026-12-01T14:00:00.000Z,"\'=HYPERLINK(""x"")","Pay, quickly"',
    );
    expect(end).toBe('');
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

describe("the core's field messages", () => {
  it('places each message beside its field', () => {
    const { fields, rest } = splitFieldErrors(
      'Invalid input for settings:update: "timezone" must be an IANA time zone such as America/New_York; "guardian.limits.daily" must be a decimal string such as "120" or "75.25", not negative, with at most 6 decimals. Correct it and try again; nothing was changed.',
    );
    expect(fields).toEqual({
      timezone: 'Must be an IANA time zone such as America/New_York.',
      'guardian.limits.daily':
        'Must be a decimal string such as "120" or "75.25", not negative, with at most 6 decimals.',
    });
    expect(rest).toBe('');
  });

  it('keeps what it cannot place', () => {
    const message = 'actingUserId "user9" is not a user of this install.';
    expect(splitFieldErrors(message)).toEqual({ fields: {}, rest: message });
    const unknown = splitFieldErrors(
      'Invalid input for settings:update: unknown field "theme". Correct it and try again; nothing was changed.',
    );
    expect(unknown.rest).toContain('unknown field');
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
    expect(patchFrom(settings, draftFrom(settings))).toEqual({ patch: {}, problems: [] });
    const { patch, problems } = patchFrom(settings, {
      ...draftFrom(settings),
      daily: ' 20000 ',
      timezone: 'Europe/Paris',
    });
    expect(problems).toEqual([]);
    expect(patch).toEqual({
      timezone: 'Europe/Paris',
      guardian: { ...settings.guardian, limits: { ...settings.guardian.limits, daily: '20000' } },
    });
  });

  it('catches scores that are not numbers before sending', () => {
    const settings = sampleSettings();
    const { problems } = patchFrom(settings, { ...draftFrom(settings), flagScore: 'high' });
    expect(problems).toEqual([['guardian.flagScore', 'Enter a number.']]);
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
