import type { IncomingMessage, ServerResponse } from 'node:http';
import { EVENT_NAMES } from '../../shared/contract/events';
import type { Core } from '../core/createCore';
import type { Caller } from '../core/household/actor';

const HEARTBEAT_MS = 15_000;

/**
 * Streams the core's events to one client as Server-Sent Events until it disconnects, or
 * until `stillAllowed` says its session ended (checked before each event and ping): the
 * stream then ends, and the client's reconnect is refused with the reason. Only the events
 * the caller may read reach it: the core decides, by the rule its reads follow.
 */
export function streamEvents(
  core: Core,
  caller: Caller,
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
    core.on(name, (payload) => {
      if (core.household.mayReceive(caller, name, payload)) {
        send(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`);
      }
    }),
  );
  // Comments keep idle proxies and the browser's fetch from timing the stream out.
  const heartbeat = setInterval(() => send(': ping\n\n'), HEARTBEAT_MS);
  heartbeat.unref();
  request.on('close', () => {
    clearInterval(heartbeat);
    for (const unsubscribe of unsubscribers) unsubscribe();
  });
}
