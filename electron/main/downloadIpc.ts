import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { finished } from 'node:stream/promises';
import { toErrorBody } from '../core/errors';
import { DOWNLOAD_CHANNEL, DOWNLOAD_PROGRESS_CHANNEL } from '../preload/api';
import { isMethodName } from '../../shared/contract';
import { restResponseKind } from '../../shared/contract/rest';
import {
  streamOutputSchema,
  type DownloadProgress,
  type SavedDownload,
  type StreamChunk,
} from '../../shared/contract/streamed';
import type { Result } from '../../shared/errors';
import { isTrustedSenderSafely, type CoreDoor, type EventSink, type IpcMainLike } from './ipc';

/** The part of an IpcMainInvokeEvent this door reads: the window that asked. */
export interface DownloadInvokeEvent {
  readonly sender: EventSink;
}

/** The part of Electron's dialog this door uses; tests pass a fake. */
export interface SaveDialogLike<Window> {
  showSaveDialog(
    window: Window,
    options: {
      title: string;
      defaultPath: string;
      buttonLabel: string;
      filters: { name: string; extensions: string[] }[];
      properties: ('createDirectory' | 'showOverwriteConfirmation')[];
    },
  ): Promise<{ canceled: boolean; filePath?: string }>;
}

export interface DownloadDoor<Window> {
  dialog: SaveDialogLike<Window>;
  /** The main window, the save dialog's parent; null once it is closed. */
  getWindow(): Window | null;
  /** The folder the dialog opens in (the user's Downloads). */
  defaultDirectory: string;
}

/**
 * Registers `arcflux:download`: the desktop's way to save a streamed method's reply (the
 * transfers CSV). Checked like `arcflux:call` (trusted sender, contract method, and only a
 * streamed one), then the core runs it, the user picks a file in a native save dialog,
 * and the core's chunks are written to that file as they come, with progress reports
 * sent to the asking window. No logic here: the rows, columns and quoting are the core's.
 * One download runs at a time, so the window can tell whose progress a report is.
 *
 * Returns a function that removes the handler.
 */
export function registerDownloadIpc<InvokeEvent extends DownloadInvokeEvent, Window>(
  ipc: IpcMainLike<InvokeEvent>,
  core: Pick<CoreDoor, 'dispatch'>,
  isTrustedSender: (event: InvokeEvent) => boolean,
  door: DownloadDoor<Window>,
): () => void {
  let running = false;
  ipc.handle(DOWNLOAD_CHANNEL, async (event, name, input): Promise<Result<SavedDownload>> => {
    if (!isTrustedSenderSafely(isTrustedSender, event)) return FORBIDDEN;
    if (!isMethodName(name) || restResponseKind(name) !== 'stream') return notStreamed(name);
    if (running) return ALREADY_RUNNING;
    running = true;
    try {
      return await download(event.sender, name, input);
    } catch (error) {
      // The handler never throws: Electron would drop the error's fields.
      return { ok: false, error: toErrorBody(error) };
    } finally {
      running = false;
    }
  });

  async function download(
    sender: EventSink,
    name: string,
    input: unknown,
  ): Promise<Result<SavedDownload>> {
    const result = await core.dispatch(name, input);
    if (!result.ok) return result;
    const parsed = streamOutputSchema.safeParse(result.data);
    if (!parsed.success) {
      return failure('internal', `${name} gave no file to save. This is a bug; report it.`);
    }
    const { total, fileName, chunks } = parsed.data;
    const window = door.getWindow();
    const choice = window
      ? await door.dialog.showSaveDialog(window, {
          title: 'Export CSV',
          defaultPath: join(door.defaultDirectory, fileName),
          buttonLabel: 'Export',
          filters: [{ name: 'CSV', extensions: ['csv'] }],
          properties: ['createDirectory', 'showOverwriteConfirmation'],
        })
      : { canceled: true };
    if (choice.canceled || !choice.filePath) {
      // The core's iterator never started; returning it lets it release what it holds.
      await chunks[Symbol.asyncIterator]().return?.();
      return { ok: true, data: { status: 'cancelled' } };
    }
    const path = choice.filePath;
    // The core's first chunk is the header, so a first report (0 of total) comes at once.
    const report = (progress: DownloadProgress) => {
      try {
        sender.send(DOWNLOAD_PROGRESS_CHANNEL, progress);
      } catch {
        // The window is closing; the file is still written.
      }
    };
    try {
      const records = await writeChunksToFile(chunks, path, (written) =>
        report({ records: written, total }),
      );
      return { ok: true, data: { status: 'saved', fileName: basename(path), path, records } };
    } catch {
      return failure(
        'unavailable',
        `The export stopped before it finished, so nothing was saved as ${basename(path)}. Check that the folder ${dirname(path)} exists and has space, then export again.`,
      );
    }
  }

  return () => ipc.removeHandler(DOWNLOAD_CHANNEL);
}

/**
 * Writes the chunks to `path` as they come, waiting whenever the file stream's buffer is
 * full, and reports the records written after each chunk. The text goes to a temporary
 * file beside `path`, flushed to disk and renamed over it only once complete: a failure
 * at any point (the core, the disk) leaves whatever was under `path` before untouched.
 * Returns the number of records written.
 */
export async function writeChunksToFile(
  chunks: AsyncIterable<StreamChunk>,
  path: string,
  onProgress: (records: number) => void,
): Promise<number> {
  const temporary = join(dirname(path), `.${basename(path)}.${randomUUID().slice(0, 8)}.part`);
  const stream = createWriteStream(temporary, { flags: 'wx', flush: true });
  // An error is held on the stream (`errored`) and thrown below; this keeps it from
  // being an unhandled 'error' event in between.
  stream.on('error', () => undefined);
  let records = 0;
  try {
    // Opened before the first chunk, so a failure can never race the file's creation
    // and leave a temporary file behind; a folder that can't be written fails here.
    await once(stream, 'open');
    for await (const chunk of chunks) {
      if (stream.errored) throw stream.errored;
      if (!stream.write(chunk.text)) await once(stream, 'drain');
      records += chunk.rows;
      onProgress(records);
    }
    stream.end();
    await finished(stream);
    await rename(temporary, path);
    return records;
  } catch (error) {
    // Stops the core's iterator if the loop never started it (a generator's return()
    // after the loop closed it does nothing).
    await chunks[Symbol.asyncIterator]().return?.();
    // Waits for the file to be closed (Windows cannot delete an open file); a pending
    // write may fail meanwhile, which is no reason to stop waiting.
    const closed = new Promise<void>((resolve) => stream.once('close', () => resolve()));
    stream.destroy();
    if (!stream.closed) await closed;
    await rm(temporary, { force: true });
    throw error;
  }
}

const FORBIDDEN: Result<never> = {
  ok: false,
  error: {
    code: 'forbidden',
    message:
      'This request did not come from the ArcFlux window, so it was refused and nothing was saved.',
  },
};

const ALREADY_RUNNING: Result<never> = {
  ok: false,
  error: {
    code: 'conflict',
    message: 'An export is already running. Wait for it to finish, then export again.',
  },
};

function notStreamed(name: unknown): Result<never> {
  const shown = typeof name === 'string' ? `"${name.slice(0, 80)}"` : `a ${typeof name}`;
  return failure(
    'invalid_input',
    `${shown} is not an ArcFlux method that exports a file, so nothing was run. Check the method name against the contract.`,
  );
}

function failure(
  code: 'internal' | 'invalid_input' | 'unavailable',
  message: string,
): Result<never> {
  return { ok: false, error: { code, message } };
}
