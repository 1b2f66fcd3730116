import { join } from 'node:path';
import { z } from 'zod';
import type { Core } from '../../core/createCore';
import { projectRoot } from '../../core/paths';
import { allowedOriginSchema } from '../../server/crossOrigin';
import { startServer, type RunningServer } from '../../server/server';
import { forgetServerAddress, recordServerAddress } from '../../server/serverAddress';
import { LAUNCH_CODE_SECONDS } from '../../server/sessions';
import { loadOrCreateToken, newSecret } from '../../server/token';
import { parseCommandArguments, portOption } from '../arguments';
import { openCommandCore } from '../session';

export const serveHelp = `arcflux serve [--port N] [--host 127.0.0.1] [--data DIR] [--token T] [--store json|postgres]
  Serves the REST API under /v1, events at /v1/events (SSE) and the browser-mode UI.
  Every /v1 request needs "Authorization: Bearer <token>". The token is made on first start,
  stored in the data folder as server_token and printed that once; --token T uses T instead.
  --port 0 picks a free port. The browser-mode link works once, within ${LAUNCH_CODE_SECONDS / 60}
  minutes; "arcflux web" prints a fresh one while the server runs.
  --allow-origin O (repeatable) lets pages served from origin O call the API with a token,
  such as a browser tab of another ArcFlux (http://127.0.0.1:8787); the desktop app may always.
  --store postgres keeps the household in the PostgreSQL database at system_config.json's
  store.url (for example "env:ARCFLUX_DATABASE_URL"), which any number of serve processes
  may share; each pays every occurrence once. --store json (the default) uses the data folder.`;

export const serveOptions = {
  port: { type: 'string' },
  host: { type: 'string' },
  token: { type: 'string' },
  'allow-origin': { type: 'string', multiple: true },
  store: { type: 'string' },
} as const;

export const serveArgumentsSchema = z.object({
  data: z.string().optional(),
  config: z.string().optional(),
  help: z.boolean().optional(),
  port: portOption.optional(),
  host: z.string().min(1).optional(),
  token: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,200}$/, 'must be 16-200 letters, digits, "-" or "_"')
    .optional(),
  'allow-origin': z.array(allowedOriginSchema).optional(),
  store: z.enum(['json', 'postgres']).optional(),
});

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export async function serveCommand(argv: readonly string[], print: (text: string) => void) {
  const { values } = parseCommandArguments('serve', argv, serveOptions, serveArgumentsSchema);
  // Heard from the start: a stop asked for while the server is still starting (opening the
  // database, recording its address) waits for the start to finish and then closes cleanly,
  // instead of killing the process halfway.
  const stopped = untilStopped();
  const core = await openCommandCore({ ...values, runScheduler: true });
  const running = await serveCore(
    core,
    { ...values, allowedOrigins: values['allow-origin'] },
    print,
  );
  await stopped;
  await running.close();
  await core.close();
  return 0;
}

/** Starts the server on an open core and prints where to reach it. Shared with `start`. */
export async function serveCore(
  core: Core,
  options: { port?: number; host?: string; token?: string; allowedOrigins?: readonly string[] },
  print: (text: string) => void,
): Promise<RunningServer> {
  const host = options.host ?? core.config.server.host;
  const stored = options.token ? undefined : await loadOrCreateToken(core.dataDir);
  const token = options.token ?? stored?.token ?? newSecret();
  const launchCode = newSecret();
  const running = await startServer({
    core,
    host,
    port: options.port ?? core.config.server.port,
    token,
    launchCode,
    staticDir: join(projectRoot, 'out', 'renderer'),
    sessionIdleHours: core.config.server.sessionIdleHours,
    allowedOrigins: options.allowedOrigins,
  });
  const where =
    core.store === 'postgres'
      ? `household store: PostgreSQL; this server's own files: ${core.dataDir}`
      : `data folder: ${core.dataDir}`;
  print(`ArcFlux API: ${running.url}v1/ (${where})`);
  if (stored?.created) {
    print(
      `API token (shown this once; it is kept in ${join(core.dataDir, 'server_token')}): ${token}`,
    );
  }
  if (!LOOPBACK.has(host)) {
    print(
      `Warning: listening on ${host}, so other machines can reach this API; only the token protects it.`,
    );
  }
  print(`ArcFlux browser mode: ${running.url}#launch=${launchCode}`);
  print(launchLinkNote);
  // Lets `arcflux web` find this server and ask it for a fresh link.
  await recordServerAddress(core.dataDir, running.url);
  return {
    ...running,
    close: async () => {
      await forgetServerAddress(core.dataDir);
      await running.close();
    },
  };
}

/** Said under every printed link, so whoever holds one knows it won't work twice. */
export const launchLinkNote = `(The link signs in one browser tab, once, within ${LAUNCH_CODE_SECONDS / 60} minutes. For another, run "arcflux web" with the same --data.)`;

function untilStopped(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}
