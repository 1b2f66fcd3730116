import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { STREAM_TOTAL_HEADER } from '../../shared/contract/streamed';

/**
 * The desktop app's page (electron/main/protocol.ts APP_ORIGIN). A desktop connected to a
 * household server calls it from this origin, so a server accepts it without being told.
 */
export const DESKTOP_APP_ORIGIN = 'app://arcflux';

/**
 * An origin another ArcFlux page is served from, given with `serve --allow-origin`:
 * "scheme://host[:port]" and nothing after it, since browsers send exactly that.
 */
export const allowedOriginSchema = z
  .string()
  .trim()
  .refine((raw) => {
    try {
      const url = new URL(raw);
      return (
        (url.protocol === 'https:' || url.protocol === 'http:') &&
        url.origin === raw.replace(/\/$/, '')
      );
    } catch {
      return false;
    }
  }, 'must be an origin such as https://arcflux.example.org or http://127.0.0.1:47300, with no path')
  .transform((raw) => raw.replace(/\/$/, ''));

/**
 * Cross-origin calls from the pages a household's desktops and browser tabs run in. They
 * carry the personal token in the Authorization header (never a cookie), so a page that
 * is allowed here still gets nothing without a token; every other origin stays refused by
 * the address check. Answers the browser's preflight itself and returns true then.
 */
export function answerCrossOrigin(
  allowed: ReadonlySet<string>,
  request: IncomingMessage,
  response: ServerResponse,
): boolean {
  const origin = request.headers.origin;
  if (origin === undefined || !allowed.has(origin)) return false;
  response.setHeader('access-control-allow-origin', origin);
  response.setHeader('vary', 'Origin');
  response.setHeader(
    'access-control-expose-headers',
    `content-disposition, ${STREAM_TOTAL_HEADER.toLowerCase()}`,
  );
  if (request.method !== 'OPTIONS') return false;
  response.writeHead(204, {
    'access-control-allow-methods': 'GET, POST, PATCH, DELETE',
    'access-control-allow-headers': 'authorization, content-type, accept',
    'access-control-max-age': '600',
  });
  response.end();
  return true;
}
