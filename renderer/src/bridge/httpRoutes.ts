import { contract, toRestRequest, type MethodName, type RestRoute } from '../../../shared/contract';

export interface HttpRequestPlan {
  method: RestRoute['method'];
  /** Path and query string, e.g. "/v1/payments?status=scheduled&limit=50". */
  url: string;
  /** JSON text for methods with a body; absent for GET. */
  body?: string;
}

/**
 * Turns a contract call into an HTTP request with the contract's own route mapping
 * (shared/contract/rest.ts, which the server matches against), so no method needs code of
 * its own here.
 *
 * Returns a message instead of a plan when a `:param` is missing, because the request
 * would otherwise reach a different route than the caller meant.
 */
export function planRequest(
  name: MethodName,
  input: unknown,
): HttpRequestPlan | { problem: string } {
  const fields: Record<string, unknown> =
    typeof input === 'object' && input !== null && !Array.isArray(input) ? { ...input } : {};
  for (const [, key] of contract[name].rest.path.matchAll(/:([A-Za-z]+)/g)) {
    const value = key === undefined ? undefined : fields[key];
    if (typeof value !== 'string' && typeof value !== 'number') {
      return { problem: `"${key}" is required for ${name}. Add it and try again.` };
    }
  }
  const request = toRestRequest(name, fields);
  return request.body === undefined
    ? { method: request.method, url: request.url }
    : { method: request.method, url: request.url, body: JSON.stringify(request.body) };
}
