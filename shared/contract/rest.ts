import { contract, METHOD_NAMES, type MethodName } from './methods';
import type { RestRoute } from './define';

/** The pieces of an HTTP request that carry one contract call. */
export interface RestRequest {
  method: RestRoute['method'];
  /** Path with `:params` filled in and, for GET, the remaining input as a query string. */
  url: string;
  /** JSON body for POST/PATCH/DELETE; undefined for GET. */
  body: Record<string, unknown> | undefined;
}

/**
 * Maps a contract call to an HTTP request. Path parameters come out of the input; for GET
 * the rest becomes the query string (arrays as repeated keys), otherwise the JSON body.
 */
export function toRestRequest(name: MethodName, input: Record<string, unknown>): RestRequest {
  const route = contract[name].rest;
  const remaining: Record<string, unknown> = { ...input };
  const path = route.path.replace(/:([A-Za-z]+)/g, (_match, key: string) => {
    const value = remaining[key];
    delete remaining[key];
    return encodeURIComponent(String(value ?? ''));
  });
  if (route.method !== 'GET') return { method: route.method, url: path, body: remaining };
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(remaining)) {
    for (const item of [value].flat()) {
      if (item !== undefined && item !== null) query.append(key, String(item));
    }
  }
  const search = query.toString();
  return { method: route.method, url: search ? `${path}?${search}` : path, body: undefined };
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

const compiledRoutes = METHOD_NAMES.map((name) => {
  const keys: string[] = [];
  const source = contract[name].rest.path.replace(/:([A-Za-z]+)/g, (_match, key: string) => {
    keys.push(key);
    return '([^/]+)';
  });
  return { name, pattern: new RegExp(`^${source}$`), keys };
});
