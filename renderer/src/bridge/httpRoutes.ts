import { encodeWav } from '../../../shared/audio';
import {
  contract,
  restBodyKind,
  toRestRequest,
  type MethodName,
  type RestRoute,
} from '../../../shared/contract';

export interface HttpRequestPlan {
  method: RestRoute['method'];
  /** Path and query string, e.g. "/v1/payments?status=scheduled&limit=50". */
  url: string;
  /** JSON text, or a WAV file's bytes, for methods with a body; absent for GET. */
  body?: string | Uint8Array<ArrayBuffer>;
  /** The body's media type when it is not JSON. */
  contentType?: string;
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
  if (restBodyKind(name) === 'audio/wav') {
    // Recordings travel as samples in the app and as a WAV file over HTTP.
    const { audio, sampleRate, ...rest } = fields;
    if (!(audio instanceof Float32Array) || typeof sampleRate !== 'number') {
      return { problem: `${name} needs the recording's samples and their sample rate.` };
    }
    const wav = encodeWav(audio, sampleRate);
    const request = toRestRequest(name, { ...rest, wav });
    return { method: request.method, url: request.url, body: wav, contentType: 'audio/wav' };
  }
  const request = toRestRequest(name, fields);
  return request.body === undefined
    ? { method: request.method, url: request.url }
    : { method: request.method, url: request.url, body: JSON.stringify(request.body) };
}
