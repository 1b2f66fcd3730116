import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  registerDownloadIpc,
  type DownloadInvokeEvent,
  type SaveDialogLike,
} from '../../../electron/main/downloadIpc';
import { TRANSFER_CSV_COLUMNS } from '../../../electron/core/transfers/exportTransfers';
import { DOWNLOAD_CHANNEL, DOWNLOAD_PROGRESS_CHANNEL } from '../../../electron/preload/api';
import type { StreamChunk, StreamOutput } from '../../../shared/contract/streamed';
import { csvRecord } from '../../../shared/csv';
import type { Result } from '../../../shared/errors';
import { FakeIpcMain } from '../../support/fakeIpcMain';

/** Stands in for the window's webContents: records what main sends it. */
class FakeWebContents {
  readonly sent: [string, unknown][] = [];
  send(channel: string, payload: unknown): void {
    this.sent.push([channel, payload]);
  }
  progress(): unknown[] {
    return this.sent
      .filter(([channel]) => channel === DOWNLOAD_PROGRESS_CHANNEL)
      .map(([, payload]) => payload);
  }
}

interface FakeInvokeEvent extends DownloadInvokeEvent {
  trusted: boolean;
}

const mainWindow = { id: 'main-window' };
type FakeWindow = typeof mainWindow;

/** Stands in for Electron's dialog: answers with the path (or cancel) the test sets. */
class FakeDialog implements SaveDialogLike<FakeWindow> {
  readonly asked: [FakeWindow, { defaultPath: string }][] = [];
  answer: { canceled: boolean; filePath?: string } = { canceled: true };
  async showSaveDialog(window: FakeWindow, options: { defaultPath: string }) {
    this.asked.push([window, options]);
    return this.answer;
  }
}

/** Rows whose cells need quoting: commas, doubled quotes, a line break, a formula, non-ASCII. */
function record(index: number): string {
  return csvRecord([
    `exec_${index}`,
    'pay_rent',
    '2021-03-01T14:00:00.000Z',
    '2021-03-01T14:00:02.000Z',
    '2021-03-01T15:00:02.000+01:00 Europe/Berlin',
    'User One',
    "Carol's Bakery, Zürich",
    '1200.5',
    'USDC',
    'succeeded',
    '',
    '+TX-1',
    `Rent "November"\nline ${index}`,
  ]);
}

/** What the core's export returns: a header chunk, then `rows` records in chunks of `perChunk`. */
function csvExport(
  rows: number,
  perChunk: number,
  options: { failAfterChunks?: number; onResume?: (chunk: number) => void } = {},
) {
  const state = { finished: false, text: csvRecord(TRANSFER_CSV_COLUMNS) };
  const header = state.text;
  const chunkTexts: string[] = [];
  for (let start = 0; start < rows; start += perChunk) {
    let text = '';
    for (let index = start; index < Math.min(rows, start + perChunk); index += 1) {
      text += record(index);
    }
    chunkTexts.push(text);
  }
  state.text = header + chunkTexts.join('');
  async function* chunks(): AsyncGenerator<StreamChunk> {
    try {
      yield { text: header, rows: 0 };
      for (let chunk = 0; chunk < chunkTexts.length; chunk += 1) {
        options.onResume?.(chunk);
        if (chunk === options.failAfterChunks) throw new Error('the ledger went away');
        const start = chunk * perChunk;
        yield { text: chunkTexts[chunk] as string, rows: Math.min(perChunk, rows - start) };
      }
    } finally {
      state.finished = true;
    }
  }
  const output: StreamOutput = {
    total: rows,
    fileName: 'arcflux-transfers-2021-03-20.csv',
    contentType: 'text/csv; charset=utf-8',
    chunks: chunks(),
  };
  return { output, state };
}

let folder: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'arcflux-download-'));
});
afterEach(() => {
  rmSync(folder, { recursive: true, force: true });
});

function setUp(reply: (name: unknown, input: unknown) => Result<unknown>) {
  const ipc = new FakeIpcMain<FakeInvokeEvent>();
  const dialog = new FakeDialog();
  const calls: [unknown, unknown][] = [];
  const core = {
    dispatch: async (name: unknown, input: unknown) => {
      calls.push([name, input]);
      return reply(name, input);
    },
  };
  let window: FakeWindow | null = mainWindow;
  const dispose = registerDownloadIpc(ipc, core, (event) => event.trusted, {
    dialog,
    getWindow: () => window,
    defaultDirectory: '/home/one/Downloads',
  });
  const sender = new FakeWebContents();
  const event: FakeInvokeEvent = { trusted: true, sender };
  const download = (name: unknown = 'transfers:export', input: unknown = { status: 'failed' }) =>
    ipc.invoke(event, DOWNLOAD_CHANNEL, name, input) as Promise<Result<unknown>>;
  return {
    ipc,
    dialog,
    calls,
    sender,
    download,
    dispose,
    closeWindow: () => {
      window = null;
    },
  };
}

