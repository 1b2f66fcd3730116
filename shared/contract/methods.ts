import type { z } from 'zod';
import type { Result } from '../errors';
import { accountsSection } from './accounts';
import { commandsSection } from './commands';
import { mergeSections } from './define';
import { intentsSection } from './intents';
import { modelsSection } from './models';
import { notificationsSection } from './notifications';
import { paymentActionsSection } from './paymentActions';
import { paymentsSection } from './payments';
import { proposalsSection } from './proposals';
import { schedulerSection } from './scheduler';
import { systemSection } from './system';
import { transfersSection } from './transfers';
import { upcomingSection } from './upcoming';
import { voiceSection } from './voice';

/** Every method any door can call, keyed `domain:verb`. */
export const contract = mergeSections(
  systemSection,
  paymentsSection,
  transfersSection,
  accountsSection,
  intentsSection,
  commandsSection,
  paymentActionsSection,
  schedulerSection,
  upcomingSection,
  notificationsSection,
  proposalsSection,
  voiceSection,
  modelsSection,
);

export type Contract = typeof contract;
export type MethodName = keyof Contract;
/** What a caller may pass: defaults not yet applied. */
export type MethodInput<Name extends MethodName> = z.input<Contract[Name]['input']>;
/** What a handler receives: parsed, defaults applied. */
export type ParsedInput<Name extends MethodName> = z.output<Contract[Name]['input']>;
export type MethodOutput<Name extends MethodName> = z.output<Contract[Name]['output']>;

export const METHOD_NAMES = Object.keys(contract) as MethodName[];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(contract, name);
}

/** The one call signature every door implements (IPC, HTTP, in-process). */
export type CallMethod = <Name extends MethodName>(
  name: Name,
  input: MethodInput<Name>,
) => Promise<Result<MethodOutput<Name>>>;
