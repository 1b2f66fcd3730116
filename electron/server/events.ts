import type { IncomingMessage, ServerResponse } from 'node:http';
import { EVENT_NAMES } from '../../shared/contract/events';
import type { Core } from '../core/createCore';

const HEARTBEAT_MS = 15_000;

/**
 * Streams every core event to one client as Server-Sent Events until it disconnects, or
 * until `stillAllowed` says its session ended (checked before each event and ping): the
 * stream then ends, and the client's reconnect is refused with the reason.
 */
export function streamEvents(
  core: Core,
  request: IncomingMessage,
  response: ServerResponse,
  stillAllowed: () => boolean = () => true,
) {
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  response.write(': connected\n\n');
  const send = (text: string) => {
    if (stillAllowed()) response.write(text);
    else response.end();
  };
  const unsubscribers = EVENT_NAMES.map((name) =>
    core.on(name, (payload) => send(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`)),
  );
  // Comments keep idle proxies and the browser's fetch from timing the stream out.
  const heartbeat = setInterval(() => send(': ping\n\n'), HEARTBEAT_MS);
  heartbeat.unref();
  request.on('close', () => {
    clearInterval(heartbeat);
    for (const unsubscribe of unsubscribers) unsubscribe();
  });
}
