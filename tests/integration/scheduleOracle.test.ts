import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Schedule } from '../../shared/schemas/schedule';
import { nextOccurrence, occurrencesBetween } from '../../electron/core/schedule/occurrences';
import {
  formatWallClock,
  instantAt,
  offsetAt,
  parseWallClock,
  toWallClock,
} from '../../electron/core/schedule/wallClock';
import { repositoryRoot } from '../support/dataFolder';
import { seededRandom } from '../support/seededRandom';

/**
 * The schedule module against an independent implementation of RFC 5545: python-dateutil
 * (Debian's python3-dateutil), fed every case in one JSON batch. Thousands of seeded
 * random schedules in zones with unusual daylight-saving rules (30-minute changes, a
 * 45-minute offset, the southern hemisphere), a good share aimed at the changes: first
 * runs and times of day inside spring-forward gaps and repeated fall-back hours.
 *
 * Both sides agree on what an occurrence is: the rule's local times, each read as an
 * instant (a repeated time is its first instance, a skipped one moves forward by the
 * gap). ArcFlux then pays each instant once and nothing before the first run, so the
 * oracle's instants are compared as a sorted set from the first run on.
 */

const ZONES = [
  'America/New_York',
  'Europe/London',
  'Europe/Berlin',
  'Australia/Sydney',
  'Pacific/Auckland',
  'Australia/Lord_Howe',
  'Asia/Kathmandu',
  'America/Sao_Paulo',
  'America/Santiago',
  'Pacific/Chatham',
  'America/St_Johns',
];
const CASES = 2_400;
const SEED = 20_261_301;
const MAX_OCCURRENCES = 60;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface Case {
  zone: string;
  start: string;
  rrule: string;
  horizon: string;
  max: number;
  aimed: boolean;
}

interface Answer {
  walls: string[];
  instants: number[];
  complete: boolean;
}

const python = oraclePython();

describe('schedule occurrences against python-dateutil', () => {
  it.skipIf(python === undefined)(
    `agree on ${CASES} random schedules in ${ZONES.length} zones, from the first run and from a later one`,
    () => {
      const random = seededRandom(SEED);
      const cases = Array.from({ length: CASES }, () => randomCase(random));
      const answers = askOracle(python ?? '', cases);
      const mismatches: unknown[] = [];
      let compared = 0;
      let aimed = 0;
      for (const [index, entry] of cases.entries()) {
        const answer = answers[index];
        if (!answer) throw new Error(`the oracle gave no answer for case ${index}`);
        if (entry.aimed) aimed += 1;
        compared += compare(entry, answer, random, mismatches);
      }
      console.log(
        `schedule oracle: ${cases.length} schedules (${aimed} aimed at DST changes), ${compared} occurrences compared, ${mismatches.length} discrepancies`,
      );
      expect(aimed).toBeGreaterThan(CASES / 4);
      expect(mismatches.slice(0, 5)).toEqual([]);
      expect(mismatches).toHaveLength(0);
    },
    120_000,
  );
});

/** Compares one case three ways; returns the occurrences compared, pushes any mismatch. */
function compare(entry: Case, answer: Answer, random: () => number, mismatches: unknown[]) {
  const firstWall = answer.walls[0];
  if (firstWall === undefined) return 0;
  const schedule = scheduleFor(entry, firstWall);
  const first = Date.parse(schedule.kind === 'recurring' ? schedule.firstRun : '');
  // The oracle stopped at its horizon or its maximum: compare only what it fully saw.
  // Local times come in instant order except within an offset change, hence the margin.
  const lastWall = answer.walls[answer.walls.length - 1] ?? firstWall;
  const cutoff = answer.complete
    ? Number.POSITIVE_INFINITY
    : instantAt(parseWallClock(lastWall).getTime(), entry.zone) - 4 * HOUR;
  const expected = [...new Set(answer.instants)]
    .filter((at) => at >= first && at <= cutoff)
    .sort((left, right) => left - right)
    .map((at) => new Date(at).toISOString());
  const until = Number.isFinite(cutoff) ? new Date(cutoff).toISOString() : undefined;
  const before = new Date(first - 1).toISOString();
  const all = occurrencesBetween(schedule, before, until, 10_000);
  if (JSON.stringify(all) !== JSON.stringify(expected)) {
    mismatches.push({ entry, schedule, from: 'first run', expected, got: all });
    return expected.length;
  }
  // A tick starts from the persisted next run, not the first: any run, with COUNT and
  // UNTIL carried across the skipped ones.
  const pick = Math.floor(random() * expected.length);
  const from = expected[pick] ?? before;
  const later = occurrencesBetween(schedule, from, until, 10_000);
  if (JSON.stringify(later) !== JSON.stringify(expected.slice(pick + 1))) {
    mismatches.push({ entry, schedule, from, expected: expected.slice(pick + 1), got: later });
  }
  const next = nextOccurrence(schedule, from);
  const wanted = expected[pick + 1] ?? (answer.complete ? null : next);
  if (next !== wanted) mismatches.push({ entry, schedule, from, next, wanted });
  return expected.length;
}

