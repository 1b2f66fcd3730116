import { z } from 'zod';

/** sessionStorage: the token lives as long as this tab, and no other tab can read it. */
export const TOKEN_KEY = 'arcflux.sessionToken';

export interface SessionEnvironment {
  fetch: typeof fetch;
  storage: TokenStorage;
  /** The page's current address. */
  href: string;
  /** Replaces the address without navigating (history.replaceState). */
  replaceUrl(url: string): void;
}

/** The part of sessionStorage used; declared here so tests can run without a DOM. */
export interface TokenStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export type SessionOutcome = { kind: 'ready'; token: string } | { kind: 'none'; message: string };

/**
 * Signs this tab in. `arcflux serve` prints an address ending in `#launch=CODE`; the code
 * is traded once for a bearer token kept in sessionStorage. The fragment is removed from
 * the address first, whatever happens next, so the code never lingers in history or on
 * screen. Without a code, a token saved earlier in this tab is reused.
 */
export async function establishSession(environment: SessionEnvironment): Promise<SessionOutcome> {
  const launchCode = takeLaunchCode(environment);
  const saved = environment.storage.getItem(TOKEN_KEY);
  if (!launchCode) {
    return saved ? { kind: 'ready', token: saved } : { kind: 'none', message: NOT_SIGNED_IN };
  }
  try {
    const response = await environment.fetch('/v1/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ launchCode }),
    });
    const reply = sessionReplySchema.safeParse(await response.json());
    if (reply.success && reply.data.ok) {
      environment.storage.setItem(TOKEN_KEY, reply.data.data.token);
      return { kind: 'ready', token: reply.data.data.token };
    }
    if (saved) return { kind: 'ready', token: saved };
    const reason = reply.success && !reply.data.ok ? ` (${reply.data.error.message})` : '';
    return {
      kind: 'none',
      message: `This launch link was not accepted${reason}. Launch links work once; run \`arcflux serve\` again and open the new address it prints.`,
    };
  } catch {
    if (saved) return { kind: 'ready', token: saved };
    return {
      kind: 'none',
      message:
        'ArcFlux could not reach its server to sign this tab in. Check that `arcflux serve` is still running, then open the address it prints.',
    };
  }
}

export const NOT_SIGNED_IN =
  'This tab is not signed in to ArcFlux. Open the address printed by `arcflux serve` (it ends in #launch=…) to sign in.';

function takeLaunchCode(environment: SessionEnvironment): string | null {
  const url = new URL(environment.href);
  if (!url.hash) return null;
  const code = new URLSearchParams(url.hash.slice(1)).get('launch');
  if (code === null) return null;
  url.hash = '';
  environment.replaceUrl(url.pathname + url.search);
  return code || null;
}

const sessionReplySchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), data: z.object({ token: z.string().min(1) }) }),
  z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string() }) }),
]);
