import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { modelEntrySchema, type ModelEntry } from '../../../shared/schemas/model';
import { CoreError } from '../errors';
import { projectRoot } from '../paths';

/** The registry shipped with the app: every model ArcFlux knows how to fetch and run. */
export const defaultRegistryPath = join(projectRoot, 'resources', 'models.json');

const registrySchema = z
  .object({ schemaVersion: z.literal(1), models: z.array(modelEntrySchema) })
  .strict()
  .refine(
    (registry) => new Set(registry.models.map((model) => model.id)).size === registry.models.length,
    {
      message: 'lists a model id twice',
    },
  );

export async function loadModelRegistry(path = defaultRegistryPath): Promise<ModelEntry[]> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new CoreError(
      'invalid_config',
      `ArcFlux could not read its model registry ${path} (${(error as Error).message}). Reinstall ArcFlux to restore it.`,
    );
  }
  const parsed = registrySchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CoreError(
      'invalid_config',
      `The model registry ${path} is invalid at "${issue?.path.join('.') ?? ''}": ${issue?.message ?? 'unknown problem'}. Reinstall ArcFlux to restore it.`,
    );
  }
  return parsed.data.models;
}

/** Looks a model up by id, with the list of known ids when it isn't there. */
export function findModel(models: readonly ModelEntry[], id: string): ModelEntry {
  const model = models.find((candidate) => candidate.id === id);
  if (!model) {
    throw new CoreError(
      'not_found',
      `There is no model "${id}" in the registry. Known models: ${models.map((known) => known.id).join(', ')}.`,
    );
  }
  return model;
}
