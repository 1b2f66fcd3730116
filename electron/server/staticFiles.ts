import type { Stats } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { contentTypeOf, resolveRendererPath, SECURITY_HEADERS } from '../core/rendererAssets';

/** Serves the built renderer for browser mode, with the same rules as Electron's app://. */
export async function serveStatic(root: string, pathname: string, response: ServerResponse) {
  const file = resolveRendererPath(root, pathname);
  if (!file) return send(response, 403, 'text/plain; charset=utf-8', 'Forbidden');
  const body = await readKept(file);
  if (body) return send(response, 200, contentTypeOf(file), body);
  if (!(await isFile(join(root, 'index.html')))) {
    return send(
      response,
      503,
      'text/plain; charset=utf-8',
      'The ArcFlux interface has not been built yet. Run "npm run build" (npm start does this for you), then reload.',
    );
  }
  send(response, 404, 'text/plain; charset=utf-8', 'Not found');
}

function send(response: ServerResponse, status: number, type: string, body: string | Buffer) {
  response.writeHead(status, {
    'content-type': type,
    'cache-control': 'no-cache',
    ...SECURITY_HEADERS,
  });
  response.end(body);
}

/**
 * Each file's bytes as last read, kept while its size and modification time stay: a page
 * load asks for the same few files, and reading one again takes several turns of an event
 * loop that, on a large ledger just opened, is also building indexes between requests.
 */
const kept = new Map<string, { size: number; modifiedMs: number; body: Buffer }>();

/** The file's bytes; undefined when it is not a file. */
async function readKept(path: string): Promise<Buffer | undefined> {
  let info: Stats;
  try {
    info = await stat(path);
  } catch {
    return undefined;
  }
  if (!info.isFile()) return undefined;
  const known = kept.get(path);
  if (known?.size === info.size && known.modifiedMs === info.mtimeMs) return known.body;
  const body = await readFile(path);
  kept.set(path, { size: info.size, modifiedMs: info.mtimeMs, body });
  return body;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
