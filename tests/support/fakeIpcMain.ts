import type { IpcMainLike } from '../../electron/main/ipc';

type Handler<Event> = (event: Event, ...args: unknown[]) => unknown;

/** Test double for Electron's ipcMain: records handlers and lets a test invoke them like a renderer. */
export class FakeIpcMain<Event> implements IpcMainLike<Event> {
  readonly handlers = new Map<string, Handler<Event>>();

  handle(channel: string, listener: Handler<Event>): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  async invoke(event: Event, channel: string, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler(event, ...args);
  }
}
