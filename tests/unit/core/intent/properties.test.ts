import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { intentSchema, type Intent } from '../../../../shared/schemas/intent';
import { parseIntent } from '../../../../electron/core/intent/parseIntent';
import { fromWallClock, toWallClock } from '../../../../electron/core/schedule/wallClock';
import { RRule } from '../../../../electron/core/intent/schedule/rruleLibrary';
import { demoContext } from '../../../support/intentContext';

/** How many cases each property tries; the report quotes these. */
export const PROPERTY_RUNS = { neverThrows: 3000, amountsSaid: 1500, rrules: 1500 } as const;

const ZONES = [
  'America/New_York',
  'Europe/Berlin',
  'Asia/Tokyo',
  'Australia/Sydney',
  'Asia/Kolkata',
  'America/St_Johns',
  'Pacific/Chatham',
  'UTC',
];
const FRAGMENTS = [
  'pay',
  'send',
  'to',
  'bob',
  'alice',
  'alex',
  'user 2',
  'user two',
  'my landlord',
  'the bakery',
  "carol's bakery",
  '20',
  '$120',
  '€5',
  '1,250.50',
  '1.5k',
  'twenty five',
  'a hundred',
  'usdc',
  'euros',
  'btc',
  'every',
  'friday',
  'fridays',
  'other',
  'day',
  'weekday',
  'monthly',
  'on the 15th',
  'of every month',
  'quarterly',
  'until',
  'the end of the year',
  'for 6 months',
  'starting',
  'december 1',
  'tomorrow',
  'at 5pm',
  'tonight at 9',
  'yes',
  'no',
  'cancel',
  'stop paying',
  "what's my balance",
  'history',
  'for dinner',
  'memo:',
  'ignore previous instructions',
  ',',
  '.',
  '!',
  '?',
  '\u0000',
  '\u202e',
  '😀',
  'محمد',
  '١٢',
  '-',
  '0',
  '1e9',
  '...',
  '|',
];
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

const instant = fc
  .integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2030, 11, 31) })
  .map((ms) => new Date(ms).toISOString());
const context = fc.record({ now: instant, timezone: fc.constantFrom(...ZONES) });
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 600 }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 25 }).map((words) => words.join(' ')),
);

// Thousands of parses per property: give a loaded two-core CI machine room.
describe('parser properties', { timeout: 60_000 }, () => {
  it('never throws, and always returns a valid intent', () => {
    fc.assert(
      fc.property(anyText, context, (text, clock) => {
        const intent = parseIntent(text, demoContext(clock));
        expect(intentSchema.safeParse(intent).success).toBe(true);
      }),
      { numRuns: PROPERTY_RUNS.neverThrows },
    );
  });

  it('only outputs an amount that the input states', () => {
    const spoken = fc.constantFrom(
      ['twenty five', '25'],
      ['a hundred', '100'],
      ['one hundred and twenty', '120'],
      ['3 hundred', '300'],
      ['twelve point five', '12.5'],
    );
    const written = fc
      .tuple(fc.bigInt({ min: 1n, max: 10n ** 12n }), fc.integer({ min: 0, max: 6 }), fc.boolean())
      .map(([units, decimals, grouped]) => {
        const digits = units.toString().padStart(decimals + 1, '0');
        const whole = digits.slice(0, digits.length - decimals);
        const fraction = digits.slice(digits.length - decimals);
        const shown = grouped ? whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',') : whole;
        return [fraction ? `${shown}.${fraction}` : shown, ''] as [string, string];
      });
    const command = fc.tuple(
      fc.oneof(spoken, written),
      fc.constantFrom('', '$', '€'),
      fc.constantFrom('', ' usdc', ' dollars', ' euros'),
      fc.constantFrom('pay bob', 'send alice', 'every friday pay user two', 'give the bakery'),
      fc.constantFrom(
        '',
        ' tomorrow',
        ' every 3 days',
        ' on the 15th of every month',
        ' for dinner',
      ),
      // Noise without numbers or memo markers, which would rightly change the amount.
      fc.array(
        fc.constantFrom(
          ...FRAGMENTS.filter((fragment) => !hasNumberWords(fragment) && !/\d|memo/.test(fragment)),
        ),
        {
          maxLength: 4,
        },
      ),
    );
    fc.assert(
      fc.property(command, context, ([[said, value], sign, word, head, tail, noise], clock) => {
        // Noise goes first: after the amount, number words would rightly join it
        // ("3 hundred" + "twenty five" is 325).
        const text = `${noise.join(' ')} ${head} ${sign}${said}${word}${tail}`;
        const intent = parseIntent(text, demoContext(clock));
        if (intent.kind !== 'payment' || intent.amount === null) return;
        expect(value ? [value, ...numbersIn(text)] : numbersIn(text)).toContain(intent.amount);
      }),
      { numRuns: PROPERTY_RUNS.amountsSaid },
    );
    fc.assert(
      fc.property(anyText, context, (text, clock) => {
        const intent = parseIntent(text, demoContext(clock));
        if (intent.kind !== 'payment' || intent.amount === null || hasNumberWords(text)) return;
        expect(numbersIn(text)).toContain(intent.amount);
      }),
      { numRuns: PROPERTY_RUNS.amountsSaid },
    );
  });

  it('writes RRULEs the rrule package parses, with firstRun their first occurrence after now', () => {
    const day = fc.constantFrom(...WEEKDAYS);
    const phrase = fc.oneof(
      day.map((name) => `every ${name}`),
      fc.tuple(day, day).map(([one, two]) => `every ${one} and ${two}`),
      day.map((name) => `every other ${name}`),
      fc
        .tuple(fc.integer({ min: 2, max: 9 }), day)
        .map(([weeks, name]) => `every ${weeks} weeks on ${name}`),
      fc.integer({ min: 1, max: 28 }).map((date) => `monthly on the ${ordinal(date)}`),
      fc.integer({ min: 1, max: 31 }).map((date) => `on the ${ordinal(date)} of every month`),
      fc.constantFrom(
        'every day',
        'daily',
        'every weekday',
        'every weekend',
        'weekly',
        'monthly',
        'quarterly',
        'annually',
        'every 3 days',
        'every 2 hours',
        'every 5 seconds',
        'every 15 minutes',
        'on the last day of every month',
        'every first monday of the month',
        'the last friday of every month',
        'every year on january 1',
        'every year on february 29',
        'every friday at 5pm',
        'every day at 2:30am',
        'every monday at noon',
        'nightly',
      ),
    );
    const bound = fc.constantFrom(
      '',
      '',
      ' until the end of the year',
      ' for 6 months',
      ' for a week',
      ' 4 times',
      ' starting december 1',
      ' starting friday',
      ' until march',
      ' from next month',
    );
    fc.assert(
      fc.property(phrase, bound, context, (schedule, limit, clock) => {
        const intent = parseIntent(`pay bob 20 ${schedule}${limit}`, demoContext(clock));
        if (intent.kind !== 'payment' || intent.schedule.kind !== 'recurring') {
          // The only reason not to schedule a repetition is a bound that leaves no run.
          expect(intent.kind === 'payment' && intent.problems).toEqual(['invalid_schedule']);
          return;
        }
        checkFirstRun(intent, clock.now, limit === '');
      }),
      { numRuns: PROPERTY_RUNS.rrules },
    );
  });
});

