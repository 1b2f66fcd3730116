import { PERSONAL_TOKEN_SOURCE } from '../household/storedToken';
import type { SecretReference } from './secret';

/** What stands in for a secret in any text ArcFlux keeps, shows or logs. */
export const REDACTED = '[redacted]';

/** Takes text from outside (an error body, a header, a URL) and returns it without secrets. */
export type Redact = (text: string) => string;

/**
 * Shapes that are secrets whether or not this config knows them. A service that echoes a
 * credential may echo one we never configured (a key pasted into the wrong field, a
 * colleague's key in a shared log), so these go too.
 */
const SECRET_SHAPES: readonly { pattern: RegExp; replace: string }[] = [
  // Circle API keys: ENVIRONMENT_API_KEY:id:secret (TEST_, SAND_, LIVE_, PROD_...).
  // Its parts are letters and digits (hex today); a sentence's full stop is not part of it.
  { pattern: /\b[A-Z][A-Z0-9]*_API_KEY:[A-Za-z0-9_+/=:-]*/g, replace: REDACTED },
  // An echoed Authorization header: the scheme stays, the credential goes. "Basic" is
  // also an English word, so only a base64-looking run after it counts.
  { pattern: /\b(Bearer)(\s+|%20|\+)[A-Za-z0-9._~+/=:%-]+/gi, replace: `$1$2${REDACTED}` },
  { pattern: /\b(Basic)(\s+|%20|\+)[A-Za-z0-9+/]{12,}={0,2}/g, replace: `$1$2${REDACTED}` },
  // A household member's personal token, wherever it is quoted (an echoed request body, a
  // pasted command): it signs in as that person until revoked.
  {
    pattern: new RegExp(`(?<![A-Za-z0-9_-])${PERSONAL_TOKEN_SOURCE}(?![A-Za-z0-9_-])`, 'g'),
    replace: REDACTED,
  },
  // Credentials inside a URL: https://user:password@host.
  { pattern: /(\b[a-z][a-z0-9+.-]*:\/\/)[^\s/@"'<>]+@/gi, replace: `$1${REDACTED}@` },
  // Query parameters and JSON-ish fields named like secrets: ?apiKey=..., "token": "...".
  {
    pattern:
      /\b((?:api[_-]?key|access[_-]?token|token|secret|password|passwd|authorization|signature|sig)["']?\s*[=:]\s*["']?)[^\s&"',;}]+/gi,
    replace: `$1${REDACTED}`,
  },
];

/**
 * The one redaction of outside text. `secrets` is asked on every call, so a key stored
 * after start-up (the desktop app sets its variable when the user saves it) is covered
 * from then on. Each secret also goes in the forms it takes inside URLs and JSON strings.
 */
export function createRedactor(secrets: () => Iterable<string>): Redact {
  return (text) => {
    let result = text;
    for (const secret of secrets()) {
      for (const form of secretForms(secret)) result = result.split(form).join(REDACTED);
    }
    for (const { pattern, replace } of SECRET_SHAPES) result = result.replace(pattern, replace);
    return result;
  };
}

/**
 * The redactor for every `env:` secret the config names, read from `env` when it runs.
 * A variable that isn't set holds no secret to hide.
 */
export function redactorFor(
  references: readonly SecretReference[],
  env: Readonly<Record<string, string | undefined>>,
): Redact {
  return createRedactor(() =>
    references
      .map((reference) => env[reference.variable])
      .filter((value): value is string => typeof value === 'string' && value.length > 0),
  );
}

/**
 * A log that redacts every line before writing it: an unexpected error's stack, or a
 * failure a service described, may quote outside text.
 */
export function redactingLog(write: (line: string) => void, redact: Redact) {
  return (line: string): void => write(redact(line));
}

function secretForms(secret: string): Set<string> {
  const forms = [secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)];
  // A connection string is a secret for its password, which a driver's message may quote
  // alone, without the URL around it.
  const password = urlPassword(secret);
  if (password) forms.push(password, decodeURIComponent(password));
  return new Set(forms.filter((form) => form.length > 0));
}

function urlPassword(text: string): string | undefined {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return undefined;
  try {
    return new URL(text).password || undefined;
  } catch {
    return undefined;
  }
}
