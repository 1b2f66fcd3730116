import type { EventName, EventPayload, MethodName } from '../../../shared/contract';
import type { Actor } from './actor';
import { mayCall, OWN_PAYMENT_METHODS } from './permissions';

/**
 * Whether the actor may name this user in a request, or see what is that user's own
 * (balances, notifications): their own always; anyone's only an owner who acts through
 * the desktop, the CLI or the server's own token. A personal token acts as its person
 * only, an owner's too. authorize.ts refuses a request naming anyone else by this rule,
 * and the event stream keeps back another person's events by it.
 */
export function mayActFor(actor: Actor, userId: string): boolean {
  return userId === actor.userId || (actor.via !== 'personal' && actor.role === 'owner');
}

/**
 * Whether the actor may call `method` on a payment: an owner any; a member or viewer
 * their own wherever the method is one of OWN_PAYMENT_METHODS. Reads of a payment are not
 * among them (the household shares its history), so every role sees every payment.
 */
export function mayUsePayment(
  actor: Actor,
  method: MethodName,
  payment: { userId: string },
): boolean {
  return (
    actor.role === 'owner' || !OWN_PAYMENT_METHODS.has(method) || payment.userId === actor.userId
  );
}

/**
 * Each event as the read that would show the same thing, and what in its payload makes it
 * someone's: the person it belongs to, or the payment it is about. A Record over every
 * event, so a new event can't reach a client without being placed here.
 */
const EVENT_READS: {
  readonly [Name in EventName]: {
    method: MethodName;
    userId?: (payload: EventPayload<Name>) => string;
    payment?: (payload: EventPayload<Name>) => { userId: string };
  };
} = {
  'payment:changed': { method: 'payments:get', payment: ({ payment }) => payment },
  'balance:changed': { method: 'balance:get', userId: ({ balance }) => balance.userId },
  'notification:created': {
    method: 'notifications:list',
    userId: ({ notification }) => notification.userId,
  },
  'notification:desktop': {
    method: 'notifications:list',
    userId: ({ notification }) => notification.userId,
  },
  'settings:changed': { method: 'settings:get' },
  'models:progress': { method: 'models:list' },
  'models:changed': { method: 'models:list' },
};

/**
 * Whether an event may go to this actor: exactly when the read that shows the same thing
 * would answer them (their role may call it, it is theirs or they may act for its person,
 * and they may use its payment). Decided on ids in the payload, never on text.
 */
export function mayReceive<Name extends EventName>(
  actor: Actor,
  name: Name,
  payload: EventPayload<Name>,
): boolean {
  const read = EVENT_READS[name];
  if (!mayCall(actor.role, read.method)) return false;
  if (read.userId && !mayActFor(actor, read.userId(payload))) return false;
  return !read.payment || mayUsePayment(actor, read.method, read.payment(payload));
}