/**
 * The stored schedule for a case, written as the parser writes one: anchored at the
 * oracle's first occurrence, `localStart` only where the first run's instant can't tell
 * its local time (a time skipped by a spring-forward change).
 */
function scheduleFor(entry: Case, firstWall: string): Schedule {
  const firstRun = new Date(instantAt(parseWallClock(firstWall).getTime(), entry.zone));
  const shifted = formatWallClock(toWallClock(firstRun, entry.zone)) !== firstWall;
  return {
    kind: 'recurring',
    rrule: entry.rrule,
    firstRun: firstRun.toISOString(),
    ...(shifted ? { localStart: firstWall } : {}),
    timezone: entry.zone,
  };
}

function randomCase(random: () => number): Case {
  const zone = pick(random, ZONES);
  const year = 2025 + Math.floor(random() * 8);
  const frequency = pick(random, [
    'DAILY',
    'DAILY',
    'WEEKLY',
    'WEEKLY',
    'MONTHLY',
    'HOURLY',
    'MINUTELY',
  ] as const);
  const aimed = random() < 0.45;
  let start: number;
  if (aimed) {
    start = aimedStart(random, zone, year, frequency);
  } else {
    const day = Date.UTC(year, 0, 1) + Math.floor(random() * 365) * DAY;
    start = day + Math.floor(random() * 24) * HOUR + pick(random, [0, 0, 15, 30, 45]) * 60_000;
  }
  const parts = [`FREQ=${frequency}`];
  const interval = intervalFor(random, frequency);
  if (interval > 1) parts.push(`INTERVAL=${interval}`);
  parts.push(...byParts(random, frequency));
  const bound = random();
  if (bound < 0.3) {
    parts.push(`COUNT=${1 + Math.floor(random() * 40)}`);
  } else if (bound < 0.55) {
    const span = SPANS[frequency] * (0.1 + random() * 0.8);
    const until = new Date(start - offsetAt(start, zone) + span);
    parts.push(
      `UNTIL=${until
        .toISOString()
        .replace(/\.\d{3}Z$/, 'Z')
        .replace(/[-:]/g, '')}`,
    );
  }
  return {
    zone,
    start: formatWallClock(new Date(start)),
    rrule: parts.join(';'),
    horizon: formatWallClock(new Date(start + SPANS[frequency])),
    max: MAX_OCCURRENCES,
    aimed,
  };
}

/** How far past DTSTART the oracle looks, by frequency. */
const SPANS = {
  DAILY: 120 * DAY,
  WEEKLY: 2 * 365 * DAY,
  MONTHLY: 6 * 365 * DAY,
  HOURLY: 6 * DAY,
  MINUTELY: 1 * DAY,
} as const;

/**
 * A DTSTART (wall clock) whose first run, or a later run, falls inside a daylight-saving
 * change of `zone` in `year`: in the gap of a spring-forward or the repeated hour of a
 * fall-back.
 */
function aimedStart(
  random: () => number,
  zone: string,
  year: number,
  frequency: keyof typeof SPANS,
): number {
  const changes = offsetChanges(zone, year);
  const change = changes.length > 0 ? pick(random, changes) : undefined;
  if (!change) return Date.UTC(year, 2, 10, 2, 30);
  // The local times the change skips or repeats: [from, from + size).
  const from = change.at + Math.min(change.before, change.after);
  const size = Math.abs(change.after - change.before);
  const minutes = Math.floor((random() * size) / 60_000 / 5) * 5;
  const inside = from + minutes * 60_000;
  if (random() < 0.5) return inside;
  // A later run lands inside: start whole periods earlier.
  const back = 1 + Math.floor(random() * 6);
  if (frequency === 'DAILY') return inside - back * DAY;
  if (frequency === 'WEEKLY') return inside - back * 7 * DAY;
  if (frequency === 'HOURLY') return inside - back * HOUR;
  if (frequency === 'MINUTELY') return inside - back * 15 * 60_000;
  const date = new Date(inside);
  date.setUTCMonth(date.getUTCMonth() - back);
  return date.getTime();
}