describe('registerDownloadIpc', () => {
  it('writes the core’s CSV to the file picked in a save dialog over the window, reporting progress in order', async () => {
    const { output, state } = csvExport(5, 2);
    const { dialog, calls, sender, download } = setUp(() => ({ ok: true, data: output }));
    const target = join(folder, 'rent.csv');
    dialog.answer = { canceled: false, filePath: target };

    const reply = await download('transfers:export', { status: 'failed' });

    expect(calls).toEqual([['transfers:export', { status: 'failed' }]]);
    expect(dialog.asked).toHaveLength(1);
    expect(dialog.asked[0]?.[0]).toBe(mainWindow);
    expect(dialog.asked[0]?.[1]).toMatchObject({
      defaultPath: join('/home/one/Downloads', 'arcflux-transfers-2021-03-20.csv'),
    });
    expect(reply).toEqual({
      ok: true,
      data: { status: 'saved', fileName: 'rent.csv', path: target, records: 5 },
    });
    const written = readFileSync(target, 'utf8');
    expect(written).toBe(state.text);
    const lines = written.split('\r\n');
    expect(lines[0]).toBe(TRANSFER_CSV_COLUMNS.join(','));
    // Quoted exactly as the core made it: doubled quotes, an embedded line break, a neutralised formula.
    expect(lines[1]).toBe(
      `exec_0,pay_rent,2021-03-01T14:00:00.000Z,2021-03-01T14:00:02.000Z,2021-03-01T15:00:02.000+01:00 Europe/Berlin,User One,"Carol's Bakery, Zürich",1200.5,USDC,succeeded,,'+TX-1,"Rent ""November""\nline 0"`,
    );
    expect(lines).toHaveLength(7);
    expect(sender.progress()).toEqual([
      { records: 0, total: 5 },
      { records: 2, total: 5 },
      { records: 4, total: 5 },
      { records: 5, total: 5 },
    ]);
    expect(readdirSync(folder)).toEqual(['rent.csv']);
    expect(state.finished).toBe(true);
  });

  it('waits for the file to take each chunk before asking the core for the next (back-pressure)', async () => {
    const target = join(folder, 'big.csv');
    const header = Buffer.byteLength(csvRecord(TRANSFER_CSV_COLUMNS));
    const perChunk = 600; // about 130 kB a chunk, well above the stream's 16 kB buffer
    const bytesPerRecord = Buffer.byteLength(record(0));
    const onDisk: number[] = [];
    const { output } = csvExport(3000, perChunk, {
      onResume: (chunk) => {
        if (chunk === 0) return;
        const part = readdirSync(folder).find((name) => name.endsWith('.part'));
        onDisk.push(part ? statSync(join(folder, part)).size : -1);
      },
    });
    const { dialog, download } = setUp(() => ({ ok: true, data: output }));
    dialog.answer = { canceled: false, filePath: target };

    const reply = await download();

    expect(reply).toMatchObject({ ok: true, data: { status: 'saved', records: 3000 } });
    // Each resume finds every earlier chunk already in the temporary file beside the target.
    expect(onDisk).toHaveLength(4);
    onDisk.forEach((size, index) => {
      expect(size).toBeGreaterThanOrEqual(header + (index + 1) * perChunk * (bytesPerRecord - 2));
    });
    expect(statSync(target).size).toBeGreaterThan(header + 3000 * (bytesPerRecord - 2));
  });

  it('writes nothing and says cancelled when the save dialog is closed', async () => {
    const { output, state } = csvExport(5, 2);
    const { dialog, sender, download } = setUp(() => ({ ok: true, data: output }));
    dialog.answer = { canceled: true, filePath: '' };

    const reply = await download();

    expect(reply).toEqual({ ok: true, data: { status: 'cancelled' } });
    expect(readdirSync(folder)).toEqual([]);
    expect(sender.progress()).toEqual([]);
    // The core's iterator was closed, not left suspended.
    await expect(output.chunks[Symbol.asyncIterator]().next()).resolves.toEqual({
      done: true,
      value: undefined,
    });
    expect(state.finished).toBe(false);
  });

  it('says cancelled without a dialog when the window is already gone', async () => {
    const { output } = csvExport(1, 1);
    const { dialog, download, closeWindow } = setUp(() => ({ ok: true, data: output }));
    closeWindow();
    expect(await download()).toEqual({ ok: true, data: { status: 'cancelled' } });
    expect(dialog.asked).toEqual([]);
  });

  it('leaves no file under the chosen name, and the old one untouched, when the core fails mid-stream', async () => {
    const { output, state } = csvExport(10, 2, { failAfterChunks: 2 });
    const { dialog, sender, download } = setUp(() => ({ ok: true, data: output }));
    const target = join(folder, 'rent.csv');
    writeFileSync(target, 'last month\r\n');
    dialog.answer = { canceled: false, filePath: target };

    const reply = await download();

    expect(reply).toMatchObject({
      ok: false,
      error: {
        code: 'unavailable',
        message: expect.stringContaining('nothing was saved as rent.csv'),
      },
    });
    expect(readFileSync(target, 'utf8')).toBe('last month\r\n');
    expect(readdirSync(folder)).toEqual(['rent.csv']);
    expect(sender.progress().at(-1)).toEqual({ records: 4, total: 10 });
    expect(state.finished).toBe(true);
  });

  it('leaves no temporary file when the core fails before the first records are written', async () => {
    const { output, state } = csvExport(10, 2, { failAfterChunks: 0 });
    const { dialog, download } = setUp(() => ({ ok: true, data: output }));
    dialog.answer = { canceled: false, filePath: join(folder, 'rent.csv') };

    const reply = await download();

    expect(reply).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(readdirSync(folder)).toEqual([]);
    expect(state.finished).toBe(true);
  });

  it('reports a folder it cannot write in, writes nothing, and closes the core’s iterator', async () => {
    const { output, state } = csvExport(10, 2);
    const { dialog, download } = setUp(() => ({ ok: true, data: output }));
    const target = join(folder, 'gone', 'rent.csv');
    dialog.answer = { canceled: false, filePath: target };

    const reply = await download();

    expect(reply).toMatchObject({
      ok: false,
      error: { code: 'unavailable', message: expect.stringContaining(join(folder, 'gone')) },
    });
    expect(readdirSync(folder)).toEqual([]);
    // The core's iterator, never started, was closed rather than left suspended.
    await expect(output.chunks[Symbol.asyncIterator]().next()).resolves.toEqual({
      done: true,
      value: undefined,
    });
    expect(state.finished).toBe(false);
  });

  it("returns the core's refusal without opening a dialog", async () => {
    const refusal: Result<never> = {
      ok: false,
      error: { code: 'invalid_input', message: 'Invalid input for transfers:export: "status".' },
    };
    const { dialog, download } = setUp(() => refusal);
    expect(await download('transfers:export', { status: 'lost' })).toEqual(refusal);
    expect(dialog.asked).toEqual([]);
  });

  it('refuses a forged sender, a method that does not stream and an unknown name, running nothing', async () => {
    const { ipc, calls, dialog, download } = setUp(() => ({ ok: true, data: null }));
    const forged = { trusted: false, sender: new FakeWebContents() };
    expect(await ipc.invoke(forged, DOWNLOAD_CHANNEL, 'transfers:export', {})).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await download('balance:get', {})).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringContaining('"balance:get"') },
    });
    expect(await download('__proto__', {})).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(calls).toEqual([]);
    expect(dialog.asked).toEqual([]);
  });

  it('refuses a second export while one is waiting in the save dialog', async () => {
    const { output } = csvExport(1, 1);
    const { dialog, download } = setUp(() => ({ ok: true, data: output }));
    let answer: (value: { canceled: boolean }) => void = () => undefined;
    dialog.showSaveDialog = (window, options) => {
      dialog.asked.push([window, options]);
      return new Promise((resolve) => {
        answer = resolve;
      });
    };
    const first = download();
    await expect.poll(() => dialog.asked.length).toBe(1);
    expect(await download()).toMatchObject({ ok: false, error: { code: 'conflict' } });
    answer({ canceled: true });
    expect(await first).toEqual({ ok: true, data: { status: 'cancelled' } });
  });

  it('removes its handler when disposed', async () => {
    const { dispose, download } = setUp(() => ({ ok: true, data: null }));
    dispose();
    await expect(download()).rejects.toThrow(/No handler/);
  });
});
