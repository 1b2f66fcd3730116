import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIntent } from '../../../../electron/core/intent/parseIntent';
import { demoContext } from '../../../support/intentContext';

/** How many commands the property tries; the issue asks for at least 20,000. */
export const DATE_PHRASE_RUNS = 20_000;

const MONTHS = ['january', 'Feb', 'march', 'Apr.', 'May', 'june', 'Sept', 'October', 'dec'];
const WEEKDAYS = ['monday', 'Tue', 'wednesday', 'Thurs', 'friday', 'sat', 'Sunday'];
const ORDINALS = ['1st', '2nd', '3rd', '10th', '22nd', '31st', 'first', 'fifteenth', 'last'];
const MERIDIEMS = ['am', 'pm', 'AM', 'PM', 'a.m.', 'p.m.', 'A.M.', 'P.M.', 'a.m', 'p.m', ''];
const ZONES = ['', 'EST', 'ET', 'UTC', 'GMT', 'PST', 'CET', 'New York time', 'eastern'];
const UNITS = ['minutes', 'minute', 'hours', 'an hour', 'days', 'weeks', 'months', 'years'];
const GLUE = ['', 'on', 'at', 'by', 'the', 'of', 'next', 'this', 'every', 'until', 'from', ','];

const clock = fc
  .tuple(fc.integer({ min: 1, max: 12 }), fc.constantFrom('', ':00', ':15', ':30', ':45', ':5'))
  .chain(([hour, minutes]) =>
    fc.constantFrom(...MERIDIEMS).map((meridiem) => `${hour}${minutes} ${meridiem}`.trim()),
  );
const year = fc.constantFrom('2026', '2027', '2028', "'27", '1999', '2100');
/** A date or time phrase of the kind people say, in any of its written forms. */
const phrase = fc.oneof(
  fc
    .tuple(fc.constantFrom(...MONTHS), fc.integer({ min: 0, max: 33 }), fc.option(year))
    .map(([month, day, y]) => `${month} ${day}${y ? `, ${y}` : ''}`),
  fc
    .tuple(fc.constantFrom(...ORDINALS), fc.constantFrom(...MONTHS))
    .map(([ordinal, month]) => `the ${ordinal} of ${month}`),
  fc.constantFrom(...WEEKDAYS),
  fc.constantFrom('today', 'tomorrow', 'tonight', 'noon', 'midnight', 'now', 'this evening'),
  clock,
  fc
    .tuple(fc.integer({ min: 0, max: 48 }), fc.constantFrom(...UNITS))
    .map(([count, unit]) => `in ${count} ${unit}`),
  fc.constantFrom(...ZONES),
  fc.constantFrom(...GLUE),
  fc.integer({ min: 1, max: 12 }).map((month) => `${month}/${(month * 7) % 31}/2027`),
);
const command = fc
  .tuple(
    fc.constantFrom(
      'pay bob 20',
      'send Alice 15.50 USDC',
      'Pay User Two 120',
      'pay €5 to alex kim',
    ),
    fc.array(phrase, { minLength: 1, maxLength: 6 }),
    fc.boolean(),
  )
  .map(([payment, phrases, before]) =>
    before ? `${phrases.join(' ')} ${payment}` : `${payment} ${phrases.join(' ')}`,
  );

describe('date and time phrases around a payment', () => {
  it(`never make the parser fail (${DATE_PHRASE_RUNS} commands)`, () => {
    const context = demoContext();
    fc.assert(
      fc.property(command, (text) => {
        const intent = parseIntent(text, context);
        // A payment (clean or with a question) or a refusal with a reason; never a crash.
        if (intent.kind === 'unknown') expect(intent.reason).not.toMatch(/parser failed/);
        else expect(intent.kind).toBe('payment');
      }),
      { numRuns: DATE_PHRASE_RUNS, seed: 20_261_206 },
    );
  }, 600_000);
});
