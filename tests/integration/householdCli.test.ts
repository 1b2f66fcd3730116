import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCore } from '../../electron/core/createCore';
import { runCli } from '../support/cli';
import { moneyFolder } from '../support/moneyCore';

const folder = moneyFolder();
afterAll(() => folder.remove());

describe('arcflux household', () => {
  it('sets roles, prints a personal token once, keeps only its hash, and revokes it', async () => {
    const role = await runCli([
      'household',
      'role',
      '--user',
      'user2',
      '--role',
      'member',
      '--data',
      folder.path,
    ]);
    expect(role).toMatchObject({ code: 0, stdout: 'user2 is now a household member.\n' });

    const issued = await runCli([
      'household',
      'token',
      '--user',
      'user2',
      '--json',
      '--data',
      folder.path,
    ]);
    expect(issued.code).toBe(0);
    const { token, tokenId } = JSON.parse(issued.stdout) as { token: string; tokenId: string };
    expect(token).toMatch(/^afp_/);
    expect(readFileSync(join(folder.path, 'household_tokens.json'), 'utf8')).not.toContain(token);

    const core = await openCore({
      dataDir: folder.path,
      owner: 'a household CLI test',
      log: () => undefined,
    });
    try {
      expect(core.household.identify(token)).toEqual({
        kind: 'personal',
        userId: 'user2',
        tokenId,
      });
      expect(core.household.people().find((person) => person.userId === 'user2')).toMatchObject({
        role: 'member',
        tokens: 1,
      });
    } finally {
      await core.close();
    }

    const listed = await runCli(['household', 'list', '--data', folder.path]);
    expect(listed.stdout).toMatch(/user2\s+User Two\s+member\s+1/);

    const revoked = await runCli([
      'household',
      'token',
      '--user',
      'user2',
      '--revoke',
      '--data',
      folder.path,
    ]);
    expect(revoked.stdout).toContain('Revoked 1 personal token(s) of user2');
    const after = await openCore({
      dataDir: folder.path,
      owner: 'a household CLI test',
      log: () => undefined,
    });
    try {
      expect(after.household.identify(token)).toBeNull();
    } finally {
      await after.close();
    }
  });

  it('explains a missing user, an unknown role and an unknown person, changing nothing', async () => {
    const noUser = await runCli(['household', 'token', '--data', folder.path]);
    expect(noUser.code).toBe(2);
    expect(noUser.stderr).toContain('"token" needs --user ID');
    const badRole = await runCli([
      'household',
      'role',
      '--user',
      'user2',
      '--role',
      'boss',
      '--data',
      folder.path,
    ]);
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toContain('--role');
    const unknown = await runCli(['household', 'token', '--user', 'nobody', '--data', folder.path]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('There is no user "nobody"');
  });
});
