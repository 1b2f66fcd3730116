import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { userSchema } from '../../../shared/schemas/user';
import { systemClock, type Clock } from '../clock';
import { loadSystemConfig } from '../config/systemConfig';
import { CoreError } from '../errors';
import { defaultConfigPath, defaultSeedDir } from '../paths';
import { createIntentEngines, type IntentSource } from './service';

/**
 * An IntentSource over the demo seed (data/users.json) and system_config.json, read
 * once and never written. `arcflux parse` uses it when no --data is given, so parsing a
 * file of commands neither needs nor locks a data folder.
 */
export async function openDemoIntentSource(
  options: { seedDir?: string; configPath?: string; clock?: Clock } = {},
): Promise<IntentSource> {
  const config = await loadSystemConfig(options.configPath ?? defaultConfigPath);
  const usersPath = join(options.seedDir ?? defaultSeedDir, 'users.json');
  const users = await readSeedUsers(usersPath);
  const settings = {
    actingUserId: config.demo.actingUserId,
    timezone: config.demo.timezone,
    defaultRunTime: config.scheduler.defaultRunTime,
  };
  return {
    users: () => users,
    settings: () => settings,
    clock: options.clock ?? systemClock,
    engines: createIntentEngines(config),
  };
}

const seedUsersSchema = z.object({ schemaVersion: z.literal(1), data: z.array(userSchema) });

async function readSeedUsers(path: string) {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CoreError(
      'unavailable',
      `ArcFlux could not read the demo users ${path} (${(error as NodeJS.ErrnoException).code ?? 'unknown error'}). Reinstall the app, or pass --data DIR to parse against a data folder.`,
      { cause: error },
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    raw = undefined;
  }
  const parsed = seedUsersSchema.safeParse(raw);
  if (!parsed.success) {
    throw new CoreError(
      'corrupt_data',
      `The demo users file ${path} is not valid (${parsed.error.issues[0]?.message ?? 'not JSON'}). Restore it from the release, or pass --data DIR.`,
    );
  }
  return parsed.data.data;
}
