import { once } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { STREAM_TOTAL_HEADER, streamOutputSchema } from '../../shared/contract/streamed';

/**
 * Pipes a streamed method's chunks to the response as they come, waiting for the socket
 * to drain, and stops the core's iterator when the client goes away. Returns false when
 * the output is not a stream (the caller replies with an error envelope instead).
 */
export async function streamReply(
  request: IncomingMessage,
  response: ServerResponse,
  output: unknown,
): Promise<boolean> {
  const parsed = streamOutputSchema.safeParse(output);
  if (!parsed.success) return false;
  const { total, fileName, contentType, chunks } = parsed.data;
  response.writeHead(200, {
    'content-type': contentType,
    'content-disposition': `attachment; filename="${fileName}"`,
    [STREAM_TOTAL_HEADER]: String(total),
    'access-control-expose-headers': STREAM_TOTAL_HEADER,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  let gone = false;
  const closed = once(request, 'close').then(() => {
    gone = true;
  });
  for await (const chunk of chunks) {
    if (gone || response.destroyed) break;
    if (!response.write(chunk.text)) await Promise.race([once(response, 'drain'), closed]);
  }
  response.end();
  return true;
}
