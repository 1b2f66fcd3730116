import { randomBytes } from 'node:crypto';
import type { ErrorReason } from '../../shared/errors';
import { DEFAULT_SESSION_IDLE_HOURS, LAUNCH_CODE_SECONDS } from '../../shared/session';
import type { Clock } from '../core/clock';
import { newSecret } from './token';

export { DEFAULT_SESSION_IDLE_HOURS, LAUNCH_CODE_SECONDS };

export type LaunchProblem = Extract<
  ErrorReason,
  'launch_code_used' | 'launch_code_expired' | 'launch_code_unknown'
>;
export type SessionProblem = Extract<
  ErrorReason,
  'not_signed_in' | 'session_expired' | 'server_restarted'
>;

interface LaunchCode {
  expiresAt: number;
  used: boolean;
}

/**
 * The browser sessions of one server process. A launch code is traded once, within
 * LAUNCH_CODE_SECONDS, for a session token; a session ends after `idleSeconds` without use.
 * Everything lives in memory, so a restart ends every session. Session tokens start with
 * this process's id so a token from an earlier run is told apart from a made-up one, and
 * the tab can say "the server restarted" rather than "not signed in". All times come from
 * the injected clock.
 */
export class Sessions {
  readonly #run = randomBytes(8).toString('base64url');
  readonly #codes = new Map<string, LaunchCode>();
  /** Session token -> when it was last used (ms). */
  readonly #sessions = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    private readonly idleSeconds: number = DEFAULT_SESSION_IDLE_HOURS * 3600,
  ) {}

  /** A fresh one-time code, good for LAUNCH_CODE_SECONDS from now. */
  mintLaunchCode(code: string = newSecret()): { code: string; expiresAt: Date } {
    const now = this.#now();
    this.#forgetOld(now);
    const expiresAt = now + LAUNCH_CODE_SECONDS * 1000;
    this.#codes.set(code, { expiresAt, used: false });
    return { code, expiresAt: new Date(expiresAt) };
  }

  /** Trades a launch code for a new session token; the code never works again. */
  redeem(code: string): { ok: true; token: string } | { ok: false; reason: LaunchProblem } {
    const now = this.#now();
    const found = this.#codes.get(code);
    if (!found) return { ok: false, reason: 'launch_code_unknown' };
    if (found.used) return { ok: false, reason: 'launch_code_used' };
    // Used up even when too late, so a late try can't be repeated once the clock is off.
    found.used = true;
    if (now > found.expiresAt) return { ok: false, reason: 'launch_code_expired' };
    const token = `${this.#run}${newSecret()}`;
    this.#sessions.set(token, now);
    return { ok: true, token };
  }

  /** Checks a session token and, when it is good, counts this as use. */
  use(token: string): { ok: true } | { ok: false; reason: SessionProblem } {
    const now = this.#now();
    const lastUsed = this.#sessions.get(token);
    if (lastUsed === undefined) {
      const fromEarlierRun = token.length === this.#run.length + 43 && !token.startsWith(this.#run);
      return { ok: false, reason: fromEarlierRun ? 'server_restarted' : 'not_signed_in' };
    }
    if (now - lastUsed > this.idleSeconds * 1000) {
      // Kept (as expired) so the tab is told why; #forgetOld drops it much later.
      return { ok: false, reason: 'session_expired' };
    }
    this.#sessions.set(token, now);
    return { ok: true };
  }

  /** Whether a session is still good, without counting this as use (for open streams). */
  isLive(token: string): boolean {
    const lastUsed = this.#sessions.get(token);
    return lastUsed !== undefined && this.#now() - lastUsed <= this.idleSeconds * 1000;
  }

  #now(): number {
    return this.clock.now().getTime();
  }

  /** Drops codes long past use and sessions long expired, so memory stays small. */
  #forgetOld(now: number): void {
    for (const [code, entry] of this.#codes) {
      if (now - entry.expiresAt > LAUNCH_CODE_SECONDS * 1000) this.#codes.delete(code);
    }
    for (const [token, lastUsed] of this.#sessions) {
      if (now - lastUsed > 2 * this.idleSeconds * 1000) this.#sessions.delete(token);
    }
  }
}
