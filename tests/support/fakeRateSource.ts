import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The ECB's eurofxref-daily.xml shape, with the given date and USD rate among others. */
export function ecbDailyXml(date: string, usdRate: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">
\t<gesmes:subject>Reference rates</gesmes:subject>
\t<gesmes:Sender>
\t\t<gesmes:name>European Central Bank</gesmes:name>
\t</gesmes:Sender>
\t<Cube>
\t\t<Cube time='${date}'>
\t\t\t<Cube currency='USD' rate='${usdRate}'/>
\t\t\t<Cube currency='JPY' rate='162.41'/>
\t\t\t<Cube currency='GBP' rate='0.83465'/>
\t\t\t<Cube currency='CHF' rate='0.9387'/>
\t\t</Cube>
\t</Cube>
</gesmes:Envelope>
`;
}

/**
 * Test double for the ECB's daily rates: a real HTTP server on 127.0.0.1 serving the
 * documented XML. `outage` makes it answer 503 (`failing`) or hold every request without
 * answering (`hanging`) until it is back up or closed, so a test can prove nothing waits
 * on it.
 */
export class FakeRateSource {
  /** Every request's path, in order. */
  readonly requests: string[] = [];
  #server: Server | undefined;
  #mode: 'up' | 'failing' | 'hanging' = 'up';
  #held: ServerResponse[] = [];
  #waiters: (() => void)[] = [];

  constructor(
    public date: string,
    public rate: string,
  ) {}

  get url(): string {
    const address = this.#server?.address() as AddressInfo | null;
    if (!address) throw new Error('the fake rate source is not started');
    return `http://127.0.0.1:${address.port}/stats/eurofxref/eurofxref-daily.xml`;
  }

  /** Serves a new reading from now on, as the ECB does each working day. */
  publish(date: string, rate: string): void {
    this.date = date;
    this.rate = rate;
  }

  outage(mode: 'failing' | 'hanging'): void {
    this.#mode = mode;
  }

  /** Back up: held requests get an answer now. */
  restore(): void {
    this.#mode = 'up';
    for (const response of this.#held.splice(0)) this.#answer(response);
  }

  /** Resolves once `count` requests have arrived (answered or held). */
  received(count: number): Promise<void> {
    if (this.requests.length >= count) return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => {
        if (this.requests.length >= count) resolve();
        else this.#waiters.push(check);
      };
      this.#waiters.push(check);
    });
  }

  async start(): Promise<void> {
    this.#server = createServer((request, response) => this.#handle(request, response));
    await new Promise<void>((resolve) => this.#server?.listen(0, '127.0.0.1', resolve));
  }

  async close(): Promise<void> {
    for (const response of this.#held.splice(0)) response.destroy();
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => this.#server?.close(() => resolve()));
  }

  #handle(request: IncomingMessage, response: ServerResponse): void {
    this.requests.push(request.url ?? '');
    for (const waiter of this.#waiters.splice(0)) waiter();
    if (this.#mode === 'hanging') {
      this.#held.push(response);
      return;
    }
    if (this.#mode === 'failing') {
      response.writeHead(503, { 'content-type': 'text/plain' }).end('Service Unavailable');
      return;
    }
    this.#answer(response);
  }

  #answer(response: ServerResponse): void {
    response
      .writeHead(200, { 'content-type': 'text/xml; charset=UTF-8' })
      .end(ecbDailyXml(this.date, this.rate));
  }
}
