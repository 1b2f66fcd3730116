import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { instantSchema, timezoneSchema } from '../../shared/schemas/common';
import type { Intent } from '../../shared/schemas/intent';
import { userSchema, type User } from '../../shared/schemas/user';
import { ContactDirectory } from '../../electron/core/intent/contacts';
import type { IntentContext } from '../../electron/core/intent/parseIntent';
import { repositoryRoot, seedDir } from './dataFolder';

/** The labelled commands, their fixed clock and zone, and how a parse is scored. */
export const CORPUS_PATH = join(repositoryRoot, 'tests', 'fixtures', 'intents.jsonl');
/**
 * The second corpus, written for "understanding that never guesses" (issue 11): typos,
 * spoken transcripts, money words, schedules, hostile text and management words, labelled
 * with what the parser should say, including what it can't say yet.
 */
export const UNDERSTANDING_CORPUS_PATH = join(
  repositoryRoot,
  'tests',
  'fixtures',
  'intents-understanding.jsonl',
);
/** Friday 27 November 2026, 10:00 in New York: after the 09:00 default run time. */
export const CORPUS_NOW = '2026-11-27T15:00:00.000Z';
export const CORPUS_TIMEZONE = 'America/New_York';
export const CORPUS_USER = 'user1';
export const DEFAULT_RUN_TIME = '09:00';
/** The accuracy the unit suite requires of every field and every kind. */
export const REQUIRED_ACCURACY = 0.98;

const entrySchema = z
  .object({
    category: z.string(),
    text: z.string(),
    /** The intent the parser must give; an unknown's reason is not compared. */
    expected: z.looseObject({ kind: z.string() }),
    now: instantSchema.optional(),
    timezone: timezoneSchema.optional(),
    userId: z.string().optional(),
  })
  .strict();
export type CorpusEntry = z.infer<typeof entrySchema>;

export function loadCorpus(path = CORPUS_PATH): CorpusEntry[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line, index) => {
      const parsed = entrySchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${path}:${index + 1}: ${parsed.error.message}`);
      return parsed.data;
    });
}

export function demoUsers(): User[] {
  const file = JSON.parse(readFileSync(join(seedDir, 'users.json'), 'utf8'));
  return z.object({ data: z.array(userSchema) }).parse(file).data;
}

/** The parse context a corpus line is labelled for. */
export function corpusContext(entry: CorpusEntry, users: readonly User[]): IntentContext {
  const directory = ContactDirectory.fromUsers(users, entry.userId ?? CORPUS_USER);
  if (!directory) throw new Error(`corpus user ${entry.userId} is not in the demo data`);
  return {
    now: new Date(entry.now ?? CORPUS_NOW),
    timezone: entry.timezone ?? CORPUS_TIMEZONE,
    directory,
    defaultRunTime: DEFAULT_RUN_TIME,
  };
}

type Extract = (intent: Record<string, any>) => unknown;

/** Every field the eval scores, read the same way from the label and the parse. */
export const FIELDS: Record<string, Extract> = {
  kind: (intent) => intent.kind,
  amount: (intent) => (intent.kind === 'payment' ? intent.amount : undefined),
  currency: (intent) => intent.currency,
  recipient: (intent) =>
    intent.recipient
      ? { userId: intent.recipient.userId, candidates: intent.recipient.candidates }
      : undefined,
  recipientText: (intent) => intent.recipient?.text,
  schedule: (intent) => intent.schedule?.kind,
  runAt: (intent) => (intent.schedule?.kind === 'once' ? intent.schedule.runAt : undefined),
  rrule: (intent) => intent.schedule?.rrule,
  firstRun: (intent) => intent.schedule?.firstRun,
  timezone: (intent) => intent.schedule?.timezone,
  memo: (intent) => intent.memo,
  problems: (intent) => intent.problems,
  unrecognized: (intent) => intent.unrecognized,
  suggestions: (intent) => intent.suggestions,
  topic: (intent) => intent.topic,
  period: (intent) => intent.period,
  target: (intent) => intent.target,
};

export interface Tally {
  correct: number;
  total: number;
}

export interface Miss {
  text: string;
  category: string;
  field: string;
  expected: unknown;
  actual: unknown;
}

export interface CorpusScore {
  fields: Record<string, Tally>;
  /** Whole-intent matches per expected kind. */
  kinds: Record<string, Tally>;
  categories: Record<string, Tally>;
  misses: Miss[];
  /**
   * Parses the money path would act on without asking that are not what the label says:
   * a payment with no problem whose amount, currency, recipient or schedule differs, or
   * that should have been a question, a refusal or no payment at all.
   */
  unsafe: { text: string; category: string }[];
}

/** A payment the Guardian may approve as it is: nothing left to ask. */
function isExecutable(intent: Record<string, any>): boolean {
  return (
    intent.kind === 'payment' &&
    Array.isArray(intent.problems) &&
    intent.problems.length === 0 &&
    intent.amount !== null &&
    intent.recipient?.userId !== null
  );
}

const MONEY_AND_TIME = [
  'amount',
  'currency',
  'recipient',
  'schedule',
  'runAt',
  'rrule',
  'firstRun',
];

function isUnsafe(expected: Record<string, any>, actual: Record<string, any>): boolean {
  if (!isExecutable(actual)) return false;
  if (!isExecutable(expected)) return true;
  return MONEY_AND_TIME.some((field) => {
    const extract = FIELDS[field];
    return extract && JSON.stringify(extract(expected)) !== JSON.stringify(extract(actual));
  });
}

/**
 * Scores parses against labels. A field counts on a line when the label or the parse
 * has it, so a field the parser invents is an error too.
 */
export function scoreCorpus(
  entries: readonly CorpusEntry[],
  parse: (entry: CorpusEntry) => Intent,
): CorpusScore {
  const score: CorpusScore = { fields: {}, kinds: {}, categories: {}, misses: [], unsafe: [] };
  for (const entry of entries) {
    const actual = parse(entry) as Record<string, any>;
    if (isUnsafe(entry.expected, actual)) {
      score.unsafe.push({ text: entry.text, category: entry.category });
    }
    let exact = true;
    for (const [field, extract] of Object.entries(FIELDS)) {
      const expectedValue = extract(entry.expected);
      const actualValue = extract(actual);
      if (expectedValue === undefined && actualValue === undefined) continue;
      const right = JSON.stringify(expectedValue) === JSON.stringify(actualValue);
      count(score.fields, field, right);
      if (!right) {
        exact = false;
        score.misses.push({
          text: entry.text,
          category: entry.category,
          field,
          expected: expectedValue,
          actual: actualValue,
        });
      }
    }
    count(score.kinds, entry.expected.kind, exact);
    count(score.categories, entry.category, exact);
  }
  return score;
}

export function accuracy(tally: Tally): number {
  return tally.total === 0 ? 1 : tally.correct / tally.total;
}

function count(tallies: Record<string, Tally>, key: string, right: boolean): void {
  const tally = (tallies[key] ??= { correct: 0, total: 0 });
  tally.total += 1;
  if (right) tally.correct += 1;
}
