import { z } from 'zod';

/** One piece of a streamed reply: text to write and how many records it completes. */
export interface StreamChunk {
  text: string;
  rows: number;
}

/**
 * The output of every method whose route has `response: 'stream'`. Doors pipe `chunks`
 * as they come (REST writes them to the response, with `total` and `fileName` in
 * headers); nothing is built whole in memory and the door adds no logic.
 */
export const streamOutputSchema = z
  .object({
    /** How many records the stream will carry, for progress. */
    total: z.number().int().min(0),
    fileName: z.string().regex(/^[A-Za-z0-9._-]{1,120}$/, 'must be a plain file name'),
    contentType: z.literal('text/csv; charset=utf-8'),
    chunks: z.custom<AsyncIterable<StreamChunk>>(
      (value) =>
        typeof value === 'object' &&
        value !== null &&
        typeof (value as Record<symbol, unknown>)[Symbol.asyncIterator] === 'function',
      'must be an async iterable of chunks',
    ),
  })
  .strict();
export type StreamOutput = z.infer<typeof streamOutputSchema>;

/** The response headers a streamed reply carries its total in. */
export const STREAM_TOTAL_HEADER = 'x-total-rows';

/**
 * How a streamed method saved as a file ended, the same for every door: `saved` with the
 * records written (the header not counted) and, where the door knows it, the full path
 * (the desktop's save dialog; a browser keeps its download folder to itself); or
 * `cancelled` when the user closed the save dialog, in which case nothing was written.
 */
export const savedDownloadSchema = z.discriminatedUnion('status', [
  z
    .object({
      status: z.literal('saved'),
      fileName: z.string().min(1).max(255),
      path: z.string().min(1).max(4096).nullable(),
      records: z.number().int().min(0),
    })
    .strict(),
  z.object({ status: z.literal('cancelled') }).strict(),
]);
export type SavedDownload = z.infer<typeof savedDownloadSchema>;

/** A progress report while a download is written: records so far of the total. */
export const downloadProgressSchema = z
  .object({ records: z.number().int().min(0), total: z.number().int().min(0) })
  .strict();
export type DownloadProgress = z.infer<typeof downloadProgressSchema>;
