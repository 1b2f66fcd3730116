import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { CallMethod, EventName } from '../../shared/contract';
import { DEFAULT_NOTIFICATION_RULES, type Settings } from '../../shared/schemas/settings';
import { notificationChannelSchema, type NotificationChannel } from '../../shared/schemas/user';
import { systemClock, type Clock } from './clock';
import { redactingLog, redactorFor, type Redact } from './config/redaction';
import {
  databaseUrl,
  loadSystemConfig,
  secretReferences,
  type SystemConfig,
} from './config/systemConfig';
import { DATA_FILES, prepareDataFolder } from './dataFolder';
import { createDispatch, logUnexpected, type Dispatch } from './dispatch';
import { CoreError } from './errors';
import { EventBus, type EventListener } from './events';
import { accountHandlers } from './handlers/accounts';
import { commandHandlers } from './handlers/commands';
import { intentHandlers } from './handlers/intents';
import { modelHandlers } from './handlers/models';
import { notificationHandlers } from './handlers/notifications';
import { paymentActionHandlers } from './handlers/paymentActions';
import { paymentHandlers } from './handlers/payments';
import { proposalHandlers } from './handlers/proposals';
import { schedulerHandlers } from './handlers/scheduler';
import { systemHandlers } from './handlers/system';
import type { CoreContext } from './handlers/types';
import { upcomingHandlers } from './handlers/upcoming';
import { voiceHandlers } from './handlers/voice';
import { authorize } from './household/authorize';
import { householdAdmin, type HouseholdAdmin } from './household/household';
import { PersonalTokens } from './household/personalTokens';
import { openMarketRates } from './market/createMarketData';
import { LocalLanguageModel, type LanguageModelBackend } from './llm/localLanguageModel';
import { currentModelChoice, defaultModelChoice } from './models/choice';
import { ModelManager, type ModelManagerOptions } from './models/modelManager';
import { loadModelRegistry } from './models/registry';
import { openMoneyPath, type MoneyPathOptions } from './moneyPath';
import { defaultConfigPath, defaultSeedDir } from './paths';
import { BalancesRepository } from './repositories/balances';
import { ledgerOver, openLedger } from './repositories/ledger';
import { SettingsRepository } from './repositories/settings';
import { UsersRepository } from './repositories/users';
import { SpeechEngines } from './speech/speechEngines';
import type { SpeechToText } from './speech/speechToText';
import { acquireDataLock } from './store';
import type { LedgerOptions } from './store/ledgerStore';
import { announceRemoteChanges } from './store/postgres/remoteEvents';
import { openHouseholdStore } from './store/postgres/householdStore';

/** Where a core keeps the household's state (system_config.json's `store.kind`). */
export type StoreKind = 'json' | 'postgres';

export interface CoreOptions {
  dataDir: string;
  /** Who holds the data folder, for the message another process gets: "the CLI". */
  owner: string;
  configPath?: string;
  seedDir?: string;
  clock?: Clock;
  env?: Readonly<Record<string, string | undefined>>;
  /** Where unexpected errors are reported; defaults to stderr. */
  log?: (line: string) => void;
  /**
   * Starts the scheduler's background tick (every scheduler.tickSeconds). Long-lived
   * doors (the desktop app, `arcflux serve`) want it; one-shot CLI commands don't.
   */
  runScheduler?: boolean;
  /** Test seams of the money path: connector wrapper, retry sleeper, crash points. */
  money?: Omit<MoneyPathOptions, 'log'>;
  /** Test seam: a speech-to-text double used instead of the engine the model choice names. */
  speech?: SpeechToText;
  /** Test seam: builds the language model (doubles in tests); transformers.js by default. */
  languageModel?: LanguageModelBackend;
  /** Test seams of the model manager: download retries and sleeper. */
  models?: ModelManagerOptions;
  /** Test seams of the ledger store: fold size and a pause inside a fold. */
  ledger?: LedgerOptions;
  /** Overrides system_config.json's `store.kind` (`serve --store`); the URL stays the config's. */
  store?: StoreKind;
}

export interface Core {
  readonly dataDir: string;
  readonly config: SystemConfig;
  /** Where the household's state is kept: the data folder, or the PostgreSQL store. */
  readonly store: StoreKind;
  /** For doors: validates the name and input, never throws, returns the envelope. */
  dispatch: Dispatch;
  /** For in-process callers (CLI, tests): the same path, typed by method name. */
  invoke: CallMethod;
  /** People, roles and personal tokens (`arcflux household`, and the REST door's tokens). */
  household: HouseholdAdmin;
  on<Name extends EventName>(name: Name, listener: EventListener<Name>): () => void;
  /** Releases the data folder. Pending writes finish first. */
  close(): Promise<void>;
}

