// Logs: JSON lines from Fastify's pino on stdout, each line of a request carrying its id (`reqId`), which is
// also the `x-amzn-RequestId` the AWS engine answers with. QUIVER_LOG_FORMAT=pretty renders them for a person
// at a terminal through pino-pretty, loaded (in pino's worker thread) only then.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyServerOptions } from 'fastify';

export type LogFormat = 'json' | 'pretty';

/** An id a reverse proxy already gave the request (x-request-id) is kept when it is a plain token. */
const PROXY_REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

export function requestIdOf(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && PROXY_REQUEST_ID.test(given) ? given : randomUUID();
}

export function loggingOptions(
  level: string,
  format: LogFormat,
): Pick<FastifyServerOptions, 'logger' | 'genReqId' | 'requestIdHeader'> {
  return {
    logger: {
      level,
      ...(format === 'pretty'
        ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } } }
        : {}),
    },
    genReqId: requestIdOf,
    requestIdHeader: false, // genReqId decides (Fastify's default log label for it is `reqId`)
  };
}
