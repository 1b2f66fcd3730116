import { readFile, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { contentTypeOf, resolveRendererPath, SECURITY_HEADERS } from '../core/rendererAssets';

/** Serves the built renderer for browser mode, with the same rules as Electron's app://. */
export async function serveStatic(root: string, pathname: string, response: ServerResponse) {
  const file = resolveRendererPath(root, pathname);
  if (!file) return send(response, 403, 'text/plain; charset=utf-8', 'Forbidden');
  if (await isFile(file)) return send(response, 200, contentTypeOf(file), await readFile(file));
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

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
