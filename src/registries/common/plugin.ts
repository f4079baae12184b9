// The registry adapter skeleton: every package-manager protocol lives under a repository endpoint,
// `/<domain>-<owner>/<format>/<repo>/…`, as an encapsulated Fastify plugin. This file does, once for every
// format: parse the endpoint, verify the GetAuthorizationToken token (any shape, see auth.ts) against the
// account and domain the URL names, decorate the request with the repository it may use, map errors to HTTP
// (401 with a `Basic` challenge line — pip and Maven need it — plus the format's own), answer a registry 404
// for paths no route of the format knows, and a 404 for formats Quiver has no registry for yet.
import { randomUUID } from 'node:crypto';
import type { RegistryAccess, RegistryAction, RegistryPackage } from '../../domain/codeartifact/registry-access.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuthorizationTokens } from '../../domain/codeartifact/tokens.js';
import type { RegistryRepository } from '../../domain/codeartifact/upstreams.js';
import { tokenFromAuthorization } from './auth.js';
import { baseUrlOf, parseEndpointSegment, pathInRepository } from './endpoint.js';
import { RegistryError, statusOf } from './errors.js';

/** What a registry handler knows about its request once the skeleton has let it through. */
export interface RegistryContext {
  repository: RegistryRepository;
  /** `<base>/<domain>-<owner>/<format>/<repo>`, no trailing slash: where the client reached this repository. */
  endpointUrl: string;
  /** The path after the endpoint, still percent-encoded (formats that route themselves read this). */
  rest: string;
  /**
   * Refuses (403, AWS's message) unless the token's principal may do `action` here — on the repository, or on
   * the package when one is named (domain/codeartifact/registry-access.ts). Every route calls it first.
   */
  need(action: RegistryAction, pkg?: RegistryPackage): Promise<void>;
}

declare module 'fastify' {
  interface FastifyRequest {
    registry: RegistryContext;
  }
}

export interface RegistryAdapter {
  format: string;
  /** The token from a header of the format's own, when Authorization has none (NuGet: X-NuGet-ApiKey). */
  tokenFromHeaders?(headers: FastifyRequest['headers']): string | undefined;
  /** WWW-Authenticate lines besides `Basic realm="quiver"` (npm: Bearer). */
  challenges?: string[];
  /** How an error reaches the client (default: JSON `{"error": message}`). */
  errorBody?(status: number, message: string): { contentType: string; body: string };
  /** The format's route table, relative to the repository endpoint. */
  routes(scope: FastifyInstance): void;
  /** The routes cover every path themselves (npm dispatches its URL forms in one handler), so no catch-all 404. */
  ownsAllPaths?: boolean;
}

export interface RegistriesOptions {
  tokens: AuthorizationTokens;
  /** Policy evaluation of every registry request against the token's principal. */
  access: RegistryAccess;
  publicUrl?: string;
  adapters: RegistryAdapter[];
  /** Formats CodeArtifact names that have no adapter yet: their endpoints answer 404, not the AWS engine. */
  unserved: string[];
}

const jsonError = (_status: number, message: string) => ({
  contentType: 'application/json',
  body: JSON.stringify({ error: message }),
});

function authorize(
  tokens: AuthorizationTokens,
  access: RegistryAccess,
  request: FastifyRequest,
  adapter: RegistryAdapter,
): RegistryContext {
  const { format } = adapter;
  const segment = (request.params as { endpoint?: string }).endpoint ?? '';
  const endpoint = parseEndpointSegment(segment);
  const inRepository = pathInRepository(request.raw.url ?? '/', format);
  if (!endpoint || !inRepository) throw new RegistryError(404, 'Not a repository endpoint.');
  const token = tokenFromAuthorization(request.headers.authorization) ?? adapter.tokenFromHeaders?.(request.headers);
  if (!token)
    throw new RegistryError(
      401,
      'Authentication required: use a token from GetAuthorizationToken (aws codeartifact login).',
    );
  const claims = tokens.verify(token, Date.now());
  if (!claims) throw new RegistryError(401, 'The authorization token is invalid or has expired.');
  if (claims.accountId !== endpoint.owner || claims.domain !== endpoint.domainName) {
    throw new RegistryError(
      403,
      `This token is for domain ${claims.domain} of account ${claims.accountId}, not ${segment}.`,
    );
  }
  const repository = {
    accountId: endpoint.owner,
    region: claims.region,
    domainName: endpoint.domainName,
    repositoryName: inRepository.repository,
  };
  const facts = { requestId: randomUUID(), sourceIp: request.raw.socket.remoteAddress };
  return {
    repository,
    endpointUrl: '',
    rest: inRepository.rest,
    need: (action, pkg) => access.require(claims, repository, action, pkg, facts, Date.now()),
  };
}

export async function registries(app: FastifyInstance, options: RegistriesOptions): Promise<void> {
  app.decorateRequest('registry', undefined as unknown as RegistryContext);
  for (const adapter of options.adapters) {
    await app.register(
      async (scope) => {
        scope.addHook('onRequest', async (request) => {
          const context = authorize(options.tokens, options.access, request, adapter);
          // No name, version, file or query of any format holds a NUL, and PostgreSQL refuses one in a text
          // parameter (a 500 deep in a query): one answer here for every route, before any adapter sees it.
          if (/%00/i.test(request.raw.url ?? '')) {
            throw new RegistryError(400, 'A registry URL must not contain a NUL character (%00).');
          }
          const [segment, , repositorySegment] = (request.raw.url ?? '/').split('?', 1)[0]!.split('/').slice(1);
          context.endpointUrl = `${baseUrlOf(options.publicUrl, request.headers.host)}/${segment}/${adapter.format}/${repositorySegment}`;
          request.registry = context;
        });
        scope.setErrorHandler(async (error, request, reply) => {
          if (!request.raw.readableEnded) request.raw.resume();
          const status = statusOf(error);
          if (status === 500) request.log.error({ err: error }, `${adapter.format} request failed`);
          if (status === 401) reply.header('www-authenticate', [...(adapter.challenges ?? []), 'Basic realm="quiver"']);
          const message = status === 500 ? 'Internal error' : (error as Error).message;
          const { contentType, body } = (adapter.errorBody ?? jsonError)(status, message);
          return reply.code(status).header('content-type', contentType).send(body);
        });
        adapter.routes(scope);
        if (adapter.ownsAllPaths) return;
        // Inside a repository endpoint, what the format's routes do not know is the format's 404, not the AWS engine's.
        scope.all('/*', async (request: FastifyRequest, _reply: FastifyReply) => {
          throw new RegistryError(
            404,
            `${request.method} /${request.registry.rest} is not part of the ${adapter.format} registry API Quiver serves.`,
          );
        });
      },
      { prefix: `/:endpoint/${adapter.format}/:repository` },
    );
  }
  for (const format of options.unserved) {
    app.all(`/:endpoint/${format}/*`, async (_request, reply) =>
      reply
        .code(404)
        .header('content-type', 'application/json')
        .send(JSON.stringify({ error: `Quiver does not serve a ${format} registry yet.` })),
    );
  }
}
