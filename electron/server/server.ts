import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import {
  matchRestRoute,
  queryToInput,
  restBodyKind,
  restResponseKind,
} from '../../shared/contract/rest';
import { MAX_WAV_BYTES, WAV_MEDIA_TYPES } from '../../shared/contract/voice';
import { HTTP_STATUS_BY_CODE, type ErrorBody, type Result } from '../../shared/errors';
import { systemClock, toInstant, type Clock } from '../core/clock';
import type { Core } from '../core/createCore';
import { DESKTOP_CALLER, type Caller } from '../core/household/actor';
import { createAddressCheck } from './addressCheck';
import { answerCrossOrigin, DESKTOP_APP_ORIGIN } from './crossOrigin';
import { streamEvents } from './events';
import {
  DEFAULT_SESSION_IDLE_HOURS,
  LAUNCH_CODE_SECONDS,
  Sessions,
  type LaunchProblem,
  type SessionProblem,
} from './sessions';
import { serveStatic } from './staticFiles';
import { streamReply } from './streamReply';
import { secretsMatch } from './token';

export interface ServerOptions {
  core: Core;
  host: string;
  /** 0 picks a free port. */
  port: number;
  token: string;
  /**
   * Printed in the browser-mode URL and exchanged, once and within LAUNCH_CODE_SECONDS, for
   * a session token that lives only as long as this process, so neither the URL nor the
   * browser ever holds the stored token. More codes come from POST /v1/launch-codes.
   */
  launchCode: string;
  /** The built renderer, served for browser mode. */
  staticDir: string;
  /** Times launch codes and sessions; the system clock unless a test moves time. */
  clock?: Clock;
  /** A browser session unused this long ends (default DEFAULT_SESSION_IDLE_HOURS). */
  sessionIdleHours?: number;
  /**
   * Pages on other origins that may call this server with a token (`--allow-origin`), such
   * as a browser tab served by another ArcFlux; the desktop app's origin always may.
   */
  allowedOrigins?: readonly string[];
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1_000_000;
const sessionRequestSchema = z.object({ launchCode: z.string().min(1).max(200) }).strict();

/** What one server process keeps between requests. */
interface ServerState {
  options: ServerOptions;
  sessions: Sessions;
  checkAddress: ReturnType<typeof createAddressCheck>;
  allowedOrigins: ReadonlySet<string>;
  url: string;
}

/**
 * The REST and SSE door. It only translates HTTP to contract calls: routes come from the
 * contract, inputs go to core.dispatch (which validates them), and every reply is the
 * result envelope.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const sessions = new Sessions(
    options.clock ?? systemClock,
    (options.sessionIdleHours ?? DEFAULT_SESSION_IDLE_HOURS) * 3600,
  );
  sessions.mintLaunchCode(options.launchCode);
  // Set once listening, when the port is known; no request can arrive before that.
  const listening: { state?: ServerState } = {};
  const server = createServer((request, response) => {
    if (!listening.state) return void response.destroy();
    handle(listening.state, request, response).catch(() => {
      if (!response.headersSent) {
        reply(response, {
          ok: false,
          error: {
            code: 'internal',
            message: 'The server failed to answer this request. Try again.',
          },
        });
      } else {
        response.destroy();
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `http://${host}:${port}/`;
  const allowedOrigins = new Set([DESKTOP_APP_ORIGIN, ...(options.allowedOrigins ?? [])]);
  listening.state = {
    options,
    sessions,
    checkAddress: createAddressCheck(options.host, port, allowedOrigins),
    allowedOrigins,
    url,
  };
  return {
    url,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // SSE streams never end on their own; close them so shutdown doesn't hang.
        server.closeAllConnections();
      }),
  };
}

async function handle(state: ServerState, request: IncomingMessage, response: ServerResponse) {
  const { options } = state;
  const misaddressed = state.checkAddress(request.headers);
  if (misaddressed) return reply(response, { ok: false, error: misaddressed });
  if (answerCrossOrigin(state.allowedOrigins, request, response)) return;
  const url = parseRequestUrl(request.url);
  if (!url) {
    return reply(
      response,
      invalid(
        'The request address has a broken percent-encoding (such as "%E0%A4%A"). Encode each reserved or non-ASCII byte as "%" and two hex digits.',
      ),
    );
  }
  const method = request.method ?? 'GET';
  if (!url.pathname.startsWith('/v1/')) {
    if (method !== 'GET' && method !== 'HEAD')
      return reply(response, notFound(method, url.pathname));
    return serveStatic(options.staticDir, url.pathname, response);
  }
  if (method === 'POST' && url.pathname === '/v1/session') {
    return reply(response, await openSession(state, request));
  }
  const caller = identify(state, request.headers.authorization);
  if (caller.kind === 'refused') return reply(response, caller.refusal);
  if (method === 'POST' && url.pathname === '/v1/launch-codes') {
    return reply(response, await mintLaunchLink(state, caller.kind, request));
  }
  if (method === 'GET' && url.pathname === '/v1/events') {
    // A stream is not use: a tab left open ends with its session, like any other.
    const stillAllowed =
      caller.kind === 'session'
        ? () => state.sessions.isLive(caller.token)
        : caller.kind === 'personal'
          ? () => options.core.household.identify(caller.token) !== null
          : undefined;
    const as = caller.kind === 'personal' ? caller.as : DESKTOP_CALLER;
    return streamEvents(options.core, as, request, response, stillAllowed);
  }
  const route = matchRestRoute(method, url.pathname);
  if (!route) return reply(response, notFound(method, url.pathname));
  let input: Record<string, unknown>;
  if (method === 'GET') {
    input = { ...queryToInput(url.searchParams), ...route.params };
  } else if (restBodyKind(route.name) === 'audio/wav') {
    // The recording itself is the body; the core decodes and checks it.
    const body = await readWavBody(request);
    if (!body.ok) return reply(response, body);
    input = { ...queryToInput(url.searchParams), wav: body.data, ...route.params };
  } else {
    const body = await readJsonBody(request);
    if (!body.ok) return reply(response, body);
    input = { ...body.data, ...route.params };
  }
  // A personal token acts as its person; the core checks what they may do.
  const result = await options.core.dispatch(
    route.name,
    input,
    caller.kind === 'personal' ? caller.as : undefined,
  );
  if (result.ok && restResponseKind(route.name) === 'stream') {
    if (await streamReply(request, response, result.data)) return;
    return reply(response, {
      ok: false,
      error: { code: 'internal', message: 'The export could not be streamed. Try again.' },
    });
  }
  return reply(response, result);
}

/** The address, or null when its path does not decode (a bad "%" escape). */
function parseRequestUrl(target: string | undefined): URL | null {
  try {
    const url = new URL(target ?? '/', 'http://localhost');
    // Routes and static files decode the path later; a bad escape there would be a 500.
    decodeURIComponent(url.pathname);
    return url;
  } catch {
    return null;
  }
}

async function openSession(
  state: ServerState,
  request: IncomingMessage,
): Promise<Result<{ token: string }>> {
  const body = await readJsonBody(request);
  if (!body.ok) return body;
  const parsed = sessionRequestSchema.safeParse(body.data);
  if (!parsed.success) {
    return invalid('Send {"launchCode": "..."}: the code after "#launch=" in the printed link.');
  }
  const session = state.sessions.redeem(parsed.data.launchCode);
  if (!session.ok) return refusal(session.reason);
  return { ok: true, data: { token: session.token } };
}

/**
 * A fresh one-time link for a running server: what `arcflux web` prints. Only the stored
 * API token may ask, so a browser session can't keep itself alive through new links.
 */
async function mintLaunchLink(
  state: ServerState,
  caller: 'token' | 'session' | 'personal',
  request: IncomingMessage,
): Promise<Result<{ link: string; expiresAt: string; seconds: number }>> {
  const body = await readJsonBody(request);
  if (!body.ok) return body;
  if (caller !== 'token') {
    return {
      ok: false,
      error: {
        code: 'forbidden',
        message:
          'Only the API token (server_token in the data folder) may make launch links; a browser session or a personal token may not. Run `arcflux web` to print one.',
      },
    };
  }
  const { code, expiresAt } = state.sessions.mintLaunchCode();
  return {
    ok: true,
    data: {
      link: `${state.url}#launch=${code}`,
      expiresAt: toInstant(expiresAt),
      seconds: LAUNCH_CODE_SECONDS,
    },
  };
}

/**
 * Who is asking: the holder of the stored API token, a browser session, a household
 * member's personal token (checked by the core, which keeps only its hash), or nobody.
 */
function identify(
  state: ServerState,
  header: string | undefined,
):
  | { kind: 'token' }
  | { kind: 'session'; token: string }
  | { kind: 'personal'; token: string; as: Caller }
  | { kind: 'refused'; refusal: { ok: false; error: ErrorBody } } {
  const given = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
  if (given === undefined) return { kind: 'refused', refusal: refusal('not_signed_in') };
  if (secretsMatch(state.options.token, given)) return { kind: 'token' };
  const person = state.options.core.household.identify(given);
  if (person) return { kind: 'personal', token: given, as: person };
  const session = state.sessions.use(given);
  return session.ok
    ? { kind: 'session', token: given }
    : { kind: 'refused', refusal: refusal(session.reason) };
}

const REFUSALS: Record<LaunchProblem | SessionProblem, string> = {
  not_signed_in:
    'This request needs the ArcFlux token or a browser session. Send "Authorization: Bearer <token>"; the token was printed when the server first started and is kept in the data folder as server_token. In a browser, run `arcflux web` for a fresh sign-in link.',
  session_expired:
    'This browser session ended because it went unused for too long. Run `arcflux web` to print a fresh sign-in link.',
  server_restarted:
    'This browser session belonged to an earlier run of the ArcFlux server, which has restarted since. Run `arcflux web` to print a fresh sign-in link.',
  launch_code_used:
    'This sign-in link was already used; each link works once. Run `arcflux web` to print a fresh one.',
  launch_code_expired: `This sign-in link expired: links work for ${LAUNCH_CODE_SECONDS / 60} minutes after they are printed. Run \`arcflux web\` to print a fresh one.`,
  launch_code_unknown:
    'This sign-in link is not one this server printed. Run `arcflux web` to print a fresh one, and open it whole.',
};

function refusal(reason: LaunchProblem | SessionProblem): { ok: false; error: ErrorBody } {
  return { ok: false, error: { code: 'unauthorized', reason, message: REFUSALS[reason] } };
}

/**
 * A JSON object from a body sent as application/json; an empty body (a POST with nothing
 * to say) is {}. Other media types are refused, so a page can't slip JSON past the
 * browser's checks as a "simple" text/plain request.
 */
async function readJsonBody(request: IncomingMessage): Promise<Result<Record<string, unknown>>> {
  const type = mediaType(request);
  if (type && type !== 'application/json') return notJson(type);
  const bytes = await readBody(request, MAX_BODY_BYTES);
  if (!bytes) {
    return invalid(`The request body is larger than ${MAX_BODY_BYTES} bytes. Send less data.`);
  }
  const text = bytes.toString('utf8').trim();
  if (!text) return { ok: true, data: {} };
  if (!type) return notJson(type);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return invalid(
      `The request body is not valid JSON (${(error as Error).message}). Send a JSON object with "Content-Type: application/json".`,
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return invalid('The request body must be a JSON object, such as {"id": "..."}.');
  }
  return { ok: true, data: parsed as Record<string, unknown> };
}

function notJson(type: string): { ok: false; error: ErrorBody } {
  return {
    ok: false,
    error: {
      code: 'unsupported_media_type',
      message: `This route takes JSON, but the body was sent as "${type || 'no type'}". Send a JSON object with "Content-Type: application/json".`,
    },
  };
}

/** The Content-Type without its parameters, lower case; '' when none was sent. */
function mediaType(request: IncomingMessage): string {
  return (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

async function readWavBody(request: IncomingMessage): Promise<Result<Uint8Array>> {
  const type = mediaType(request);
  if (!WAV_MEDIA_TYPES.includes(type)) {
    return {
      ok: false,
      error: {
        code: 'unsupported_media_type',
        message: `This route takes a WAV recording, but the body was sent as "${type || 'no type'}". Send the WAV file's bytes with "Content-Type: audio/wav".`,
      },
    };
  }
  const bytes = await readBody(request, MAX_WAV_BYTES);
  if (!bytes) {
    return invalid(
      `The recording is larger than ${MAX_WAV_BYTES} bytes, longer than the 30 s ArcFlux transcribes at a time. Send one command of under 30 s as 16 kHz mono WAV.`,
    );
  }
  return { ok: true, data: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
}

/** The whole body, or null as soon as it passes `limit` bytes (the rest is not buffered). */
async function readBody(request: IncomingMessage, limit: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function invalid(message: string): { ok: false; error: ErrorBody } {
  return { ok: false, error: { code: 'invalid_input', message } };
}

function notFound(method: string, pathname: string): { ok: false; error: ErrorBody } {
  return {
    ok: false,
    error: {
      code: 'not_found',
      message: `There is no ${method} ${pathname} in ArcFlux's API. See README for the /v1 routes.`,
    },
  };
}

function reply(response: ServerResponse, result: Result<unknown>) {
  const status = result.ok ? 200 : HTTP_STATUS_BY_CODE[result.error.code];
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  response.end(JSON.stringify(result));
}
