import type { ParsedIntent, UnderstandInput } from '../../../shared/contract/intents';
import type { User } from '../../../shared/schemas/user';
import type { Clock } from '../clock';
import type { SystemConfig } from '../config/systemConfig';
import { CoreError } from '../errors';
import { ContactDirectory } from './contacts';
import { rulesEngine, understand, type IntentEngines } from './engine';
import { languageModelIntentEngine } from '../llm/intentEngine';
import { SWITCHED_OFF, type LocalLanguageModel } from '../llm/localLanguageModel';
import type { IntentContext } from './parseIntent';

/** The settings a parse depends on (a subset of the core's Settings). */
export interface IntentSettings {
  readonly actingUserId: string;
  readonly timezone: string;
  readonly defaultRunTime: string;
}

/**
 * Where parsing gets its data. The core backs it with its repositories; `arcflux parse`
 * without --data backs it with the demo seed, read-only, so parsing never needs or
 * locks a data folder.
 */
export interface IntentSource {
  users(): readonly User[];
  settings(): IntentSettings;
  readonly clock: Clock;
  readonly engines: IntentEngines;
}

/** `intents:parse`: the text, its intent, and the engine that produced it. */
export async function parseRequest(
  source: IntentSource,
  input: UnderstandInput,
): Promise<ParsedIntent> {
  const context = intentContextFor(source, input);
  const { intent, engine } = await understand(input.text, input.engine, source.engines, context);
  return { text: input.text, intent, engine };
}

/**
 * The context of one request: whose contacts and zone (the acting user unless another
 * is named), and the moment it is said at. An unknown user is a clear not_found.
 */
export function intentContextFor(
  source: IntentSource,
  request: Pick<UnderstandInput, 'userId' | 'now' | 'timezone'>,
): IntentContext {
  const settings = source.settings();
  const users = source.users();
  const userId = request.userId ?? settings.actingUserId;
  const directory = directoryFor(users, userId);
  if (!directory) {
    throw new CoreError(
      'not_found',
      `There is no user "${userId}" to parse commands for. Use one of: ${users.map((user) => user.id).join(', ')}.`,
    );
  }
  const ownZone =
    userId === settings.actingUserId ? settings.timezone : directory.actingUser.timezone;
  return {
    now: request.now ? new Date(request.now) : source.clock.now(),
    timezone: request.timezone ?? ownZone,
    directory,
    defaultRunTime: settings.defaultRunTime,
  };
}

/**
 * The engines this install has: the rules always; the local language model when the
 * core has one (it says itself whether it is on, installed and well). Without a core
 * (`arcflux parse` with no --data) there is no model folder to load one from.
 */
export function createIntentEngines(
  config: SystemConfig,
  languageModel?: LocalLanguageModel,
): IntentEngines {
  if (languageModel) return { rules: rulesEngine, llm: languageModelIntentEngine(languageModel) };
  return {
    rules: rulesEngine,
    llmMissingReason: config.models.llm.enabled
      ? 'the local language model runs only with a data folder (pass --data DIR)'
      : SWITCHED_OFF,
  };
}

// Alias indexes are built once per user list and acting user: the repositories hand out
// the same array until the next write, so a write naturally invalidates the cache.
const directories = new WeakMap<readonly User[], Map<string, ContactDirectory | undefined>>();

function directoryFor(users: readonly User[], userId: string): ContactDirectory | undefined {
  let byUser = directories.get(users);
  if (!byUser) {
    byUser = new Map();
    directories.set(users, byUser);
  }
  if (!byUser.has(userId)) byUser.set(userId, ContactDirectory.fromUsers(users, userId));
  return byUser.get(userId);
}
