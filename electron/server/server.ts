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
import type { Core } from '../core/createCore';
import { streamEvents } from './events';
import { serveStatic } from './staticFiles';
import { streamReply } from './streamReply';
import { newSecret, secretsMatch } from './token';

export interface ServerOptions {
  core: Core;
  host: string;
  /** 0 picks a free port. */
  port: number;
  token: string;
  /**
   * Printed in the browser-mode URL and exchanged for a session token that lives only as
   * long as this process, so neither the URL nor the browser ever holds the stored token.
   */
  launchCode: string;
  /** The built renderer, served for browser mode. */
  staticDir: string;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1_000_000;
const sessionRequestSchema = z.object({ launchCode: z.string().min(1).max(200) }).strict();

/**
 * The REST and SSE door. It only translates HTTP to contract calls: routes come from the
 * contract, inputs go to core.dispatch (which validates them), and every reply is the
 * result envelope.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const sessions = new Set<string>();
  const server = createServer((request, response) => {
    handle(options, sessions, request, response).catch(() => {
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
  return {
    url: `http://${host}:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // SSE streams never end on their own; close them so shutdown doesn't hang.
        server.closeAllConnections();
      }),
  };
}

async function handle(
  options: ServerOptions,
  sessions: Set<string>,
  request: IncomingMessage,
  response: ServerResponse,
) {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const method = request.method ?? 'GET';
  if (!url.pathname.startsWith('/v1/')) {
    if (method !== 'GET' && method !== 'HEAD')
      return reply(response, notFound(method, url.pathname));
    return serveStatic(options.staticDir, url.pathname, response);
  }
  if (method === 'POST' && url.pathname === '/v1/session') {
    return reply(response, await openSession(options, sessions, request));
  }
  if (!isAuthorized(options.token, sessions, request.headers.authorization)) {
    return reply(response, {
      ok: false,
      error: {
        code: 'unauthorized',
        message:
          'This request needs the ArcFlux token. Send "Authorization: Bearer <token>"; the token was printed when the server first started and is kept in the data folder as server_token.',
      },
    });
  }
  if (method === 'GET' && url.pathname === '/v1/events') {
    return streamEvents(options.core, request, response);
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
  const result = await options.core.dispatch(route.name, input);
  if (result.ok && restResponseKind(route.name) === 'stream') {
    if (await streamReply(request, response, result.data)) return;
    return reply(response, {
      ok: false,
      error: { code: 'internal', message: 'The export could not be streamed. Try again.' },
    });
  }
  return reply(response, result);
}

async function openSession(
  options: ServerOptions,
  sessions: Set<string>,
  request: IncomingMessage,
): Promise<Result<unknown>> {
  const body = await readJsonBody(request);
  if (!body.ok) return body;
  const parsed = sessionRequestSchema.safeParse(body.data);
  if (!parsed.success || !secretsMatch(options.launchCode, parsed.data.launchCode)) {
    return {
      ok: false,
      error: {
        code: 'unauthorized',
        message:
          'That launch link is not valid for this server. Open the URL the server printed when it started.',
      },
    };
  }
  const token = newSecret();
  sessions.add(token);
  return { ok: true, data: { token } };
}

function isAuthorized(token: string, sessions: Set<string>, header: string | undefined): boolean {
  const given = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
  return given !== undefined && (secretsMatch(token, given) || sessions.has(given));
}

async function readJsonBody(request: IncomingMessage): Promise<Result<Record<string, unknown>>> {
  const bytes = await readBody(request, MAX_BODY_BYTES);
  if (!bytes) {
    return invalid(`The request body is larger than ${MAX_BODY_BYTES} bytes. Send less data.`);
  }
  const text = bytes.toString('utf8').trim();
  if (!text) return { ok: true, data: {} };
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

async function readWavBody(request: IncomingMessage): Promise<Result<Uint8Array>> {
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!WAV_MEDIA_TYPES.includes(type)) {
    return invalid(
      `This route takes a WAV recording, but the body was sent as "${type || 'no type'}". Send the WAV file's bytes with "Content-Type: audio/wav".`,
    );
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
