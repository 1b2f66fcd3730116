import type { IncomingHttpHeaders } from 'node:http';
import { isIP } from 'node:net';
import type { ErrorBody } from '../../shared/errors';

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];
const ANY_ADDRESS = new Set(['0.0.0.0', '::']);
/** "name" or "name:port", the name a DNS name, an IPv4 address or a bracketed IPv6 one. */
const AUTHORITY = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/i;

/**
 * Refuses requests addressed to a name this server was not bound to, and requests made by
 * a page from another origin. A web page that points its own domain name at 127.0.0.1
 * (DNS rebinding) sends its own name as Host and Origin, so it is refused here before the
 * token is even looked at. Accepted: the loopback names, or the configured host, with the
 * server's port. A server bound to every address (0.0.0.0) also accepts any IP address,
 * since rebinding needs a name. Requests without an Origin (the CLI, scripts) pass, and so
 * do pages on the `allowedOrigins` (a household's desktops and tabs, see crossOrigin.ts).
 */
export function createAddressCheck(
  boundHost: string,
  port: number,
  allowedOrigins: ReadonlySet<string> = new Set(),
) {
  const bound = boundHost.includes(':') ? `[${boundHost}]` : boundHost;
  const names = new Set([...LOOPBACK_NAMES, bound.toLowerCase()]);
  const anyAddress = ANY_ADDRESS.has(boundHost);
  const accepts = (authority: string): boolean => {
    const match = AUTHORITY.exec(authority);
    if (!match) return false;
    const name = (match[1] ?? '').toLowerCase();
    if (Number(match[2] ?? 80) !== port) return false;
    if (names.has(name)) return true;
    return anyAddress && isIP(name.replace(/^\[|\]$/g, '')) !== 0;
  };
  const expected = [...names].map((name) => `${name}:${port}`).join(', ');

  return (headers: IncomingHttpHeaders): ErrorBody | null => {
    const host = headers.host ?? '';
    if (!accepts(host)) {
      return {
        code: 'forbidden',
        reason: 'host_not_allowed',
        message: `This ArcFlux server answers only at ${expected}, but the request was addressed to "${host}". Open ArcFlux at the address it printed; a page that reaches it under another name is refused.`,
      };
    }
    const origin = headers.origin;
    if (origin === undefined || allowedOrigins.has(origin)) return null;
    let page: URL | null = null;
    try {
      page = new URL(origin);
    } catch {
      page = null;
    }
    if (!page || page.protocol !== 'http:' || !accepts(page.host || '')) {
      return {
        code: 'forbidden',
        reason: 'origin_not_allowed',
        message: `Only ArcFlux's own page may call this server, but this request came from "${origin}". Open ArcFlux at the address it printed.`,
      };
    }
    return null;
  };
}
