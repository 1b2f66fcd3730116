import type { EventName } from '../../../shared/contract';
import { STREAM_TOTAL_HEADER } from '../../../shared/contract/streamed';
import { csvRecordCounter } from '../../../shared/csv';
import type { HouseholdConnection } from '../../../shared/schemas/household';
import { signedOutReason, type Bridge, type ConnectionState, type SignedOutReason } from './bridge';
import { failure, isEventName, parseEvent, parseResult } from './envelope';
import { planRequest } from './httpRoutes';
import {
  establishSession,
  NOT_SIGNED_IN,
  TOKEN_KEY,
  type SessionEnvironment,
  type SessionOutcome,
} from './session';
import { openEventStream } from './sse';

export interface HttpBridgeEnvironment extends SessionEnvironment {
  /** Hands a finished file to the browser's downloads. */
  saveFile(file: Blob, fileName: string): void;
  /**
   * A household server and the user's personal token, used instead of the server this
   * page came from and its tab session (no launch code is traded then).
   */
  household?: HouseholdConnection | null;
}

/**
 * The browser-mode door: REST calls and an SSE event stream to the headless server on
 * the page's own origin, or to a household server when one is given. Generic over the
 * contract's `rest` routes: no per-method code.
 */
export function createHttpBridge(environment: HttpBridgeEnvironment): Bridge {
  const household = environment.household ?? null;
  const session: Promise<SessionOutcome> = household
    ? Promise.resolve({ kind: 'ready', token: household.token })
    : establishSession(environment);
  /** Routes are paths ("/v1/..."); a household server's origin goes in front. */
  const address = (path: string) => (household ? `${household.url}${path}` : path);
  let token: string | null = null;
  let signedOut: SignedOutReason | null = null;
  const signedOutListeners = new Set<(reason: SignedOutReason) => void>();

  /** The session is gone for good: forget it and tell the app once, with the reason. */
  const signOut = (reason: SignedOutReason) => {
    token = null;
    // A household token is the user's own and stays where it was put; a tab session is gone.
    if (!household) environment.storage.removeItem(TOKEN_KEY);
    if (signedOut) return;
    signedOut = reason;
    for (const callback of signedOutListeners) callback(reason);
  };
  const ready = session.then(
    (outcome) => {
      if (outcome.kind === 'ready') token = outcome.token;
      else signOut(outcome.reason);
    },
    () => undefined,
  );

  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  const connectionListeners = new Set<(state: ConnectionState) => void>();
  let connection: ConnectionState = 'connecting';
  let streamStarted = false;
  let closed = false;
  let stream: { close(): void } | null = null;

  const setConnection = (state: ConnectionState) => {
    connection = state;
    for (const callback of connectionListeners) callback(state);
  };

  const startStream = () => {
    if (streamStarted) return;
    streamStarted = true;
    // The stream lives as long as the page; its listeners come and go above it.
    void ready.then(() => {
      if (closed) return;
      stream = openEventStream({
        fetch: environment.fetch,
        url: address('/v1/events'),
        getToken: () => token,
        onMessage: (event, data) => deliver(event, data),
        onStateChange: setConnection,
        onUnauthorized: (body) => signOut(signedOutReason(body, 'not_signed_in')),
      });
    });
  };

  const deliver = (event: string, data: string) => {
    if (!isEventName(event)) return;
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      return;
    }
    const payload = parseEvent(event, json);
    if (!payload) return;
    for (const callback of listeners.get(event) ?? []) callback(payload as never);
  };

  return {
    kind: 'http',
    household: household ? { url: household.url } : null,
    async call(name, input) {
      await ready;
      if (!token) return failure('unauthorized', NOT_SIGNED_IN);
      const plan = planRequest(name, input);
      if ('problem' in plan) return failure('invalid_input', plan.problem);
      let response: Response;
      try {
        response = await environment.fetch(address(plan.url), {
          method: plan.method,
          headers: {
            authorization: `Bearer ${token}`,
            accept: 'application/json',
            ...(plan.body === undefined
              ? {}
              : { 'content-type': plan.contentType ?? 'application/json' }),
          },
          body: plan.body,
        });
      } catch {
        return failure(
          'unavailable',
          'ArcFlux could not reach its server. Check that `arcflux serve` is still running, then retry.',
        );
      }
      let json: unknown;
      try {
        json = await response.json();
      } catch {
        if (response.status === 401) signOut('not_signed_in');
        return failure(
          response.status >= 500 ? 'unavailable' : 'internal',
          `The ArcFlux server answered "${name}" with HTTP ${response.status} and no readable reply. Retry; if it repeats, restart \`arcflux serve\`.`,
        );
      }
      if (response.status === 401) signOut(signedOutReason(json, 'not_signed_in'));
      return parseResult(name, json);
    },
    async download(name, input, onProgress) {
      await ready;
      if (!token) return failure('unauthorized', NOT_SIGNED_IN);
      const plan = planRequest(name, input);
      if ('problem' in plan) return failure('invalid_input', plan.problem);
      let response: Response;
      try {
        response = await environment.fetch(address(plan.url), {
          method: plan.method,
          headers: { authorization: `Bearer ${token}`, accept: 'text/csv, application/json' },
        });
      } catch {
        return failure(
          'unavailable',
          'ArcFlux could not reach its server. Check that `arcflux serve` is still running, then retry.',
        );
      }
      const type = response.headers.get('content-type') ?? '';
      if (!response.ok || !response.body || type.includes('application/json')) {
        let json: unknown;
        try {
          json = await response.json();
        } catch {
          json = undefined;
        }
        if (response.status === 401) signOut(signedOutReason(json, 'not_signed_in'));
        const result = parseResult(name, json);
        return result.ok
          ? failure('internal', `The ArcFlux server sent no file for "${name}". Retry.`)
          : result;
      }
      const total = Number(response.headers.get(STREAM_TOTAL_HEADER) ?? 0);
      const fileName =
        /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ??
        'arcflux-export.csv';
      const parts: Uint8Array<ArrayBuffer>[] = [];
      const decoder = new TextDecoder();
      const counter = csvRecordCounter();
      const reader = response.body.getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          parts.push(value as Uint8Array<ArrayBuffer>);
          // The first record is the header.
          onProgress(Math.max(0, counter.add(decoder.decode(value, { stream: true })) - 1), total);
        }
      } catch {
        return failure(
          'unavailable',
          'The export stopped before it finished because the connection to ArcFlux broke. Export again.',
        );
      }
      const records = Math.max(0, counter.records - 1);
      // The browser picks the folder and never says which, so there is no path to show.
      environment.saveFile(new Blob(parts, { type: 'text/csv;charset=utf-8' }), fileName);
      return { ok: true, data: { status: 'saved', fileName, path: null, records } };
    },
    on(event, callback) {
      const set = listeners.get(event) ?? new Set();
      set.add(callback as (payload: never) => void);
      listeners.set(event, set);
      startStream();
      return () => {
        set.delete(callback as (payload: never) => void);
      };
    },
    onConnectionChange(callback) {
      connectionListeners.add(callback);
      callback(connection);
      return () => {
        connectionListeners.delete(callback);
      };
    },
    close() {
      closed = true;
      stream?.close();
    },
    onSignedOut(callback) {
      signedOutListeners.add(callback);
      if (signedOut) callback(signedOut);
      return () => {
        signedOutListeners.delete(callback);
      };
    },
  };
}
