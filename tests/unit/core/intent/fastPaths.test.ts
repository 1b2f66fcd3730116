import fc from 'fast-check';
import { IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { zoneNamed } from '../../../../electron/core/intent/schedule/zones';
import { sanitizeCommand, TokenStream } from '../../../../electron/core/intent/text';

/**
 * The parser's shortcuts must give exactly what the long way gives. Each property compares
 * the shortcut against the general path on the same input.
 */

// Zones with daylight saving on the hour and the half hour, odd offsets, and zones that
// changed their base offset in the period tested.
const ZONES = [
  'America/New_York',
  'Europe/Berlin',
  'Australia/Lord_Howe',
  'Asia/Kathmandu',
  'America/St_Johns',
  'Pacific/Chatham',
  'Pacific/Apia',
  'Europe/Moscow',
  'America/Sao_Paulo',
  'UTC',
];
const MINUTE = 60_000;

describe('a zone that remembers its offsets', () => {
  it('gives the offset luxon computes, for any instant in 1900-2100, in any order', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.array(fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2100, 0, 1) }), {
          minLength: 1,
          maxLength: 20,
        }),
        (name, instants) => {
          const remembered = zoneNamed(name);
          const plain = new IANAZone(name);
          for (const instant of instants) {
            expect(remembered.offset(instant)).toBe(plain.offset(instant));
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('is exact minute by minute across daylight-saving changes, after remembering the hour', () => {
    // Spring forward and fall back in New York, Lord Howe's half-hour shift, and Apia
    // skipping a whole day (2011-12-30).
    const cases: [string, number][] = [
      ['America/New_York', Date.UTC(2031, 2, 9, 7)],
      ['America/New_York', Date.UTC(2031, 10, 2, 6)],
      ['Australia/Lord_Howe', Date.UTC(2031, 9, 4, 15, 30)],
      ['Pacific/Apia', Date.UTC(2011, 11, 30, 10)],
    ];
    for (const [name, change] of cases) {
      const remembered = zoneNamed(name);
      const plain = new IANAZone(name);
      for (let instant = change - 90 * MINUTE; instant <= change + 90 * MINUTE; instant += MINUTE) {
        remembered.offset(instant - 30 * MINUTE);
        expect(remembered.offset(instant), `${name} at ${new Date(instant).toISOString()}`).toBe(
          plain.offset(instant),
        );
      }
    }
  });

  it('is luxon’s IANA zone to luxon: same type, name and equality', () => {
    const zone = zoneNamed('Europe/Berlin');
    expect(zone.type).toBe('iana');
    expect(zone.name).toBe('Europe/Berlin');
    expect(zone.equals(new IANAZone('Europe/Berlin'))).toBe(true);
    expect(new IANAZone('Europe/Berlin').equals(zone)).toBe(true);
    expect(zoneNamed('Not/AZone').isValid).toBe(false);
  });
});

const printable = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)),
  maxLength: 60,
});

describe('plain ASCII commands', () => {
  // "é" sends the same text down the general path; everything before it must not change.
  it('are sanitized as the general path sanitizes them', () => {
    fc.assert(
      fc.property(printable, (text) => {
        const general = sanitizeCommand(`${text} é`);
        expect(general).toBe([sanitizeCommand(text), 'é'].filter(Boolean).join(' '));
      }),
      { numRuns: 3000 },
    );
  });

  it('are cut into the tokens the general path cuts', () => {
    fc.assert(
      fc.property(printable, (text) => {
        const fast = new TokenStream(text).tokens;
        const general = new TokenStream(`${text} é`).tokens;
        expect(general.at(-1)?.text).toBe('é');
        expect(general.slice(0, -1)).toEqual(fast);
      }),
      { numRuns: 3000 },
    );
  });
});
