import type { modelsSection } from '../../../shared/contract/models';
import type { CoreContext, HandlerMap } from './types';

export function modelHandlers(context: CoreContext): HandlerMap<keyof typeof modelsSection> {
  const { models } = context;
  return {
    'models:list': () => models.overview(),
    'models:download': ({ id }) => {
      context.assertWritable();
      return models.download(id);
    },
    'models:pause': ({ id }) => models.pause(id),
    'models:resume': ({ id }) => {
      context.assertWritable();
      return models.resume(id);
    },
    'models:cancel': ({ id }) => {
      context.assertWritable();
      return models.cancel(id);
    },
    'models:delete': ({ id }) => {
      context.assertWritable();
      return models.remove(id);
    },
    'models:install': ({ id, folder }) => {
      context.assertWritable();
      return models.install(id, folder);
    },
    'models:choose': (patch) => {
      context.assertWritable();
      return models.choose(patch);
    },
  };
}
