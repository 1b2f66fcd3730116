import { CoreError } from '../../errors';
import type { Redact } from '../../config/redaction';

/** What PostgreSQL's and node's error codes mean for whoever starts ArcFlux. */
const REASONS: Record<string, string> = {
  ECONNREFUSED: 'nothing is listening there: is PostgreSQL running, on that host and port?',
  ENOENT: 'there is no PostgreSQL socket in that folder: is PostgreSQL running?',
  ENOTFOUND: 'the host name is not known',
  ETIMEDOUT: 'the server did not answer in time',
  EHOSTUNREACH: 'the host cannot be reached',
  '28P01': 'the password was refused',
  '28000': 'the server refused this user',
  '3D000': 'that database does not exist (create it first: createdb NAME)',
  '42501': 'the user may not create the tables ArcFlux needs',
};

/**
 * The error `serve` and `migrate` print when the household database cannot be reached
 * or prepared: what failed, why, what to do. The driver's own text passes `redact`, so a
 * password it quotes never reaches the screen or a log; the URL is never quoted at all.
 */
export function databaseUnavailable(thrown: unknown, redact: Redact): CoreError {
  // A connection lost while opening is a start-up failure, told as one (not databaseLost's
  // "while saving").
  const error = thrown instanceof LostDatabase ? thrown.cause : thrown;
  if (error instanceof CoreError) return error;
  const code = (error as { code?: unknown } | undefined)?.code;
  const known = typeof code === 'string' ? REASONS[code] : undefined;
  const detail = redact(error instanceof Error ? error.message : String(error));
  const why = known ? `${known} (${detail})` : detail;
  return new CoreError(
    'unavailable',
    `ArcFlux could not open the household database: ${why}. Check store.url in system_config.json (or the variable it names, such as ARCFLUX_DATABASE_URL) and that PostgreSQL is running; nothing was changed.`,
  );
}

/** Node's codes for a connection that broke or could not be made. */
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ENOENT', 'EPIPE', 'ETIMEDOUT']);

/**
 * The error a request gets when the household database went away during it (a restart,
 * a network cut, a killed session): SQLSTATE class 08 (connection exception), 57P01–57P03
 * (the server shutting down or starting), a socket error, or node-postgres's own "Connection
 * terminated" (which carries no code). The driver cannot tell whether a COMMIT it sent
 * took effect, so the message never says nothing changed: it says to look before trying
 * again, so a payment is not made twice. Undefined for any other error.
 */
export function databaseLost(error: unknown): CoreError | undefined {
  if (error instanceof CoreError) return undefined;
  const code = (error as { code?: unknown } | undefined)?.code;
  const message = error instanceof Error ? error.message : '';
  const lost =
    typeof code === 'string'
      ? code.startsWith('08') || /^57P0[123]$/.test(code) || NETWORK_CODES.has(code)
      : /Connection terminated|not queryable/.test(message);
  return lost ? new LostDatabase(error) : undefined;
}

/** databaseLost's error; its cause is the driver's. */
class LostDatabase extends CoreError {
  constructor(cause: unknown) {
    super(
      'unavailable',
      'The household database stopped answering while ArcFlux was saving this, so it may or may not have been saved. Look at the payments and transfers once the server answers again before you try again, so nothing is done twice.',
      { cause },
    );
  }
}
