import { describe, expect, it } from 'vitest';
import { EVENT_NAMES, type EventName, type EventPayload } from '../../../../shared/contract';
import type { Actor } from '../../../../electron/core/household/actor';
import { mayReceive } from '../../../../electron/core/household/visibility';

/** Only the ids the rule reads: an event's person, or its payment's payer. */
const about = (userId: string): { [Name in EventName]: EventPayload<Name> } =>
  ({
    'payment:changed': { payment: { id: `pay_${userId}`, userId, recipientId: 'someone' } },
    'balance:changed': { balance: { userId, currency: 'USDC', amount: '1' } },
    'notification:created': { notification: { id: `n_${userId}`, userId, paymentId: null } },
    'notification:desktop': { notification: { id: `n_${userId}`, userId, paymentId: null } },
    'settings:changed': { settings: {} },
    'models:progress': { progress: {} },
    'models:changed': { overview: {} },
  }) as never;

const actor = (userId: string, role: Actor['role'], via: Actor['via']): Actor => ({
  userId,
  name: userId,
  role,
  via,
});

/** The kinds of event the actor gets about `userId`. */
function received(who: Actor, userId: string): EventName[] {
  const payloads = about(userId);
  return EVENT_NAMES.filter((name) => mayReceive(who, name, payloads[name] as never));
}

const EVERYTHING = [...EVENT_NAMES];
const HOUSEHOLD_WIDE = [
  'payment:changed',
  'settings:changed',
  'models:progress',
  'models:changed',
] as const;

describe('which events reach whom (the reads’ rule)', () => {
  it('sends a person with their own token everything about themselves', () => {
    for (const role of ['owner', 'member', 'viewer'] as const) {
      expect(received(actor('me', role, 'personal'), 'me'), role).toEqual(EVERYTHING);
    }
  });

  it("keeps another person's notifications and balances from every personal token, an owner's too", () => {
    for (const role of ['owner', 'member', 'viewer'] as const) {
      expect(received(actor('me', role, 'personal'), 'them'), role).toEqual([...HOUSEHOLD_WIDE]);
    }
  });

  it('lets an owner at the desktop or with the server token see everyone, and no one else', () => {
    expect(received(actor('me', 'owner', 'desktop'), 'them')).toEqual(EVERYTHING);
    // A desktop whose configured user is a member is that member, as its requests are.
    expect(received(actor('me', 'member', 'desktop'), 'them')).toEqual([...HOUSEHOLD_WIDE]);
  });
});
