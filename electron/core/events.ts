import { EventEmitter } from 'node:events';
import { eventSchemas, type EventName, type EventPayload } from '../../shared/contract/events';

export type EventListener<Name extends EventName> = (payload: EventPayload<Name>) => void;

/**
 * The core's outgoing events. Payloads are validated on emit so every door (IPC, SSE)
 * forwards only contract-shaped data, and a failing listener never breaks the emitter.
 */
export class EventBus {
  readonly #emitter = new EventEmitter();

  constructor() {
    // Each open browser tab adds SSE listeners; the default cap of 10 is a leak alarm we
    // would trip in normal use.
    this.#emitter.setMaxListeners(100);
  }

  emit<Name extends EventName>(name: Name, payload: EventPayload<Name>): void {
    const checked = eventSchemas[name].parse(payload);
    for (const listener of this.#emitter.listeners(name)) {
      try {
        (listener as EventListener<Name>)(checked as EventPayload<Name>);
      } catch {
        // A door's listener failing (a closed socket, a destroyed window) must not stop
        // the money path or the other doors.
      }
    }
  }

  on<Name extends EventName>(name: Name, listener: EventListener<Name>): () => void {
    this.#emitter.on(name, listener);
    return () => this.#emitter.off(name, listener);
  }
}
