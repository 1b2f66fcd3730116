import type { EventName } from '../../shared/contract';

export interface StreamedEvent {
  name: EventName;
  payload: any;
}

/** One open /v1/events stream of a server at `url`, parsed into events as they arrive. */
export class EventStream {
  readonly events: StreamedEvent[] = [];
  #buffer = '';
  #reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  #reading: Promise<void> | undefined;

  constructor(
    readonly url: string,
    readonly bearer: string,
  ) {}

  async open(): Promise<void> {
    const response = await fetch(new URL('/v1/events', this.url), {
      headers: { authorization: `Bearer ${this.bearer}` },
    });
    if (response.status !== 200) throw new Error(`/v1/events answered ${response.status}`);
    this.#reader = response.body?.getReader();
    const decoder = new TextDecoder();
    this.#reading = (async () => {
      for (;;) {
        const chunk = await this.#reader?.read();
        if (!chunk || chunk.done) return;
        this.#take(decoder.decode(chunk.value, { stream: true }));
      }
    })().catch(() => undefined);
  }

  #take(text: string) {
    this.#buffer += text;
    let end: number;
    while ((end = this.#buffer.indexOf('\n\n')) >= 0) {
      const block = this.#buffer.slice(0, end);
      this.#buffer = this.#buffer.slice(end + 2);
      const name = /^event: (.+)$/m.exec(block)?.[1];
      const data = /^data: (.+)$/m.exec(block)?.[1];
      if (name && data) this.events.push({ name: name as EventName, payload: JSON.parse(data) });
    }
  }

  of(name: EventName): any[] {
    return this.events.filter((event) => event.name === name).map((event) => event.payload);
  }

  async close(): Promise<void> {
    await this.#reader?.cancel().catch(() => undefined);
    await this.#reading;
  }
}
