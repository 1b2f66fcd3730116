import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { User } from '../../../../shared/schemas/user';
import {
  normaliseTranscript,
  speechVocabulary,
} from '../../../../electron/core/speech/normaliseTranscript';
import { seedDir } from '../../../support/dataFolder';

const users = (JSON.parse(readFileSync(join(seedDir, 'users.json'), 'utf8')) as { data: User[] })
  .data;
const actingUser = users.find((user) => user.id === 'user1') as User;
const vocabulary = speechVocabulary(actingUser, users);

describe('speechVocabulary', () => {
  it("holds the other users' names and the acting user's nicknames, not their own name", () => {
    expect(vocabulary).toContain('User Two');
    expect(vocabulary).toContain('landlord');
    expect(vocabulary).not.toContain('User One');
  });
});

describe('normaliseTranscript', () => {
  it.each([
    ['Pay user 2 120 U.S.D.C. every Friday.', 'Pay User Two 120 USDC every Friday.'],
    ['pay user two 5 usdc', 'pay User Two 5 USDC'],
    ['Send u s d c 10 to user-2 and alice chen', 'Send USDC 10 to User Two and Alice Chen'],
    ['send 20 e.u.r.c. to the Landlord', 'send 20 EURC to the landlord'],
  ])('rewrites %j to %j', (spoken, expected) => {
    expect(normaliseTranscript(spoken, vocabulary)).toBe(expected);
  });

  it('leaves amounts and unrelated words alone', () => {
    expect(normaliseTranscript('pay 2 users 2 USDC', vocabulary)).toBe('pay 2 users 2 USDC');
    expect(normaliseTranscript('user 22 gets 2', vocabulary)).toBe('user 22 gets 2');
  });

  it('works without a vocabulary', () => {
    expect(normaliseTranscript('ten U.S.D.C.')).toBe('ten USDC');
  });
});