/**
 * The composition root. Reads the config, takes the data folder's lock, seeds a fresh
 * folder, loads every file through its schema, and wires the handlers. Any failure
 * leaves the data folder unlocked and unchanged, with a message saying what to do.
 */
export async function openCore(options: CoreOptions): Promise<Core> {
  const clock = options.clock ?? systemClock;
  const env = options.env ?? process.env;
  const config = await loadSystemConfig(options.configPath ?? defaultConfigPath);
  const redact = redactorFor(secretReferences(config), env);
  const log = redactingLog(
    options.log ?? ((line: string) => process.stderr.write(`${line}\n`)),
    redact,
  );
  await createFolder(options.dataDir);
  const lock = await acquireDataLock(options.dataDir, options.owner);
  try {
    const settingsDefaults: Settings = {
      actingUserId: config.demo.actingUserId,
      timezone: config.demo.timezone,
      defaultRunTime: config.scheduler.defaultRunTime,
      missedRunPolicy: config.scheduler.missedRunPolicy,
      undoSeconds: config.scheduler.undoSeconds,
      guardian: config.guardian,
      notificationChannels: notificationChannelSchema.options.filter(
        (channel) => config.notifications[channelKey[channel]].enabled,
      ),
      notificationRules: DEFAULT_NOTIFICATION_RULES,
      models: defaultModelChoice(config),
    };
    const seedDir = options.seedDir ?? defaultSeedDir;
    const events = new EventBus();
    const kind = options.store ?? config.store.kind;
    const { users, balances, settings, ledger, household } =
      kind === 'postgres'
        ? await openHousehold(config, { clock, env, log, redact, seedDir, settingsDefaults })
        : await openDataFolder(options, clock, seedDir, settingsDefaults);
    if (household) {
      announceRemoteChanges(household, events);
      await warnOfFolderTokens(options.dataDir, clock, log);
    }
    // Personal tokens live with the household: in the database, every `serve` on it
    // shares them (one issued or revoked anywhere holds everywhere); else in the folder.
    const [registry, tokens] = await Promise.all([
      loadModelRegistry(),
      household
        ? PersonalTokens.over(household.tokens, clock)
        : PersonalTokens.open(options.dataDir, clock),
    ]);
    const models = new ModelManager(
      registry,
      { config, dataDir: options.dataDir, clock, events, settings },
      { ...options.models, ...(options.speech ? { speechStandIn: true } : {}) },
    );
    const context: CoreContext = {
      dataDir: options.dataDir,
      clock,
      config,
      env,
      redact,
      events,
      users,
      balances,
      payments: ledger.payments,
      proposals: ledger.proposals,
      ledger: ledger.store,
      ...(household
        ? {
            executor: {
              claims: household.claims,
              refresh: () => household.ledger.refresh(),
              subscribeRemote: (listener) => household.ledger.subscribeRemote(listener),
              verifyChain: () => household.ledger.verifyChain(),
            },
          }
        : {}),
      settings,
      journals: ledger.journals,
      languageModel: new LocalLanguageModel({
        choice: () => currentModelChoice(context),
        clock,
        use: (modelId, work) => models.use(modelId, work),
        ...(options.languageModel ? { backend: options.languageModel } : {}),
      }),
      models,
      market: openMarketRates(config, { dataDir: options.dataDir, clock, log }),
      assertWritable: () => lock.assertHeld(),
    };
    const money = await openMoneyPath(context, { ...options.money, log });
    if (household && options.runScheduler && money.connector.kind === 'simulated') {
      // Said once when a server starts paying: the simulated network lives in this server's
      // folder, so a second server on the database would simulate money of its own
      // (docs/household-server.md).
      log(
        "ArcFlux: this household server uses the simulated connector, whose network is kept in this server's own data folder. Run one server on the database with it, or configure Circle before starting more.",
      );
    }
    if (options.runScheduler) money.startTicking();
    const intents = intentHandlers(context);
    const speech = new SpeechEngines(context, options.speech);
    const dispatch = createDispatch(
      {
        ...systemHandlers(context),
        ...paymentHandlers(context, { readHistoryNow: options.runScheduler === true }),
        ...accountHandlers(context),
        ...intents,
        ...commandHandlers(context, money),
        ...paymentActionHandlers(context, money),
        ...schedulerHandlers(context, money),
        ...upcomingHandlers(context, money),
        ...notificationHandlers(context),
        ...proposalHandlers(context, money),
        ...voiceHandlers(context, { speech, parse: intents['intents:parse'] }),
        ...modelHandlers(context),
      },
      logUnexpected(log),
      (name, input, caller) => authorize(context, name, input, caller),
    );
    return {
      dataDir: options.dataDir,
      config,
      store: kind,
      dispatch,
      invoke: dispatch as CallMethod,
      household: householdAdmin(context, tokens, () => lock.assertHeld()),
      on: (name, listener) => events.on(name, listener),
      close: async () => {
        try {
          await Promise.all([
            money.close(),
            speech.close(),
            context.languageModel.close(),
            models.close(),
            context.market.close(),
          ]);
          await (household ? household.close() : ledger.store.close());
        } finally {
          await lock.release();
        }
      },
    };
  } catch (error) {
    await lock.release();
    throw error;
  }
}

