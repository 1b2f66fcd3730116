import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MethodName, MethodInput, MethodOutput } from '../../shared/contract';
import { FaultInjector } from '../../electron/core/connectors/faultInjection';
import { openCore, type Core } from '../../electron/core/createCore';
import type { LanguageModelBackend } from '../../electron/core/llm/localLanguageModel';
import type { MoneyPathOptions } from '../../electron/core/moneyPath';
import type { SpeechToText } from '../../electron/core/speech/speechToText';
import { repositoryRoot, seedDir } from './dataFolder';
import { ManualClock } from './manualClock';

/**
 * A data folder with the demo seed, in memory-backed tmpfs when the machine has one
 * (/dev/shm): the files, fsyncs and renames are all real, only faster.
 */
export function moneyFolder(): { path: string; remove(): void } {
  const base = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
  const path = mkdtempSync(join(base, 'arcflux-money-'));
  cpSync(seedDir, path, { recursive: true });
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** A variant of system_config.json, written into `folder` (which it doesn't disturb). */
export function configWith(folder: string, change: (config: Record<string, any>) => void): string {
  const config = JSON.parse(readFileSync(join(repositoryRoot, 'system_config.json'), 'utf8'));
  change(config);
  const path = join(folder, 'test_system_config.json');
  writeFileSync(path, JSON.stringify(config));
  return path;
}

export interface MoneyCore {
  core: Core;
  clock: ManualClock;
  faults: FaultInjector;
  /** Every wait a retry asked for, in milliseconds; nothing really waits. */
  sleeps: number[];
  dataDir: string;
  /** Calls a method and returns its data, or throws with the error's code and message. */
  call<Name extends MethodName>(name: Name, input: MethodInput<Name>): Promise<MethodOutput<Name>>;
  /** Calls a method and returns the error body it must fail with. */
  fail<Name extends MethodName>(
    name: Name,
    input: MethodInput<Name>,
  ): Promise<{ code: string; message: string }>;
}

/**
 * A core over `dataDir` on a manual clock, with instant retries and a fault injector in
 * front of the configured connector. Close it with `core.close()`.
 */
export async function openMoneyCore(options: {
  dataDir: string;
  clock?: ManualClock;
  configPath?: string;
  pause?: MoneyPathOptions['pause'];
  log?: (line: string) => void;
  env?: Record<string, string | undefined>;
  /** A speech-to-text test double for voice:transcribe. */
  speech?: SpeechToText;
  /** Builds the language model (an LLM test double); it runs only if the config enables it. */
  languageModel?: LanguageModelBackend;
}): Promise<MoneyCore> {
  const clock = options.clock ?? new ManualClock('2026-11-02T14:00:00.000Z');
  const faults = new FaultInjector();
  const sleeps: number[] = [];
  const core = await openCore({
    dataDir: options.dataDir,
    owner: 'a money-path test',
    clock,
    ...(options.configPath ? { configPath: options.configPath } : {}),
    ...(options.env ? { env: options.env } : {}),
    ...(options.speech ? { speech: options.speech } : {}),
    ...(options.languageModel ? { languageModel: options.languageModel } : {}),
    log: options.log ?? (() => undefined),
    money: {
      wrapConnector: (connector) => faults.wrap(connector),
      sleep: async (milliseconds) => {
        sleeps.push(milliseconds);
      },
      ...(options.pause ? { pause: options.pause } : {}),
    },
  });
  return {
    core,
    clock,
    faults,
    sleeps,
    dataDir: options.dataDir,
    async call(name, input) {
      const result = await core.invoke(name, input);
      if (!result.ok)
        throw new Error(`${name} failed: ${result.error.code}: ${result.error.message}`);
      return result.data;
    },
    async fail(name, input) {
      const result = await core.invoke(name, input);
      if (result.ok) throw new Error(`${name} was expected to fail but succeeded`);
      return result.error;
    },
  };
}

/**
 * Simulates the process dying: the core is abandoned as it is (a tick may be frozen
 * mid-way) and its lock file removed, as a dead process's lock would be taken over. The
 * abandoned core can write nothing more: it no longer holds the folder.
 */
export function crash(money: MoneyCore): void {
  rmSync(join(money.dataDir, 'arcflux.lock'), { force: true });
}

/**
 * Turns the undo window off through settings, as a user would, for tests about something
 * else that confirm or approve a payment and tick at once. Tests of the window keep it.
 */
export async function withoutUndoWindow(money: MoneyCore): Promise<MoneyCore> {
  await money.call('settings:update', { undoSeconds: 0 });
  return money;
}

/** Says a payment command and confirms its proposal; returns the scheduled payment. */
export async function proposeAndConfirm(money: MoneyCore, text: string) {
  const result = await money.call('commands:run', { text });
  if (!result.payment || !result.proposal) {
    throw new Error(
      `"${text}" was not proposed: ${result.decision.outcome}: ${result.decision.reply}`,
    );
  }
  return (await money.call('payments:confirm', { id: result.payment.id })).payment;
}
