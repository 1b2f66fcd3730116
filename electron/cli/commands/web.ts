import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { resultSchema } from '../../../shared/errors';
import { CoreError } from '../../core/errors';
import { projectRoot } from '../../core/paths';
import { runningServerAddress } from '../../server/serverAddress';
import { readStoredToken } from '../../server/token';
import { parseCommandArguments } from '../arguments';
import { localBin, run } from '../localTools';
import { commandDataDir } from '../session';
import { launchLinkNote, serveArgumentsSchema, serveCommand, serveOptions } from './serve';

export const webHelp = `arcflux web [--port N] [--host 127.0.0.1] [--data DIR] [--token T]
  Browser mode, and a fresh sign-in link. When a server already runs on the data folder,
  asks it (with the API token kept there, or --token T) for a new one-time link and prints
  it; otherwise starts one like "arcflux serve" (building the interface first when it
  hasn't been built) and prints its link.`;

const launchLinkReplySchema = resultSchema(
  z.object({ link: z.string().startsWith('http://'), expiresAt: z.string(), seconds: z.number() }),
);

export async function webCommand(argv: readonly string[], print: (text: string) => void) {
  const { values } = parseCommandArguments('web', argv, serveOptions, serveArgumentsSchema);
  const dataDir = commandDataDir(values.data);
  const running = await runningServerAddress(dataDir);
  if (running) {
    const link = await freshLaunchLink(running.url, dataDir, values.token);
    if (link) {
      print(`ArcFlux browser mode: ${link}`);
      print(launchLinkNote);
      return 0;
    }
  }
  if (!existsSync(join(projectRoot, 'out', 'renderer', 'index.html'))) {
    print('Building the interface first (once)...');
    const built = await run(localBin('electron-vite'), ['build']);
    if (built !== 0) return built;
  }
  return serveCommand(argv, print);
}

/**
 * Asks the server at `url` for a new one-time link. Null when nothing answers there (the
 * server stopped without tidying up), so the caller starts one; a refusal is an error.
 */
async function freshLaunchLink(
  url: string,
  dataDir: string,
  givenToken: string | undefined,
): Promise<string | null> {
  const token = givenToken ?? (await readStoredToken(dataDir));
  if (!token) {
    throw new CoreError(
      'unauthorized',
      `An ArcFlux server runs at ${url} on ${dataDir}, but that folder holds no server_token to ask it for a link. If the server was started with --token T, run "arcflux web --token T".`,
    );
  }
  let raw: unknown;
  try {
    const response = await fetch(new URL('v1/launch-codes', url), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{}',
      signal: AbortSignal.timeout(10_000),
    });
    raw = await response.json();
  } catch {
    return null;
  }
  const reply = launchLinkReplySchema.safeParse(raw);
  if (!reply.success) return null;
  if (!reply.data.ok) {
    const hint =
      reply.data.error.code === 'unauthorized'
        ? ' If the server was started with --token T, run "arcflux web --token T".'
        : '';
    throw new CoreError(
      reply.data.error.code,
      `The ArcFlux server at ${url} would not make a link: ${reply.data.error.message}${hint}`,
    );
  }
  return reply.data.data.link;
}
