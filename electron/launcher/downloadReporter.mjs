// Preloaded (`node --import`) into Electron's own `install-electron` by the launcher, so
// the user sees the download move: install-electron (via @electron/get) shows nothing for
// its first 30 s. It wraps the global fetch that @electron/get downloads with and reports,
// as one JSON line each on file descriptor 3, when a request starts, how many bytes have
// arrived (at most 4 times a second), and why a request failed. Only codes and numbers
// go out, never a URL: a mirror's address may carry credentials.
import { writeSync } from 'node:fs';

const REPORT_FD = 3;
const REPORT_EVERY_MS = 250;

function report(message) {
  try {
    writeSync(REPORT_FD, `${JSON.stringify(message)}\n`);
  } catch {
    // Progress is best effort: a missing or full pipe must not break the install itself.
  }
}

function hostOf(input) {
  try {
    const url = typeof input === 'string' || input instanceof URL ? input : input.url;
    return new URL(String(url)).hostname;
  } catch {
    return 'unknown';
  }
}

const originalFetch = globalThis.fetch;
if (typeof originalFetch === 'function') {
  globalThis.fetch = async function reportingFetch(input, init) {
    const host = hostOf(input);
    report({ kind: 'request', host });
    let response;
    try {
      response = await originalFetch(input, init);
    } catch (error) {
      // A network failure carries its system code (ENOTFOUND, ECONNREFUSED...); anything
      // else is left to install-electron's own message.
      const cause = error && typeof error === 'object' ? (error.cause ?? error) : {};
      if (typeof cause.code === 'string') report({ kind: 'failed', host, code: cause.code });
      throw error;
    }
    if (!response.ok) {
      report({ kind: 'failed', host, status: response.status });
      return response;
    }
    if (!response.body) return response;
    const total = Number(response.headers.get('content-length')) || null;
    let transferred = 0;
    let reportedAt = -Infinity;
    const counting = new TransformStream({
      transform(chunk, controller) {
        transferred += chunk.byteLength;
        const now = performance.now();
        if (now - reportedAt >= REPORT_EVERY_MS) {
          reportedAt = now;
          report({ kind: 'progress', transferred, total });
        }
        controller.enqueue(chunk);
      },
      flush() {
        report({ kind: 'downloaded', transferred, total });
      },
    });
    return new Response(response.body.pipeThrough(counting), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}
