import { describe, expect, it } from 'vitest';
import { intentSchema } from '../../../../shared/schemas/intent';
import { parseIntent } from '../../../../electron/core/intent/parseIntent';
import {
  accuracy,
  corpusContext,
  demoUsers,
  loadCorpus,
  REQUIRED_ACCURACY,
  scoreCorpus,
  UNDERSTANDING_CORPUS_PATH,
  type CorpusEntry,
} from '../../../support/intentCorpus';

const users = demoUsers();
const corpus = loadCorpus();
const parse = (entry: CorpusEntry) => parseIntent(entry.text, corpusContext(entry, users));
const score = scoreCorpus(corpus, parse);
const understanding = loadCorpus(UNDERSTANDING_CORPUS_PATH);
const understood = scoreCorpus(understanding, parse);
/** The understanding corpus's whole-intent accuracy, at the 97% the issue asks for. */
const UNDERSTANDING_FLOOR = 0.97;

describe('intent corpus', () => {
  it('has at least 300 labelled commands whose labels are valid intents', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(300);
    for (const entry of corpus) {
      if (entry.expected.kind === 'unknown') continue;
      expect(intentSchema.safeParse(entry.expected).success, entry.text).toBe(true);
    }
  });

  it('covers every kind of intent', () => {
    expect(Object.keys(score.kinds).sort()).toEqual(
      ['cancel', 'confirm', 'deny', 'payment', 'query', 'unknown'].sort(),
    );
  });

  it.each(Object.keys(score.fields))(
    `reads the field %s at ${REQUIRED_ACCURACY * 100}% or better`,
    (field) => {
      const misses = score.misses.filter((miss) => miss.field === field);
      expect(
        accuracy(score.fields[field]!),
        JSON.stringify(misses.slice(0, 5), null, 1),
      ).toBeGreaterThanOrEqual(REQUIRED_ACCURACY);
    },
  );

  it.each(Object.keys(score.kinds))(
    `reads whole %s intents at ${REQUIRED_ACCURACY * 100}% or better`,
    (kind) => {
      expect(accuracy(score.kinds[kind]!)).toBeGreaterThanOrEqual(REQUIRED_ACCURACY);
    },
  );
});

describe('understanding corpus (typos, spoken words, money words, schedules, hostile text)', () => {
  it('has at least 250 labelled commands whose labels are valid intents', () => {
    expect(understanding.length).toBeGreaterThanOrEqual(250);
    for (const entry of understanding) {
      if (entry.expected.kind === 'unknown') continue;
      expect(intentSchema.safeParse(entry.expected).success, entry.text).toBe(true);
    }
  });

  it('never hands back a payment ready to run that is not what was said', () => {
    expect(score.unsafe).toEqual([]);
    expect(understood.unsafe).toEqual([]);
  });

  it('never fails inside the parser', () => {
    for (const entry of [...corpus, ...understanding]) {
      const intent = parse(entry);
      if (intent.kind === 'unknown') expect(intent.reason, entry.text).not.toMatch(/parser failed/);
    }
  });

  it(`reads at least ${UNDERSTANDING_FLOOR * 100}% of it exactly`, () => {
    const exact = Object.values(understood.categories).reduce(
      (sum, tally) => ({ correct: sum.correct + tally.correct, total: sum.total + tally.total }),
      { correct: 0, total: 0 },
    );
    expect(accuracy(exact)).toBeGreaterThanOrEqual(UNDERSTANDING_FLOOR);
  });
});
