import {
  householdConnectionSchema,
  householdUrlProblemSchema,
  type HouseholdConnection,
  type HouseholdUrlProblem,
} from '../../../shared/schemas/household';
import { createHttpBridge } from '../bridge/httpBridge';

/**
 * Why a household server can't be used, as a code the form explains:
 * - an address problem (householdUrlProblem), or `bad_token_format`: refused before any request;
 * - unreachable: nothing answered (down, wrong address, or a browser refusing the reply);
 * - bad_token: the server answered and refused the token;
 * - origin_refused: the server refuses calls from this app's page (see --allow-origin);
 * - not_arcflux: something answered, but not as an ArcFlux server does.
 */
export type HouseholdCheckProblem =
  | HouseholdUrlProblem
  | 'bad_token_format'
  | 'unreachable'
  | 'bad_token'
  | 'origin_refused'
  | 'not_arcflux';

export type HouseholdCheck =
  | { ok: true; connection: HouseholdConnection; version: string; userName: string }
  | { ok: false; problem: HouseholdCheckProblem };

/**
 * Checks an address and token the user typed: parses them (nothing leaves the page when
 * they are wrong), asks the server's health (reachable, its version) and, with the
 * token, who it acts for. Uses the same HTTP bridge the app will use once connected, so
 * the check can't pass where the app would then fail.
 */
export async function checkHouseholdServer(
  input: { url: string; token: string },
  fetcher: typeof fetch,
): Promise<HouseholdCheck> {
  const parsed = householdConnectionSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (issue?.path[0] === 'token') return { ok: false, problem: 'bad_token_format' };
    const code = householdUrlProblemSchema.safeParse(issue?.message);
    return { ok: false, problem: code.success ? code.data : 'not_a_url' };
  }
  const connection = parsed.data;
  const bridge = createHttpBridge({
    fetch: fetcher,
    storage: noStorage,
    href: `${connection.url}/`,
    replaceUrl: () => undefined,
    saveFile: () => undefined,
    household: connection,
  });
  const health = await bridge.call('system:health', {});
  if (!health.ok) return { ok: false, problem: problemOf(health.error.code) };
  const users = await bridge.call('users:list', {});
  if (!users.ok) return { ok: false, problem: problemOf(users.error.code) };
  const acting = users.data.find((user) => user.id === health.data.actingUserId);
  // A server whose acting user is not among its users is not one the app can show.
  if (!acting) return { ok: false, problem: 'not_arcflux' };
  return { ok: true, connection, version: health.data.version, userName: acting.displayName };
}

function problemOf(code: string): HouseholdCheckProblem {
  if (code === 'unavailable') return 'unreachable';
  if (code === 'unauthorized') return 'bad_token';
  if (code === 'forbidden') return 'origin_refused';
  return 'not_arcflux';
}

/** The check keeps nothing: the token is stored only when the user connects. */
const noStorage = {
  getItem: () => null,
  setItem: () => undefined,
  removeItem: () => undefined,
};
