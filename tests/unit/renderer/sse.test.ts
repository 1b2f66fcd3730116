import { describe, expect, it } from 'vitest';
import { backoff, createSseParser, openEventStream } from '../../../renderer/src/bridge/sse';

function collect() {
  const messages: [string, string][] = [];
  const parser = createSseParser((event, data) => messages.push([event, data]));
  return { messages, parser };
}

describe('createSseParser', () => {
  it('parses events split across arbitrary chunks', () => {
    const { messages, parser } = collect();
    const wire =
      'event: balance:changed\ndata: {"a":1}\n\n: ping\n\nevent: payment:changed\ndata: {"b":2}\n\n';
    for (const character of wire) parser.push(character);
    expect(messages).toEqual([
      ['balance:changed', '{"a":1}'],
      ['payment:changed', '{"b":2}'],
    ]);
  });

  it('handles CRLF and CR line endings, even split between chunks', () => {
    const { messages, parser } = collect();
    parser.push('event: x\r');
    parser.push('\ndata: 1\r\n\r');
    parser.push('\nevent: y\rdata: 2\r\r');
    // The final "\r" could still become "\r\n": the event completes with the next byte.
    expect(messages).toEqual([['x', '1']]);
    parser.push(': ping\n');
    expect(messages).toEqual([
      ['x', '1'],
      ['y', '2'],
    ]);
  });

  it('joins multi-line data, defaults the event name and ignores comments', () => {
    const { messages, parser } = collect();
    parser.push(': ping\n\ndata: line one\ndata:line two\n\n');
    expect(messages).toEqual([['message', 'line one\nline two']]);
  });
});

describe('backoff', () => {
  it('grows exponentially, is capped, and jitters by at most 20%', () => {
    for (let attempt = 1; attempt <= 10; attempt += 1) {
      const base = Math.min(30_000, 500 * 2 ** (attempt - 1));
      const delay = backoff(attempt, 500, 30_000);
      expect(delay).toBeGreaterThanOrEqual(base * 0.8 - 1);
      expect(delay).toBeLessThanOrEqual(base * 1.2 + 1);
    }
  });
});

describe('openEventStream', () => {
  function streamOf(...chunks: string[]): ReadableStream<Uint8Array> {
    const encoder = new TextEncoder();
    return new ReadableStream({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
        controller.close();
      },
    });
  }

  it('sends the bearer token, delivers messages and reconnects when the stream ends', async () => {
    const requests: RequestInit[] = [];
    const states: string[] = [];
    const messages: string[] = [];
    let reconnected!: () => void;
    const secondConnection = new Promise<void>((resolve) => (reconnected = resolve));
    const fakeFetch = (async (_url: string, init: RequestInit) => {
      requests.push(init);
      if (requests.length === 2) reconnected();
      return new Response(
        requests.length === 1 ? streamOf('event: balance:changed\ndata: {}\n\n') : streamOf(),
        { status: 200, headers: { 'content-type': 'text/event-stream' } },
      );
    }) as typeof fetch;

    const stream = openEventStream({
      fetch: fakeFetch,
      url: '/v1/events',
      getToken: () => 'token-1',
      onMessage: (event) => messages.push(event),
      onStateChange: (state) => states.push(state),
      onUnauthorized: () => undefined,
      initialDelayMs: 1,
      maxDelayMs: 2,
    });
    await secondConnection;
    stream.close();

    expect(new Headers(requests[0]?.headers).get('authorization')).toBe('Bearer token-1');
    expect(messages).toEqual(['balance:changed']);
    expect(states.slice(0, 3)).toEqual(['connecting', 'live', 'reconnecting']);
  });

  it('stops for good on 401, passing on the refusal (its reason says why)', async () => {
    const states: string[] = [];
    let unauthorized = 0;
    const bodies: unknown[] = [];
    let calls = 0;
    const refusal = { ok: false, error: { code: 'unauthorized', reason: 'session_expired' } };
    const fakeFetch = (async () => {
      calls += 1;
      return new Response(JSON.stringify(refusal), { status: 401 });
    }) as typeof fetch;
    openEventStream({
      fetch: fakeFetch,
      url: '/v1/events',
      getToken: () => 'stale',
      onMessage: () => undefined,
      onStateChange: (state) => states.push(state),
      onUnauthorized: (body) => {
        unauthorized += 1;
        bodies.push(body);
      },
      initialDelayMs: 1,
    });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(calls).toBe(1);
    expect(unauthorized).toBe(1);
    expect(bodies).toEqual([refusal]);
    expect(states.at(-1)).toBe('offline');
  });
});
