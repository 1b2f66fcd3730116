import { describe, expect, it } from 'vitest';
import { openDemoIntentSource } from '../../../../electron/core/intent/demoSource';
import { intentContextFor, parseRequest } from '../../../../electron/core/intent/service';
import { temporaryFolder } from '../../../support/dataFolder';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const clock = { now: () => new Date('2026-11-27T15:00:00.000Z') };

describe('intent service over the demo seed', () => {
  it('parses for the acting user in their zone, with the injected clock', async () => {
    const source = await openDemoIntentSource({ clock });
    const parsed = await parseRequest(source, { text: 'pay bob 20 tomorrow', engine: 'rules' });
    expect(parsed).toEqual({
      text: 'pay bob 20 tomorrow',
      engine: 'rules',
      intent: expect.objectContaining({
        schedule: { kind: 'once', runAt: '2026-11-28T14:00:00.000Z' },
      }),
    });
  });

  it('uses another user’s contacts and zone when a user is named', async () => {
    const source = await openDemoIntentSource({ clock });
    const context = intentContextFor(source, { userId: 'user6' });
    expect(context.timezone).toBe('Europe/Berlin');
    expect(context.directory.actingUser.id).toBe('user6');
    expect(intentContextFor(source, { userId: 'user6', timezone: 'Asia/Tokyo' }).timezone).toBe(
      'Asia/Tokyo',
    );
  });

  it('names the known users when asked for an unknown one', async () => {
    const source = await openDemoIntentSource({ clock });
    expect(() => intentContextFor(source, { userId: 'user42' })).toThrow(
      /There is no user "user42".*user1, user2/,
    );
  });

  it('reports a corrupt seed instead of parsing against it', async () => {
    const folder = temporaryFolder();
    try {
      writeFileSync(join(folder.path, 'users.json'), '{"schemaVersion":1,"data":[{"id":"x"}]}');
      await expect(openDemoIntentSource({ seedDir: folder.path })).rejects.toMatchObject({
        code: 'corrupt_data',
      });
    } finally {
      folder.remove();
    }
  });
});
