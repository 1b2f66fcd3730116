import { readFile } from 'node:fs/promises';
import type { Protocol } from 'electron';
import { contentTypeOf, resolveRendererPath, SECURITY_HEADERS } from '../core/rendererAssets';

/** The renderer is served from app://arcflux/ instead of file://, which would share one
 * origin with every local file and cannot carry a Content-Security-Policy header. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'arcflux';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** Must run before the app is ready: Electron fixes scheme privileges at start-up. */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      // corsEnabled lets Chromium load the build's `<script type="module" crossorigin>`
      // from this scheme; responses carry no CORS headers, so other origins still can't read them.
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true },
    },
  ]);
}

/** Serves the built renderer folder on app://arcflux/ with the CSP header on every file. */
export function serveRenderer(protocol: Pick<Protocol, 'handle'>, rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveRendererFile(rendererDir, request.url);
    if (!file) return textResponse(404, 'Not found');
    try {
      const body = await readFile(file);
      return new Response(new Uint8Array(body), {
        status: 200,
        headers: { 'content-type': contentTypeOf(file), ...SECURITY_HEADERS },
      });
    } catch {
      return textResponse(404, 'Not found');
    }
  });
}

/**
 * Maps an app:// URL to a file inside the renderer folder, or null (see
 * resolveRendererPath for the rules both doors share).
 */
export function resolveRendererFile(rendererDir: string, url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  return resolveRendererPath(rendererDir, parsed.pathname);
}

function textResponse(status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS },
  });
}
