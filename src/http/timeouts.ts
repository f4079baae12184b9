// Time bounds on a request body (QA H2). Node bounds the headers (headersTimeout) and Fastify the keep-alive
// idle time, but once the headers are in nothing bounds the body: a client that stalls or drips holds its
// connection, and whatever the server buffered, for good. Two bounds, per request that has a body:
//   - idle: no body byte for `bodyIdleTimeoutMs` while the server is waiting for one → the connection is closed
//     (socket idle timeout while the body is incomplete, also while an unused body is being discarded after an
//     early answer; not while the server itself holds back, e.g. a blob store slower than the client);
//   - total: the body not complete `requestTimeoutMs` after the headers → the connection is closed.
// A legitimate upload at any steady speed is never idle, so only `requestTimeoutMs` limits its size-by-speed.
import type { FastifyInstance } from 'fastify';

export interface BodyTimeouts {
  /** 0 = no bound. */
  requestTimeoutMs: number;
  /** 0 = no bound. */
  bodyIdleTimeoutMs: number;
}

function hasBody(headers: Record<string, string | string[] | undefined>): boolean {
  if (headers['transfer-encoding'] !== undefined) return true;
  const length = Number(headers['content-length'] ?? 0);
  return Number.isFinite(length) && length > 0;
}

export function installBodyTimeouts(app: FastifyInstance, timeouts: BodyTimeouts): void {
  app.addHook('onRequest', (request, reply, done) => {
    const raw = request.raw;
    if (raw.complete || !hasBody(raw.headers)) return done();
    const socket = raw.socket;
    const idle = timeouts.bodyIdleTimeoutMs;
    if (idle > 0) {
      socket.setTimeout(idle);
      // Node asks the incomplete request first when its socket goes idle. Idle because *we* stopped reading (a
      // slow blob store pushing back, a handler still busy) is not the client's stall: wait again. Otherwise close.
      raw.on('timeout', () => {
        if (raw.readableLength > 0) socket.setTimeout(idle);
        else socket.destroy();
      });
    }
    const total =
      timeouts.requestTimeoutMs > 0 ? setTimeout(() => socket.destroy(), timeouts.requestTimeoutMs) : undefined;
    total?.unref();
    const settle = () => {
      clearTimeout(total);
      // Body complete while the answer is still being worked on: no idle bound on a slow handler. After the
      // answer, Node's keep-alive timeout owns the socket.
      if (idle > 0 && !reply.raw.writableFinished) socket.setTimeout(0);
    };
    raw.once('end', settle);
    raw.once('close', () => clearTimeout(total));
    // An early answer (a 403, a 413) while the body is still arriving: Node resets the socket's timeout to the
    // keep-alive one when the answer is out; the body being discarded stays under the idle bound.
    reply.raw.once('finish', () => {
      if (idle > 0 && !raw.complete) socket.setTimeout(idle);
    });
    done();
  });
}
