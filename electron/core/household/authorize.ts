import type { MethodName } from '../../../shared/contract';
import type { ErrorReason } from '../../../shared/errors';
import type { Payment } from '../../../shared/schemas/payment';
import type { Settings } from '../../../shared/schemas/settings';
import type { User } from '../../../shared/schemas/user';
import { CoreError } from '../errors';
import { actorOf, type Actor, type Caller } from './actor';
import { mayCall, METHOD_ACTIONS } from './permissions';
import { mayActFor, mayUsePayment } from './visibility';

export interface AuthorizeSources {
  users: { find(id: string): User | undefined };
  settings: { get(): Pick<Settings, 'actingUserId'> };
  payments: { find(id: string): Payment | undefined };
}

/**
 * Methods where an absent `userId` means "the acting user" (the handler falls back to the
 * desktop's user): a personal token's own id is filled in, so it never acts as the desktop.
 * Lists of payments and transfers are left alone: without a userId they show the household.
 */
const ACTS_AS_USER: ReadonlySet<MethodName> = new Set<MethodName>([
  'balance:get',
  'balance:combined',
  'commands:run',
  'commands:preview',
  'intents:parse',
  'intents:respond',
  'notifications:list',
  'notifications:read',
  'upcoming:list',
  'voice:transcribe',
]);

/**
 * The core's one permission check, run by dispatch for every door (IPC, REST, CLI) after
 * the input is parsed and before the handler: works out the acting person from the
 * caller, refuses what their household role may not do, refuses a personal token naming
 * another user, and keeps members and viewers to their own payments. Refusals are
 * `forbidden` with a reason code; nothing is changed.
 */
export function authorize(
  sources: AuthorizeSources,
  method: MethodName,
  input: Record<string, unknown>,
  caller: Caller,
): { actor: Actor; input: Record<string, unknown> } {
  const actor = resolveActor(sources, caller);
  if (!mayCall(actor.role, method)) {
    throw refusal(
      'role_forbids',
      `${actor.name} is a household ${actor.role}, and a ${actor.role} may not ${ACTION_WORDS[METHOD_ACTIONS[method]]} (${method}). Nothing was changed; ask an owner of the household to do it, or to change your role.`,
    );
  }
  const named = typeof input.userId === 'string' ? input.userId : undefined;
  if (named !== undefined && !mayActFor(actor, named)) {
    throw refusal(
      'other_user',
      `This request names user "${named}", but it comes from ${actor.name} (${actor.userId}), who acts only as themselves. Nothing was changed; leave userId out, or send it with ${named}'s own token.`,
    );
  }
  const paymentId = typeof input.id === 'string' ? input.id : undefined;
  const payment = paymentId === undefined ? undefined : sources.payments.find(paymentId);
  // An unknown id is left to the handler, which says not_found as it always has.
  if (payment && !mayUsePayment(actor, method, payment)) {
    throw refusal(
      'not_your_payment',
      `Payment ${payment.id} belongs to another member of the household, and a ${actor.role} may act only on their own payments. Nothing was changed; ask its payer or an owner.`,
    );
  }
  const filled =
    caller.kind === 'personal' && named === undefined && ACTS_AS_USER.has(method)
      ? { ...input, userId: actor.userId }
      : input;
  return { actor, input: filled };
}

/** The person behind a caller; a token whose user has since gone is refused. */
export function resolveActor(sources: AuthorizeSources, caller: Caller): Actor {
  if (caller.kind === 'desktop') {
    const id = sources.settings.get().actingUserId;
    const user = sources.users.find(id);
    // As before households: the desktop's user is an owner, and a handler that needs the
    // user says not_found for one that is missing, as it always has.
    return user
      ? actorOf(user, 'desktop')
      : { userId: id, name: id, role: 'owner', via: 'desktop' };
  }
  const user = sources.users.find(caller.userId);
  if (!user) {
    throw new CoreError(
      'unauthorized',
      `This personal token belongs to user "${caller.userId}", who is no longer in this household. Ask an owner for a new token; nothing was changed.`,
    );
  }
  return actorOf(user, 'personal');
}

const ACTION_WORDS = {
  browse: 'browse',
  pay: 'pay, confirm, approve, cancel or change payments',
  manage: 'change settings or local models',
} as const;

export function refusal(reason: ErrorReason, message: string): CoreError {
  return new CoreError('forbidden', message, { reason });
}