/** Where each channel is switched on in system_config.json's `notifications`. */
const channelKey = {
  in_app: 'inApp',
  desktop: 'desktop',
  email: 'email',
  webhook: 'webhook',
  sms: 'sms',
} as const satisfies Record<NotificationChannel, keyof SystemConfig['notifications']>;

/** The desktop's store: the data folder's files, seeded from the demo on first start. */
async function openDataFolder(
  options: CoreOptions,
  clock: Clock,
  seedDir: string,
  settingsDefaults: Settings,
) {
  const { seeded } = await prepareDataFolder(options.dataDir, seedDir);
  const [users, balances, ledger] = await Promise.all([
    UsersRepository.open(options.dataDir, clock),
    BalancesRepository.open(options.dataDir, clock),
    openLedger(options.dataDir, clock, { ...options.ledger, seeded }),
  ]);
  const settings = await SettingsRepository.open(options.dataDir, clock, settingsDefaults);
  return { users, balances, settings, ledger, household: undefined };
}

/**
 * The household's store: PostgreSQL at store.url, shared with other `serve` processes.
 * The data folder still holds this process's own things (token, models, rate cache).
 */
async function openHousehold(
  config: SystemConfig,
  options: {
    clock: Clock;
    env: Readonly<Record<string, string | undefined>>;
    log: (line: string) => void;
    redact: Redact;
    seedDir: string;
    settingsDefaults: Settings;
  },
) {
  const { store } = config;
  if (store.kind !== 'postgres') {
    throw new CoreError(
      'invalid_config',
      'The PostgreSQL store was asked for, but system_config.json has no store.url. Add "store": { "kind": "postgres", "url": "env:ARCFLUX_DATABASE_URL" } and set that variable; nothing was changed.',
    );
  }
  const household = await openHouseholdStore({
    url: databaseUrl(store, options.env),
    clock: options.clock,
    log: options.log,
    redact: options.redact,
    seedDir: options.seedDir,
    settings: options.settingsDefaults,
  });
  return {
    users: new UsersRepository(household.users),
    balances: new BalancesRepository(household.balances),
    settings: new SettingsRepository(household.settings),
    ledger: ledgerOver(household.ledger),
    household,
  };
}

/**
 * Tokens a server issued into its own folder, before tokens moved into the database, no
 * longer sign in. They are not copied in: another server may have revoked the same
 * person's tokens since, and a copy would bring them back. Saying so keeps it no surprise.
 */
async function warnOfFolderTokens(dataDir: string, clock: Clock, log: (line: string) => void) {
  const left = await PersonalTokens.countInFolder(dataDir, clock);
  if (left === 0) return;
  log(
    `ArcFlux: ${join(dataDir, DATA_FILES.householdTokens)} holds ${left} personal token(s) that this server does not read: on the PostgreSQL store, tokens are kept in the database and shared by every serve. Issue them again with "arcflux household token --user ID"; the file was left as it was.`,
  );
}

async function createFolder(dataDir: string): Promise<void> {
  try {
    await mkdir(dataDir, { recursive: true });
  } catch (error) {
    throw new CoreError(
      'unavailable',
      `ArcFlux could not create its data folder ${dataDir} (${(error as NodeJS.ErrnoException).code ?? 'unknown error'}). Check its permissions, or choose another folder with --data DIR.`,
      { cause: error },
    );
  }
}