function checkFirstRun(
  intent: Extract<Intent, { kind: 'payment' }>,
  now: string,
  unbounded: boolean,
) {
  if (intent.schedule.kind !== 'recurring') return;
  const { rrule, firstRun, timezone } = intent.schedule;
  const parsed = RRule.parseString(rrule);
  const first = new Date(firstRun);
  expect(first.getTime()).toBeGreaterThan(new Date(now).getTime());
  // Anchored at firstRun (RFC 5545 DTSTART), the first occurrence after now is firstRun.
  const anchored = new RRule({
    ...parsed,
    dtstart: toWallClock(first, timezone),
    until: parsed.until ? toWallClock(parsed.until, timezone) : null,
  });
  const next = anchored.after(toWallClock(new Date(now), timezone), false);
  expect(next && fromWallClock(next, timezone).toISOString()).toBe(firstRun);
  // And nothing matching the rule comes earlier: with the search started at now (where the
  // rule doesn't depend on its start), the rule's first occurrence is firstRun again.
  const phaseFree =
    unbounded &&
    !parsed.interval &&
    parsed.freq !== undefined &&
    parsed.freq <= RRule.DAILY &&
    (parsed.freq === RRule.DAILY || parsed.byweekday || parsed.bymonthday);
  if (!phaseFree) return;
  const wall = toWallClock(first, timezone);
  const fromNow = new RRule({
    ...parsed,
    dtstart: toWallClock(new Date(now), timezone),
    byhour: [wall.getUTCHours()],
    byminute: [wall.getUTCMinutes()],
    bysecond: [0],
  });
  const earliest = fromNow.after(toWallClock(new Date(now), timezone), false);
  expect(earliest && fromWallClock(earliest, timezone).toISOString()).toBe(firstRun);
}

/** Every number written with digits in the text, canonical, k-suffix applied. */
function numbersIn(text: string): string[] {
  const normalized = text.normalize('NFKC');
  return [...normalized.matchAll(/\d[\d,]*(?:\.\d+)?k?/gi)].flatMap(([written]) => {
    const thousands = /k$/i.test(written);
    const plain = written.replace(/k$/i, '').replace(/,/g, '');
    const [whole = '0', fraction = ''] = plain.split('.');
    let units = BigInt(whole + fraction);
    let scale = fraction.length;
    if (thousands) units *= 1000n;
    while (scale > 0 && units % 10n === 0n) {
      units /= 10n;
      scale -= 1;
    }
    const digits = units.toString().padStart(scale + 1, '0');
    return [scale ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits];
  });
}

function hasNumberWords(text: string): boolean {
  return /\b(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|grand|k|point)\b/i.test(
    text.normalize('NFKC'),
  );
}

function ordinal(day: number): string {
  const suffix =
    day % 10 === 1 && day !== 11
      ? 'st'
      : day % 10 === 2 && day !== 12
        ? 'nd'
        : day % 10 === 3 && day !== 13
          ? 'rd'
          : 'th';
  return `${day}${suffix}`;
}
