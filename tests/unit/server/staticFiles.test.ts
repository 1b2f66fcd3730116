import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { serveStatic } from '../../../electron/server/staticFiles';

/** A response that records what was sent. */
function recorder() {
  const sent = { status: 0, headers: {} as Record<string, string>, body: '' };
  const response = {
    writeHead(status: number, headers: Record<string, string>) {
      sent.status = status;
      sent.headers = headers;
      return response;
    },
    end(body: string | Buffer) {
      sent.body = body.toString();
      return response;
    },
  };
  return { sent, response: response as unknown as ServerResponse };
}

async function serve(root: string, pathname: string) {
  const { sent, response } = recorder();
  await serveStatic(root, pathname, response);
  return sent;
}

describe('serveStatic', () => {
  let root = '';
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'arcflux-static-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('serves a file again as it is now once it changes on disk', async () => {
    await writeFile(join(root, 'index.html'), '<p>one</p>');
    expect(await serve(root, '/index.html')).toMatchObject({ status: 200, body: '<p>one</p>' });
    // Same size, later modification time: a rebuild that happens to keep the length.
    await writeFile(join(root, 'index.html'), '<p>two</p>');
    const later = new Date(Date.UTC(2030, 0, 1));
    await utimes(join(root, 'index.html'), later, later);
    expect(await serve(root, '/index.html')).toMatchObject({ status: 200, body: '<p>two</p>' });
    await writeFile(join(root, 'index.html'), '<p>three, longer</p>');
    expect(await serve(root, '/index.html')).toMatchObject({ body: '<p>three, longer</p>' });
  });

  it('answers 404 for a file that is gone, and 403 outside the folder', async () => {
    await writeFile(join(root, 'index.html'), '<p>one</p>');
    await writeFile(join(root, 'old.js'), 'console.log(1)');
    expect((await serve(root, '/old.js')).status).toBe(200);
    await rm(join(root, 'old.js'));
    expect((await serve(root, '/old.js')).status).toBe(404);
    expect((await serve(root, '/%2e%2e/secret.txt')).status).toBe(403);
  });
});
