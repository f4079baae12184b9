// Errors raised by the HTTP layer itself, before any route runs (QA L7), answered in the protocol's own error
// format instead of Fastify's (`{"code":"FST_ERR_…"}`), which SDKs report as unknown errors:
//   - a path Fastify cannot decode (FST_ERR_BAD_URL) and a Content-Type it cannot parse (415): an AWS request goes
//     on to the engine, which ignores the Content-Type and answers a bad escape as a ValidationException after
//     authentication, like any other input problem; a registry request gets the registry's `{"error": …}`;
//   - what Node's parser rejects (431 header overflow, 408 header timeout, 400 malformed): the connection is closed
//     after an AWS-shaped answer (`x-amzn-ErrorType`, `__type`, and `error` for package managers), since no
//     route — so no protocol — is known yet;
//   - a client that went away: logged at debug, not as a failure.
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';

export interface FrameworkErrorRoutes {
  /** The AWS engine's route handler, to answer a request the HTTP layer balked at. */
  aws: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
  /** True for a package-manager path (see src/registries/route-templates.ts). */
  isRegistryPath: (url: string) => boolean;
  debug: (message: string, error: unknown) => void;
}

function registryError(reply: FastifyReply, status: number, message: string): FastifyReply {
  return reply
    .code(status)
    .header('content-type', 'application/json')
    .send(JSON.stringify({ error: message }));
}

const PARSER_ERRORS: Record<string, [number, string, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'RequestHeaderSectionTooLarge', 'The request headers are larger than 16 KiB.'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'RequestTimeoutException', 'The request headers did not arrive in time.'],
};

export function frameworkErrorOptions(
  routes: () => FrameworkErrorRoutes,
): Pick<FastifyServerOptions, 'clientErrorHandler' | 'frameworkErrors'> {
  return {
    clientErrorHandler(error: Error & { code?: string }, socket: Socket) {
      routes().debug('client error', error);
      if (error.code === 'ECONNRESET' || socket.destroyed) return;
      const [status, type, message] = PARSER_ERRORS[error.code ?? ''] ?? [
        400,
        'SerializationException',
        'The request is not valid HTTP/1.1.',
      ];
      const body = JSON.stringify({ __type: type, message, error: message });
      if (socket.writable) {
        socket.write(
          `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: application/json\r\n` +
            `x-amzn-ErrorType: ${type}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
        );
      }
      socket.destroy();
    },
    frameworkErrors(_error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
      const { aws, isRegistryPath } = routes();
      if (isRegistryPath(request.raw.url ?? '/'))
        return registryError(reply, 400, 'The path is not valid percent-encoding.');
      return aws(request, reply);
    },
  };
}

/** Errors Fastify raises inside a route's lifecycle before the handler (an unparsable Content-Type: 415). */
export function installFrameworkErrorHandler(app: FastifyInstance, routes: () => FrameworkErrorRoutes): void {
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const { aws, isRegistryPath } = routes();
    const status = error.statusCode ?? 500;
    // Only the content-type parser's refusals (415 and kin) are the HTTP layer's; anything else — a 5xx, a plugin's
    // own errors (the web UI) — keeps Fastify's handling.
    if (status >= 500 || !error.code?.startsWith('FST_ERR_CTP_')) throw error;
    if (isRegistryPath(request.raw.url ?? '/')) return registryError(reply, status, error.message);
    return aws(request, reply);
  });
}
