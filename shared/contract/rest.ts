import { contract, METHOD_NAMES, type MethodName } from './methods';
import type { RestRoute } from './define';

/** The pieces of an HTTP request that carry one contract call. */
export interface RestRequest {
  method: RestRoute['method'];
  /** Path with `:params` filled in and, for GET and WAV bodies, the rest of the input as a query string. */
  url: string;
  /** JSON body for POST/PATCH/DELETE; undefined for GET and WAV bodies. */
  body: Record<string, unknown> | undefined;
  /** The `wav` field's bytes, for routes whose body is `audio/wav`. */
  wav?: Uint8Array;
}

/**
 * Maps a contract call to an HTTP request. Path parameters come out of the input; for GET
 * the rest becomes the query string (arrays as repeated keys), for an `audio/wav` route the
 * `wav` field is the body and the rest the query string, otherwise the rest is the JSON body.
 */
export function toRestRequest(name: MethodName, input: Record<string, unknown>): RestRequest {
  const route = contract[name].rest;
  const remaining: Record<string, unknown> = { ...input };
  const path = route.path.replace(/:([A-Za-z]+)/g, (_match, key: string) => {
    const value = remaining[key];
    delete remaining[key];
    return encodeURIComponent(String(value ?? ''));
  });
  if (restBodyKind(name) === 'audio/wav') {
    const { wav, ...fields } = remaining;
    return {
      method: route.method,
      url: withQuery(path, fields),
      body: undefined,
      wav: wav instanceof Uint8Array ? wav : new Uint8Array(0),
    };
  }
  if (route.method !== 'GET') return { method: route.method, url: path, body: remaining };
  return { method: route.method, url: withQuery(path, remaining), body: undefined };
}

/** How a method's request carries its input beyond the path: JSON unless its route says otherwise. */
export function restBodyKind(name: MethodName): NonNullable<RestRoute['body']> {
  const route: RestRoute = contract[name].rest;
  return route.body ?? 'json';
}

/** How a method's reply travels: the JSON envelope unless its route streams. */
export function restResponseKind(name: MethodName): NonNullable<RestRoute['response']> {
  const route: RestRoute = contract[name].rest;
  return route.response ?? 'json';
}

/** Finds the method behind an HTTP request and the input its path carries. */
export function matchRestRoute(
  method: string,
  pathname: string,
): { name: MethodName; params: Record<string, string> } | undefined {
  for (const { name, pattern, keys } of compiledRoutes) {
    if (contract[name].rest.method !== method) continue;
    const match = pattern.exec(pathname);
    if (!match) continue;
    const params: Record<string, string> = {};
    keys.forEach((key, index) => {
      params[key] = decodeURIComponent(match[index + 1] ?? '');
    });
    return { name, params };
  }
  return undefined;
}

/** Turns a query string into input: a key given more than once becomes an array. */
export function queryToInput(search: URLSearchParams): Record<string, string | string[]> {
  const input: Record<string, string | string[]> = {};
  for (const key of new Set(search.keys())) {
    const values = search.getAll(key);
    input[key] = values.length === 1 ? (values[0] ?? '') : values;
  }
  return input;
}

function withQuery(path: string, fields: Record<string, unknown>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) {
    for (const item of [value].flat()) {
      if (item !== undefined && item !== null) query.append(key, String(item));
    }
  }
  const search = query.toString();
  return search ? `${path}?${search}` : path;
}

const compiledRoutes = METHOD_NAMES.map((name) => {
  const keys: string[] = [];
  const source = contract[name].rest.path.replace(/:([A-Za-z]+)/g, (_match, key: string) => {
    keys.push(key);
    return '([^/]+)';
  });
  return { name, pattern: new RegExp(`^${source}$`), keys };
});
