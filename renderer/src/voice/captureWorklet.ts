/**
 * The audio thread's half of push-to-talk: an AudioWorkletProcessor that mixes its input
 * to mono and posts it to the page in blocks of about 43 ms (at 48 kHz), so the page sees
 * a few dozen messages a second instead of one per 128-frame render quantum. A "flush"
 * message posts what is buffered and answers "flushed", so a recording loses no tail.
 *
 * Built by Vite as its own file (imported with `?worker&url`) and loaded with
 * audioWorklet.addModule from our own origin, which the CSP's script-src 'self' allows in
 * browser mode and under app:// alike.
 */

// The AudioWorkletGlobalScope is not in TypeScript's DOM library.
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
}
declare function registerProcessor(
  name: string,
  processor: new () => AudioWorkletProcessor & {
    process(inputs: Float32Array[][]): boolean;
  },
): void;

const BLOCK_FRAMES = 2048;

class CaptureProcessor extends AudioWorkletProcessor {
  #block = new Float32Array(BLOCK_FRAMES);
  #filled = 0;
  #stopped = false;

  constructor() {
    super();
    this.port.onmessage = (event: MessageEvent) => {
      if (event.data === 'flush') {
        this.#post();
        this.port.postMessage('flushed');
      } else if (event.data === 'stop') {
        this.#stopped = true;
      }
    };
  }

  process(inputs: Float32Array[][]): boolean {
    const channels = inputs[0] ?? [];
    const frames = channels[0]?.length ?? 0;
    for (let frame = 0; frame < frames; frame += 1) {
      let sum = 0;
      for (const channel of channels) sum += channel[frame] ?? 0;
      this.#block[this.#filled] = sum / channels.length;
      this.#filled += 1;
      if (this.#filled === BLOCK_FRAMES) this.#post();
    }
    // Returning false lets the browser drop the node once the recording is over.
    return !this.#stopped;
  }

  #post() {
    if (this.#filled === 0) return;
    const block = this.#block.slice(0, this.#filled);
    this.port.postMessage(block, [block.buffer]);
    this.#filled = 0;
  }
}

registerProcessor('arcflux-capture', CaptureProcessor);
