import type { HouseholdRole, User } from '../../../shared/schemas/user';

/**
 * Who a door says is calling:
 * - desktop: the desktop window, the CLI, or the server's own token and browser sessions;
 *   they act as the configured user (settings' actingUserId), as before households;
 * - personal: a person's own token (personalTokens.ts); they act as that person only.
 */
export type Caller = { kind: 'desktop' } | { kind: 'personal'; userId: string; tokenId: string };

export const DESKTOP_CALLER: Caller = { kind: 'desktop' };

/** The person a request acts as, worked out by the core from the caller. */
export interface Actor {
  userId: string;
  name: string;
  role: HouseholdRole;
  via: Caller['kind'];
}

export function actorOf(user: User, via: Caller['kind']): Actor {
  return { userId: user.id, name: user.displayName, role: user.household, via };
}
