import { ContactDirectory } from '../../electron/core/intent/contacts';
import type { IntentContext } from '../../electron/core/intent/parseIntent';
import { CORPUS_NOW, CORPUS_TIMEZONE, DEFAULT_RUN_TIME, demoUsers } from './intentCorpus';

const users = demoUsers();

/** A parse context over the demo users: user1 acting, the corpus clock and zone by default. */
export function demoContext(
  overrides: { now?: string; timezone?: string; userId?: string } = {},
): IntentContext {
  const directory = ContactDirectory.fromUsers(users, overrides.userId ?? 'user1');
  if (!directory) throw new Error(`no demo user ${overrides.userId}`);
  return {
    now: new Date(overrides.now ?? CORPUS_NOW),
    timezone: overrides.timezone ?? CORPUS_TIMEZONE,
    directory,
    defaultRunTime: DEFAULT_RUN_TIME,
  };
}
