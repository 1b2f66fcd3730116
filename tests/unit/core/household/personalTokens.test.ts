import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PersonalTokens } from '../../../../electron/core/household/personalTokens';
import { temporaryFolder } from '../../../support/dataFolder';
import { ManualClock } from '../../../support/manualClock';

const folders: { remove(): void }[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) folder.remove();
});

function folder(): string {
  const made = temporaryFolder('arcflux-tokens-');
  folders.push(made);
  return made.path;
}

describe('personal tokens', () => {
  it('identifies the person behind a token, and keeps only its hash', async () => {
    const dir = folder();
    const tokens = await PersonalTokens.open(dir, new ManualClock());
    expect(existsSync(join(dir, 'household_tokens.json'))).toBe(false);
    const issued = await tokens.issue('user2');
    expect(issued.token).toMatch(/^afp_[A-Za-z0-9_-]{43}$/);
    expect(tokens.identify(issued.token)).toEqual({ userId: 'user2', tokenId: issued.tokenId });

    const stored = readFileSync(join(dir, 'household_tokens.json'), 'utf8');
    expect(stored).not.toContain(issued.token);
    expect(stored).not.toContain(issued.token.slice(4));
    // A restart finds the same people.
    const reopened = await PersonalTokens.open(dir, new ManualClock());
    expect(reopened.identify(issued.token)?.userId).toBe('user2');
  });

  it('refuses a near miss, a made-up token and a revoked one', async () => {
    const tokens = await PersonalTokens.open(folder(), new ManualClock());
    const first = await tokens.issue('user2');
    const second = await tokens.issue('user2');
    const other = await tokens.issue('user3');
    const last = first.token.at(-1) === 'A' ? 'B' : 'A';
    expect(tokens.identify(`${first.token.slice(0, -1)}${last}`)).toBeNull();
    expect(tokens.identify('afp_not-a-token')).toBeNull();
    expect(tokens.counts().get('user2')).toBe(2);

    expect(await tokens.revoke('user2')).toBe(2);
    expect(tokens.identify(first.token)).toBeNull();
    expect(tokens.identify(second.token)).toBeNull();
    expect(tokens.identify(other.token)?.userId).toBe('user3');
  });
});
