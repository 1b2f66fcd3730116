import type { EventName, EventPayload } from '../../../shared/contract';
import type { HouseholdRole } from '../../../shared/schemas/user';
import type { UsersRepository } from '../repositories/users';
import type { Caller } from './actor';
import { resolveActor, type AuthorizeSources } from './authorize';
import type { PersonalTokens } from './personalTokens';
import { mayReceive } from './visibility';

/**
 * Setting up a household, for the CLI (`arcflux household`): people's roles and their
 * personal tokens. Not a contract method: tokens are handed out at the server's own
 * console, never over the network.
 */
export interface HouseholdAdmin {
  /** Issues a new personal token for the user; the token is returned once, never stored. */
  issueToken(userId: string): Promise<{ token: string; tokenId: string }>;
  /** Revokes every token of the user; returns how many. */
  revokeTokens(userId: string): Promise<number>;
  setRole(userId: string, role: HouseholdRole): Promise<void>;
  /** Everyone, with their role and how many tokens they hold. */
  people(): { userId: string; name: string; role: HouseholdRole; tokens: number }[];
  /** The caller a bearer token stands for, if it is a personal token; null otherwise. */
  identify(token: string): Caller | null;
  /**
   * Whether a door may pass this event to the caller (the SSE stream asks per event and
   * per client): by the same rule as the reads that show the same thing
   * (household/visibility.ts). A person no longer in the household gets nothing.
   */
  mayReceive<Name extends EventName>(
    caller: Caller,
    name: Name,
    payload: EventPayload<Name>,
  ): boolean;
}

export function householdAdmin(
  sources: AuthorizeSources & { users: UsersRepository },
  tokens: PersonalTokens,
  assertWritable: () => void,
): HouseholdAdmin {
  const { users } = sources;
  return {
    issueToken: async (userId) => {
      assertWritable();
      users.get(userId);
      return tokens.issue(userId);
    },
    revokeTokens: async (userId) => {
      assertWritable();
      users.get(userId);
      return tokens.revoke(userId);
    },
    setRole: async (userId, role) => {
      assertWritable();
      await users.setRole(userId, role);
    },
    people: () => {
      const counts = tokens.counts();
      return users.list().map((user) => ({
        userId: user.id,
        name: user.displayName,
        role: user.household,
        tokens: counts.get(user.id) ?? 0,
      }));
    },
    identify: (token) => {
      const found = tokens.identify(token);
      return found ? { kind: 'personal', ...found } : null;
    },
    mayReceive: (caller, name, payload) => {
      let actor;
      try {
        actor = resolveActor(sources, caller);
      } catch {
        return false;
      }
      return mayReceive(actor, name, payload);
    },
  };
}
