import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Test double for the Hugging Face hub: a real HTTP server on 127.0.0.1 serving files at
 * `/<owner>/<name>/resolve/<revision>/<path>`, with Range requests and the LFS sha256 in
 * `x-linked-etag`, as the hub does. It can drop a connection part-way through a file.
 */
export class FakeHub {
  readonly requests: { method: string; path: string; range: string | undefined }[] = [];
  #server: Server | undefined;
  /** path -> bytes after which the next response for it is cut off. */
  readonly #dropAfter = new Map<string, number>();
  /** path -> the sha256 to announce instead of the served body's. */
  readonly #announced = new Map<string, string>();
  /** When set, bodies go out in chunks of this many bytes with a pause between them. */
  #pace: { chunkBytes: number; delayMs: number } | undefined;

  constructor(private readonly files: Map<string, Buffer>) {}

  /** `<owner>/<name>/resolve/<revision>/<path>` -> content, read from disk or given. */
  static fromEntries(entries: [string, Buffer | string][]): FakeHub {
    return new FakeHub(
      new Map(
        entries.map(([path, content]) => [
          path,
          typeof content === 'string' ? readFileSync(content) : content,
        ]),
      ),
    );
  }

  /** Serves `path` with one byte changed while still announcing the true sha256. */
  corrupt(path: string): void {
    const body = this.files.get(path);
    if (!body) throw new Error(`the fake hub has no ${path}`);
    this.#announced.set(path, sha256(body));
    const damaged = Buffer.from(body);
    damaged[0] = (damaged[0] ?? 0) ^ 0xff;
    this.files.set(path, damaged);
  }

  /** The next request for `path` sends `bytes` bytes and then breaks the connection. */
  dropNextAfter(path: string, bytes: number): void {
    this.#dropAfter.set(path, bytes);
  }

  /**
   * Sends every body in `chunkBytes` pieces `delayMs` apart, so a download lasts long
   * enough for a test to pause or watch it; null sends at full speed again.
   */
  pace(pace: { chunkBytes: number; delayMs: number } | null): void {
    this.#pace = pace ?? undefined;
  }

  async start(): Promise<string> {
    this.#server = createServer((request, response) => {
      const path = decodeURIComponent(new URL(request.url ?? '/', 'http://hub').pathname).slice(1);
      this.requests.push({ method: request.method ?? 'GET', path, range: request.headers.range });
      const body = this.files.get(path);
      if (!body) {
        response.writeHead(404).end('Entry not found');
        return;
      }
      const start = Number(/^bytes=(\d+)-$/.exec(request.headers.range ?? '')?.[1] ?? 0);
      if (start >= body.length && start > 0) {
        response.writeHead(416).end();
        return;
      }
      const headers = {
        'content-length': String(body.length - start),
        'x-linked-etag': `"${this.#announced.get(path) ?? sha256(body)}"`,
        'accept-ranges': 'bytes',
        ...(start > 0
          ? { 'content-range': `bytes ${start}-${body.length - 1}/${body.length}` }
          : {}),
      };
      response.writeHead(start > 0 ? 206 : 200, headers);
      if (request.method === 'HEAD') {
        response.end();
        return;
      }
      const drop = this.#dropAfter.get(path);
      if (drop !== undefined) {
        this.#dropAfter.delete(path);
        response.write(body.subarray(start, start + drop), () => response.destroy());
        return;
      }
      if (this.#pace) {
        sendPaced(response, body.subarray(start), this.#pace);
        return;
      }
      response.end(body.subarray(start));
    });
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.#server!.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.#server?.closeAllConnections();
      this.#server?.close(() => resolve());
    });
  }
}

function sendPaced(
  response: ServerResponse,
  body: Buffer,
  pace: { chunkBytes: number; delayMs: number },
) {
  let offset = 0;
  const next = () => {
    if (response.destroyed) return;
    if (offset >= body.length) {
      response.end();
      return;
    }
    response.write(body.subarray(offset, offset + pace.chunkBytes));
    offset += pace.chunkBytes;
    setTimeout(next, pace.delayMs);
  };
  next();
}

function sha256(body: Buffer): string {
  return createHash('sha256').update(body).digest('hex');
}
