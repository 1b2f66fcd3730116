import packageJson from '../../../package.json' with { type: 'json' };
import type { systemSection } from '../../../shared/contract/system';
import { toInstant } from '../clock';
import { validateData } from '../validation/validateData';
import type { CoreContext, HandlerMap } from './types';

export function systemHandlers(context: CoreContext): HandlerMap<keyof typeof systemSection> {
  return {
    'system:health': () => ({
      status: 'ok',
      version: packageJson.version,
      now: toInstant(context.clock.now()),
      actingUserId: context.settings.get().actingUserId,
      connector: context.config.connector.kind,
    }),
    'system:validate': () => validateData(context),
  };
}
