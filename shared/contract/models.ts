import { z } from 'zod';
import { modelChoicePatchSchema, modelsOverviewSchema, modelViewSchema } from '../schemas/model';
import { defineSection } from './define';

/** Model ids contain a "/", so they travel in the body rather than in the path. */
const modelIdInput = z.object({ id: z.string().min(1) }).strict();

export const modelsSection = defineSection({
  /** The registry with each model's state, live progress, disk usage, choice and engines. */
  'models:list': {
    description:
      'List the local models with their state, download progress, disk usage, which model each task uses and whether each engine is ready.',
    input: z.object({}).strict(),
    output: modelsOverviewSchema,
    rest: { method: 'GET', path: '/v1/models' },
  },
  /** Starts a download in the background; `models:progress` and `models:changed` follow. */
  'models:download': {
    description: 'Start downloading a model from the hub; its progress arrives as events.',
    input: modelIdInput,
    output: modelViewSchema,
    rest: { method: 'POST', path: '/v1/models/download' },
  },
  'models:pause': {
    description: 'Pause a running download, keeping what arrived.',
    input: modelIdInput,
    output: modelViewSchema,
    rest: { method: 'POST', path: '/v1/models/pause' },
  },
  'models:resume': {
    description: 'Resume a paused download from where it stopped.',
    input: modelIdInput,
    output: modelViewSchema,
    rest: { method: 'POST', path: '/v1/models/resume' },
  },
  'models:cancel': {
    description: 'Cancel a running or paused download and delete its partial files.',
    input: modelIdInput,
    output: modelViewSchema,
    rest: { method: 'POST', path: '/v1/models/cancel' },
  },
  'models:delete': {
    description: 'Delete an installed model from this machine.',
    input: modelIdInput,
    output: modelViewSchema,
    rest: { method: 'POST', path: '/v1/models/delete' },
  },
  /** For machines without internet: the model's files copied from a folder, each checked. */
  'models:install': {
    description: "Install a model from a folder on this machine holding the model's files.",
    input: z.object({ id: z.string().min(1), folder: z.string().min(1).max(4096) }).strict(),
    output: modelViewSchema,
    rest: { method: 'POST', path: '/v1/models/install' },
  },
  /** Which model speech-to-text uses (and on which engine), and the LLM on or off. */
  'models:choose': {
    description: 'Choose the speech-to-text model and engine, and switch the LLM on or off.',
    input: modelChoicePatchSchema,
    output: modelsOverviewSchema,
    rest: { method: 'POST', path: '/v1/models/choose' },
  },
});
