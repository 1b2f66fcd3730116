import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { SpeechToText } from '../../electron/core/speech/speechToText';
import { startServer, type RunningServer } from '../../electron/server/server';
import { temporaryFolder } from './dataFolder';
import { moneyFolder, openMoneyCore, type MoneyCore } from './moneyCore';

/**
 * A money-path core behind the real REST server on 127.0.0.1 for one test file: started
 * before its tests, stopped and cleaned up after. `api` sends JSON (or `raw` text, for
 * malformed bodies) with the bearer token; `snapshot` reads every data file, to prove a
 * refused request changed nothing.
 */
export function useMoneyServer(
  token: string,
  options: { speech?: SpeechToText; allowedOrigins?: readonly string[] } = {},
) {
  const folder = moneyFolder();
  const staticDir = temporaryFolder('arcflux-static-');
  const handle = {
    token,
    money: undefined as unknown as MoneyCore,
    server: undefined as unknown as RunningServer,
    async api(path: string, body?: unknown, raw?: string) {
      const response = await fetch(new URL(path, handle.server.url), {
        method: body === undefined && raw === undefined ? 'GET' : 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(raw !== undefined
          ? { body: raw }
          : body !== undefined
            ? { body: JSON.stringify(body) }
            : {}),
      });
      return { status: response.status, body: (await response.json()) as any };
    },
    /** A PATCH with a JSON body, as the Settings page sends settings:update. */
    async patch(path: string, body: unknown) {
      const response = await fetch(new URL(path, handle.server.url), {
        method: 'PATCH',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as any };
    },
    snapshot(): Record<string, string> {
      return Object.fromEntries(
        readdirSync(folder.path)
          .filter((name) => /\.(json|jsonl)$/.test(name))
          .map((name) => [name, readFileSync(join(folder.path, name), 'utf8')]),
      );
    },
  };

  beforeAll(async () => {
    mkdirSync(join(staticDir.path, 'assets'));
    writeFileSync(join(staticDir.path, 'index.html'), '<!doctype html><title>ArcFlux</title>');
    handle.money = await openMoneyCore({ dataDir: folder.path, speech: options.speech });
    handle.server = await startServer({
      core: handle.money.core,
      host: '127.0.0.1',
      port: 0,
      token,
      launchCode: 'launch-code-0123456789',
      staticDir: staticDir.path,
      allowedOrigins: options.allowedOrigins,
    });
  });

  afterAll(async () => {
    await handle.server.close();
    await handle.money.core.close();
    folder.remove();
    staticDir.remove();
  });

  return handle;
}
