// What a server does with a request body it will not use (an early 4xx, an unauthenticated upload): read it
// and drop every chunk, so the client can read the answer and the connection stays usable, but stop paying for
// it past a bound by closing the connection. Nothing is ever kept (QA H1).
import type { IncomingMessage } from 'node:http';

export function discardBody(request: IncomingMessage, limitBytes: number): void {
  if (request.readableEnded || request.destroyed) return;
  let discarded = 0;
  request.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > limitBytes) request.socket.destroy();
  });
  request.resume();
}

/** A read that failed because the client went away (or its connection was cut by a timeout). */
export function isClientAbort(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return (
    code === 'ECONNRESET' ||
    code === 'ERR_STREAM_PREMATURE_CLOSE' ||
    code === 'EPIPE' ||
    (error instanceof Error && error.message === 'aborted')
  );
}
