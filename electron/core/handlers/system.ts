import packageJson from '../../../package.json' with { type: 'json' };
import type { systemSection } from '../../../shared/contract/system';
import { toInstant } from '../clock';
import { isCoreError } from '../errors';
import { validateData } from '../validation/validateData';
import type { CoreContext, HandlerMap } from './types';

export function systemHandlers(context: CoreContext): HandlerMap<keyof typeof systemSection> {
  return {
    'system:health': (_input, actor) => {
      const problems = healthProblems(context);
      return {
        status: problems.length === 0 ? 'ok' : 'degraded',
        problems,
        version: packageJson.version,
        now: toInstant(context.clock.now()),
        // A household member's client learns who its token acts as from here.
        actingUserId: actor?.userId ?? context.settings.get().actingUserId,
        connector: context.config.connector.kind,
      };
    },
    'system:validate': () => validateData(context),
  };
}

/** What keeps the core from working fully, checked afresh on every health call. */
function healthProblems(context: CoreContext): { code: 'data_lock_lost'; message: string }[] {
  try {
    context.assertWritable();
    return [];
  } catch (error) {
    if (!isCoreError(error) || error.code !== 'locked') throw error;
    return [{ code: 'data_lock_lost', message: error.message }];
  }
}
