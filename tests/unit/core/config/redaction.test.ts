import { describe, expect, it } from 'vitest';
import {
  createRedactor,
  redactingLog,
  redactorFor,
  REDACTED,
} from '../../../../electron/core/config/redaction';
import { SecretReference } from '../../../../electron/core/config/secret';

const KEY = 'TEST_API_KEY:0123456789abcdef:fedcba9876543210';

describe('the redaction of outside text', () => {
  it('replaces a configured secret raw, percent-encoded and JSON-escaped', () => {
    const secret = 'p@ss "word"/with:odd&chars';
    const redact = createRedactor(() => [secret]);
    const text = [
      `raw ${secret}`,
      `url https://x.example/?q=${encodeURIComponent(secret)}`,
      `json ${JSON.stringify({ given: secret })}`,
    ].join('\n');
    const result = redact(text);
    expect(result).not.toContain(secret);
    expect(result).not.toContain(encodeURIComponent(secret));
    expect(result).not.toContain(JSON.stringify(secret).slice(1, -1));
    expect(result.split(REDACTED)).toHaveLength(4);
    expect(result).toContain('raw ');
  });

  it('replaces anything shaped like a Circle key or a bearer token, configured or not', () => {
    const redact = createRedactor(() => []);
    expect(redact(`Malformed key ${KEY}.`)).toBe(`Malformed key ${REDACTED}.`);
    expect(redact('LIVE_API_KEY:abc:def and SAND_API_KEY:x')).toBe(`${REDACTED} and ${REDACTED}`);
    expect(redact('Authorization: Bearer eyJhbGciOi.J9.x')).not.toContain('eyJhbGciOi');
    expect(redact('header Bearer%20abc123 in a URL')).toBe(`header Bearer%20${REDACTED} in a URL`);
    expect(redact('Basic dXNlcjpwYXNzd29yZA==')).toBe(`Basic ${REDACTED}`);
    // "Basic" the English word keeps its neighbour.
    expect(redact('Basic checks failed')).toBe('Basic checks failed');
  });

  it("replaces a household member's personal token, however it is quoted", () => {
    const redact = createRedactor(() => []);
    const token = `afp_${'Ab3-_x'.repeat(7)}Z`;
    expect(redact(`could not read "${token}".`)).toBe(`could not read "${REDACTED}".`);
    expect(redact(`{"given":"${token}"}`)).toBe(`{"given":"${REDACTED}"}`);
    // Only the whole shape: a longer run, or a word that merely starts so, is not one.
    expect(redact('afp_short and graph afp_')).toBe('afp_short and graph afp_');
    expect(redact(`${token}Q`)).toBe(`${token}Q`);
  });

  it('replaces credentials in URLs and secret-named fields of headers, queries and bodies', () => {
    const redact = createRedactor(() => []);
    expect(redact('see https://user:hunter2@api.example/v1')).toBe(
      `see https://${REDACTED}@api.example/v1`,
    );
    expect(redact('GET /v1/help?apiKey=abc123&page=2')).toBe(
      `GET /v1/help?apiKey=${REDACTED}&page=2`,
    );
    expect(redact('{"access_token": "tok-1", "ok": true}')).toBe(
      `{"access_token": "${REDACTED}", "ok": true}`,
    );
    expect(redact('www-authenticate: Bearer error="invalid_token", token="tok-2"')).not.toContain(
      'tok-2',
    );
    // Ordinary words and ids pass untouched.
    const plain = 'Circle refused GET /v1/wallets/1000216185 (HTTP 404): Not found.';
    expect(redact(plain)).toBe(plain);
  });

  it('reads the secrets from the environment on every call, so a key set later is covered', () => {
    const env: Record<string, string | undefined> = {};
    const redact = redactorFor([new SecretReference('connector.apiKey', 'MY_KEY')], env);
    expect(redact('the key is short-secret-1')).toBe('the key is short-secret-1');
    env.MY_KEY = 'short-secret-1';
    expect(redact('the key is short-secret-1')).toBe(`the key is ${REDACTED}`);
  });

  it('redacts every log line before it is written', () => {
    const lines: string[] = [];
    const log = redactingLog(
      (line) => lines.push(line),
      createRedactor(() => ['s3cr3t-value']),
    );
    log(`arcflux: unexpected error: Circle said s3cr3t-value and ${KEY}`);
    expect(lines).toEqual([`arcflux: unexpected error: Circle said ${REDACTED} and ${REDACTED}`]);
  });

  it("hides a database URL's password on its own too, as a driver's message may quote it", () => {
    const url = 'postgresql://arcflux:pa%24%24-w0rd-42@db.example:5432/home';
    const redact = redactorFor([new SecretReference('store.url', 'ARCFLUX_DATABASE_URL')], {
      ARCFLUX_DATABASE_URL: url,
    });
    const text = `connect failed for ${url}; password "pa$$-w0rd-42" refused (raw pa%24%24-w0rd-42)`;
    const result = redact(text);
    expect(result).not.toContain('w0rd');
    expect(result).toContain('connect failed for');
  });
});
