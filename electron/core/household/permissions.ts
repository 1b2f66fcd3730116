import type { MethodName } from '../../../shared/contract';
import type { HouseholdRole } from '../../../shared/schemas/user';

/**
 * What a contract method does, for the household's roles:
 * - browse: reads (lists, transfers, balances, CSV, proposals, dry runs) and the reader's
 *   own notification state; nothing moves or changes for anyone else;
 * - pay: makes, confirms, cancels or changes payments (and runs due ones);
 * - manage: changes how this install works for everyone (settings, local models).
 */
export type HouseholdAction = 'browse' | 'pay' | 'manage';

/**
 * Every method's action. A Record over every method name, so a new method can't be
 * added to the contract without being placed here (the type check fails).
 */
export const METHOD_ACTIONS: Readonly<Record<MethodName, HouseholdAction>> = {
  'system:health': 'browse',
  'system:validate': 'browse',
  'payments:list': 'browse',
  'payments:get': 'browse',
  'transfers:list': 'browse',
  'transfers:export': 'browse',
  'balance:get': 'browse',
  'balance:combined': 'browse',
  'users:list': 'browse',
  'settings:get': 'browse',
  'settings:update': 'manage',
  'intents:parse': 'browse',
  'intents:respond': 'browse',
  // A command may pay; its read-only dry run may not.
  'commands:run': 'pay',
  'commands:preview': 'browse',
  'payments:confirm': 'pay',
  'payments:review': 'browse',
  'payments:cancel': 'pay',
  'payments:restore': 'pay',
  'payments:undo': 'pay',
  'payments:pause': 'pay',
  'payments:resume': 'pay',
  'payments:skip': 'pay',
  'scheduler:tick': 'pay',
  'upcoming:list': 'browse',
  'notifications:list': 'browse',
  // Marks the reader's own notifications read: their own state, not money.
  'notifications:read': 'browse',
  'proposals:get': 'browse',
  'voice:transcribe': 'browse',
  'models:list': 'browse',
  'models:download': 'manage',
  'models:pause': 'manage',
  'models:resume': 'manage',
  'models:cancel': 'manage',
  'models:delete': 'manage',
  'models:install': 'manage',
  'models:choose': 'manage',
};

/**
 * What each role may do. Owners do everything, and alone approve a member's payment that
 * needs a second person (approval.ts); members pay and manage their own payments; viewers
 * browse.
 */
export const ROLE_ACTIONS: Readonly<Record<HouseholdRole, ReadonlySet<HouseholdAction>>> = {
  owner: new Set(['browse', 'pay', 'manage']),
  member: new Set(['browse', 'pay']),
  viewer: new Set(['browse']),
};

export function mayCall(role: HouseholdRole, method: MethodName): boolean {
  return ROLE_ACTIONS[role].has(METHOD_ACTIONS[method]);
}

/**
 * Methods whose input names a payment (`id` or `paymentId`) that a member or viewer may
 * act on only when it is their own. Reads of a payment stay open to the household.
 */
export const OWN_PAYMENT_METHODS: ReadonlySet<MethodName> = new Set<MethodName>([
  'payments:confirm',
  'payments:cancel',
  'payments:restore',
  'payments:undo',
  'payments:pause',
  'payments:resume',
  'payments:skip',
]);
