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
} from '../../../support/intentCorpus';

const users = demoUsers();
const corpus = loadCorpus();
const score = scoreCorpus(corpus, (entry) => parseIntent(entry.text, corpusContext(entry, users)));

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