const knownChanges = new Map<string, { at: number; before: number; after: number }[]>();

/** Every change of `zone`'s UTC offset during `year`: its instant and the offsets around it. */
function offsetChanges(zone: string, year: number) {
  const known = knownChanges.get(`${zone} ${year}`);
  if (known) return known;
  const changes: { at: number; before: number; after: number }[] = [];
  const end = Date.UTC(year + 1, 0, 1);
  for (let at = Date.UTC(year, 0, 1); at < end; at += 6 * HOUR) {
    const before = offsetAt(at, zone);
    const after = offsetAt(at + 6 * HOUR, zone);
    if (before === after) continue;
    let low = at;
    let high = at + 6 * HOUR;
    while (high - low > 60_000) {
      const middle = low + Math.floor((high - low) / 120_000) * 60_000;
      if (offsetAt(middle, zone) === before) low = middle;
      else high = middle;
    }
    changes.push({ at: high, before, after });
  }
  knownChanges.set(`${zone} ${year}`, changes);
  return changes;
}

function intervalFor(random: () => number, frequency: keyof typeof SPANS): number {
  if (random() < 0.5) return 1;
  if (frequency === 'MINUTELY') return pick(random, [5, 10, 15, 20, 30, 45, 90]);
  if (frequency === 'HOURLY') return pick(random, [2, 3, 5, 7]);
  return 2 + Math.floor(random() * 3);
}

const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

function byParts(random: () => number, frequency: keyof typeof SPANS): string[] {
  const roll = random();
  if (frequency === 'WEEKLY' && roll < 0.6) {
    const days = WEEKDAYS.filter(() => random() < 0.35);
    return days.length > 0 ? [`BYDAY=${days.join(',')}`] : [];
  }
  if (frequency === 'MONTHLY' && roll < 0.35) {
    const days = [pick(random, [1, 15, 28, 29, 30, 31, -1])];
    if (random() < 0.3) days.push(pick(random, [10, 20, -1]));
    return [`BYMONTHDAY=${[...new Set(days)].join(',')}`];
  }
  if (frequency === 'MONTHLY' && roll < 0.6) {
    const ordinal = pick(random, ['1', '2', '-1', '3']);
    return [`BYDAY=${ordinal}${pick(random, WEEKDAYS)}`];
  }
  if (frequency === 'DAILY' && roll < 0.2) {
    return [`BYDAY=${WEEKDAYS.filter(() => random() < 0.5).join(',') || 'MO'}`];
  }
  if (frequency === 'DAILY' && roll < 0.3) return [`BYMONTHDAY=${pick(random, [1, 13, 31])}`];
  return [];
}

function pick<Value>(random: () => number, values: readonly Value[]): Value {
  const value = values[Math.floor(random() * values.length)];
  if (value === undefined) throw new Error('picked from an empty list');
  return value;
}

function askOracle(interpreter: string, cases: readonly Case[]): Answer[] {
  const run = spawnSync(interpreter, [join(repositoryRoot, 'tests/support/dateutilOracle.py')], {
    input: JSON.stringify(cases.map(({ aimed: _aimed, ...entry }) => entry)),
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`the dateutil oracle failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as Answer[];
}

/** A Python 3.9+ with dateutil (Debian's python3-dateutil), or undefined with the reason printed. */
function oraclePython(): string | undefined {
  const candidates = ['/usr/bin/python3', 'python3'].filter(
    (path) => !path.startsWith('/') || existsSync(path),
  );
  for (const interpreter of candidates) {
    const probe = spawnSync(interpreter, ['-c', 'import dateutil.rrule, zoneinfo'], {
      encoding: 'utf8',
    });
    if (probe.status === 0) return interpreter;
  }
  console.warn(
    'schedule oracle skipped: no python3 with dateutil and zoneinfo (install Debian\'s python3-dateutil: "apt-get install python3-dateutil")',
  );
  return undefined;
}
