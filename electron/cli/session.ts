import { resolve } from 'node:path';
import type { MethodName, MethodOutput } from '../../shared/contract';
import type { Clock } from '../core/clock';
import { CoreError } from '../core/errors';
import { openCore, type Core, type StoreKind } from '../core/createCore';
import { defaultDataDir } from '../core/paths';

export interface CommandCoreOptions {
  data?: string;
  config?: string;
  /** `tick --now` and the demo run the core on a clock of their own. */
  clock?: Clock;
  /** Long-lived commands (serve) run the scheduler's background tick. */
  runScheduler?: boolean;
  /** `serve --store`: overrides system_config.json's store.kind. */
  store?: StoreKind;
}

/** Opens the core the way every command does: --data, else ARCFLUX_DATA_DIR, else app data. */
export function openCommandCore(options: CommandCoreOptions): Promise<Core> {
  return openCore({
    dataDir: commandDataDir(options.data),
    configPath: options.config ? resolve(options.config) : undefined,
    owner: 'the ArcFlux command line',
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.runScheduler ? { runScheduler: true } : {}),
    ...(options.store ? { store: options.store } : {}),
  });
}

/** The data folder a command works on: --data, else ARCFLUX_DATA_DIR, else app data. */
export function commandDataDir(data: string | undefined): string {
  return resolve(data ?? defaultDataDir());
}

/** Runs `work` with an open core and always releases the data folder afterwards. */
export async function withCore<T>(
  options: CommandCoreOptions,
  work: (core: Core) => Promise<T>,
): Promise<T> {
  const core = await openCommandCore(options);
  try {
    return await work(core);
  } finally {
    await core.close();
  }
}

/**
 * Calls a method with unchecked input (the core validates it) and returns its typed
 * output, or throws the core's error so the command prints it and exits non-zero.
 */
export async function callCore<Name extends MethodName>(
  core: Core,
  name: Name,
  input: unknown,
): Promise<MethodOutput<Name>> {
  const result = await core.dispatch(name, input);
  if (!result.ok) throw new CoreError(result.error.code, result.error.message);
  // dispatch has parsed the output with this method's schema.
  return result.data as MethodOutput<Name>;
}
