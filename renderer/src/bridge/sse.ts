/**
 * An incremental parser for the Server-Sent Events wire format. Feed it text as it
 * arrives, in chunks of any size; it calls `onMessage` once per complete event. Comment
 * lines (": ping") count as activity but carry no event.
 */
export function createSseParser(onMessage: (event: string, data: string) => void): {
  push(chunk: string): void;
} {
  let buffer = '';
  let eventName = '';
  let dataLines: string[] = [];

  const dispatch = () => {
    if (dataLines.length > 0) onMessage(eventName || 'message', dataLines.join('\n'));
    eventName = '';
    dataLines = [];
  };

  const handleLine = (line: string) => {
    if (line === '') return dispatch();
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') eventName = value;
    else if (field === 'data') dataLines.push(value);
    // "id" and "retry" are not used: the client resynchronises by reloading on reconnect.
  };

  return {
    push(chunk) {
      buffer += chunk;
      // A lone "\r" at the end may be the first half of "\r\n": wait for the next chunk.
      let match: RegExpExecArray | null;
      const lineBreak = /\r\n|\r(?!$)|\n/g;
      let start = 0;
      while ((match = lineBreak.exec(buffer)) !== null) {
        handleLine(buffer.slice(start, match.index));
        start = match.index + match[0].length;
      }
      buffer = buffer.slice(start);
    },
  };
}

export interface EventStreamOptions {
  fetch: typeof fetch;
  url: string;
  /** The bearer token, read on every (re)connect; null stops the stream. */
  getToken(): string | null;
  onMessage(event: string, data: string): void;
  onStateChange(state: 'connecting' | 'live' | 'reconnecting' | 'offline'): void;
  /** Called with the refusal's body when the server rejects the token, before going offline. */
  onUnauthorized(body: unknown): void;
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** No bytes, not even a ping, for this long means the connection is dead. */
  idleTimeoutMs?: number;
}

/**
 * Reads an SSE endpoint with fetch and a ReadableStream, because EventSource cannot send
 * an Authorization header. Reconnects with capped exponential backoff and jitter; stops
 * for good on 401 or when closed.
 */
export function openEventStream(options: EventStreamOptions): { close(): void } {
  const initialDelay = options.initialDelayMs ?? 500;
  const maxDelay = options.maxDelayMs ?? 30_000;
  const idleTimeout = options.idleTimeoutMs ?? 60_000;
  let closed = false;
  let attempt = 0;
  let controller: AbortController | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  const connect = async () => {
    const token = options.getToken();
    if (closed) return;
    if (!token) {
      options.onStateChange('offline');
      return;
    }
    options.onStateChange(attempt === 0 ? 'connecting' : 'reconnecting');
    controller = new AbortController();
    const current = controller;
    let idleTimer: ReturnType<typeof setTimeout> | undefined;
    const resetIdle = () => {
      clearTimeout(idleTimer);
      idleTimer = setTimeout(() => current.abort(), idleTimeout);
    };
    try {
      resetIdle();
      const response = await options.fetch(options.url, {
        headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
        signal: current.signal,
      });
      if (response.status === 401) {
        clearTimeout(idleTimer);
        options.onUnauthorized(await response.json().catch(() => null));
        options.onStateChange('offline');
        return;
      }
      if (!response.ok || !response.body) throw new Error(`event stream HTTP ${response.status}`);
      attempt = 0;
      options.onStateChange('live');
      const parser = createSseParser(options.onMessage);
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        resetIdle();
        parser.push(value);
      }
    } catch {
      // Network error, idle timeout or close(): handled below.
    }
    clearTimeout(idleTimer);
    if (closed) return;
    attempt += 1;
    options.onStateChange('reconnecting');
    retryTimer = setTimeout(() => void connect(), backoff(attempt, initialDelay, maxDelay));
  };

  void connect();
  return {
    close() {
      closed = true;
      clearTimeout(retryTimer);
      controller?.abort();
    },
  };
}

/** Exponential backoff with ±20% jitter so many tabs don't reconnect in lockstep. */
export function backoff(attempt: number, initialDelay: number, maxDelay: number): number {
  const base = Math.min(maxDelay, initialDelay * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.8 + Math.random() * 0.4));
}
