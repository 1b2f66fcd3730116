import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from './requestBody';

/**
 * A stand-in for Twilio's Messages API on 127.0.0.1, over real sockets. It records every
 * request, checks basic auth and the form body as Twilio does, and fails on demand. Every
 * error it answers repeats the credentials it was sent (the token, the Authorization
 * header, the token in a URL), as a careless service would, so tests can prove ArcFlux
 * keeps none of them.
 */
export interface FakeTwilio {
  url: string;
  accountSid: string;
  authToken: string;
  requests: TwilioRequest[];
  /** Messages accepted (answered 201), in order. */
  messages: { sid: string; to: string; from: string; body: string }[];
  /** The next request gets this fault; several queue up. */
  fail(next: TwilioFault): void;
  /** Every request gets this fault until `undefined` ends the outage. */
  outage(fault: TwilioFault | undefined): void;
  close(): Promise<void>;
}

export interface TwilioRequest {
  method: string;
  path: string;
  contentType: string | undefined;
  authorization: string | undefined;
  /** The form fields, decoded. */
  form: Record<string, string>;
}

export type TwilioFault =
  /** An error status with Twilio's error body, e.g. 500 or 429 (code 20429). */
  | { kind: 'status'; status: number; code?: number }
  /** The connection is closed with no answer. */
  | { kind: 'drop' }
  /** A permanent refusal: 400 with code 21211, the To number is not valid. */
  | { kind: 'invalid_number' };

export async function startFakeTwilio(options: {
  accountSid: string;
  authToken: string;
}): Promise<FakeTwilio> {
  const queued: TwilioFault[] = [];
  let lasting: TwilioFault | undefined;
  const requests: TwilioRequest[] = [];
  const messages: FakeTwilio['messages'] = [];
  const messagesPath = `/2010-04-01/Accounts/${options.accountSid}/Messages.json`;

  const server = createServer((request, response) => {
    void handle(request, response).catch(() => response.destroy());
  });

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const text = await readBody(request);
    const form = Object.fromEntries(new URLSearchParams(text));
    const authorization = request.headers.authorization;
    requests.push({
      method: request.method ?? 'GET',
      path: request.url ?? '/',
      contentType: request.headers['content-type'],
      authorization,
      form,
    });
    const echo = echoOf(authorization);
    const expected = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}`;
    if (authorization !== expected) {
      return error(response, 401, 20003, `Authenticate: the credentials ${echo} were refused`);
    }
    if (request.method !== 'POST' || request.url !== messagesPath) {
      return error(response, 404, 20404, `The requested resource ${request.url} was not found`);
    }
    if (!request.headers['content-type']?.startsWith('application/x-www-form-urlencoded')) {
      return error(response, 400, 21000, 'The request body must be form-encoded');
    }
    const fault = queued.shift() ?? lasting;
    if (fault?.kind === 'drop') return response.destroy();
    if (fault?.kind === 'status') {
      return error(
        response,
        fault.status,
        fault.code ?? (fault.status === 429 ? 20429 : 20500),
        `Service unavailable for ${echo}`,
      );
    }
    if (fault?.kind === 'invalid_number') {
      return error(
        response,
        400,
        21211,
        `The 'To' number ${form.To ?? ''} is not a valid phone number (sent with ${echo})`,
      );
    }
    if (!form.To || !form.From || !form.Body) {
      return error(response, 400, 21604, "A 'To', 'From' and 'Body' are required");
    }
    const sid = `SM${randomBytes(16).toString('hex')}`;
    messages.push({ sid, to: form.To, from: form.From, body: form.Body });
    return send(response, 201, {
      sid,
      account_sid: options.accountSid,
      to: form.To,
      from: form.From,
      body: form.Body,
      status: 'queued',
      num_segments: '1',
      direction: 'outbound-api',
      uri: `${messagesPath.replace('.json', '')}/${sid}.json`,
    });
  }

  /** The credentials as sent, in every form a careless service repeats them. */
  function echoOf(authorization: string | undefined): string {
    const sent = authorization ?? '';
    const decoded = Buffer.from(sent.replace(/^Basic /, ''), 'base64').toString('utf8');
    const token = decoded.slice(decoded.indexOf(':') + 1);
    return `${sent} (user:password ${decoded}, token ${token}, https://api.twilio.com/help?AuthToken=${encodeURIComponent(token)})`;
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    accountSid: options.accountSid,
    authToken: options.authToken,
    requests,
    messages,
    fail: (fault) => queued.push(fault),
    outage: (fault) => {
      lasting = fault;
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Twilio's error body: {code, message, more_info, status}. */
function error(response: ServerResponse, status: number, code: number, message: string) {
  send(response, status, {
    code,
    message,
    more_info: `https://www.twilio.com/docs/errors/${code}`,
    status,
  });
}

function send(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}
