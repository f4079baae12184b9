// The npm registry protocol on a CodeArtifact repository endpoint:
//   <base>/<domain>-<owner>/npm/<repository>/<package>            packument (GET), publish / deprecate (PUT)
//   …/<package>/-/<name>-<version>.tgz                           tarball
//   …/<package>/-rev/<rev>                                       unpublish flows (PUT, DELETE)
//   …/-/package/<package>/dist-tags[/<tag>]                      npm dist-tag ls / add / rm
//   …/-/ping, …/-/whoami
// Every request carries a GetAuthorizationToken token, as `Authorization: Bearer` (npm) or as the Basic
// password of user `aws` (pip, twine, Maven). A token is good only for its own account and domain.
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { NpmName, NpmRepository, NpmPackages } from '../../domain/codeartifact/npm.js';
import { parseNpmName } from '../../domain/codeartifact/npm.js';
import { readNpmPackageWrite } from '../../domain/codeartifact/npm-documents.js';
import type { AuthorizationTokens } from '../../domain/codeartifact/tokens.js';
import { CatalogError } from '../../domain/shared/errors.js';
import { packument } from './packument.js';
import { cachedPackument, gzippedBody, PackumentCache } from './packument-cache.js';
import { InMemoryBlob } from '../../blobs/blobs.js';
import type { CacheCounters } from '../../observability/cache-counters.js';
import { MAX_JSON_DEPTH, jsonNestingExceeds } from '../../http/json-depth.js';

export interface NpmRoutesOptions {
  npm: NpmPackages;
  tokens: AuthorizationTokens;
  publicUrl?: string;
  maxPublishBytes: number;
  /** Memory for serialized packuments (see packument-cache.ts). */
  packumentCacheBytes: number;
  /** Hits and misses of that cache, for the metrics. */
  packumentCacheCounters?: CacheCounters;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const STATUS_OF: Record<CatalogError['kind'], number> = {
  NotFound: 404,
  Conflict: 409,
  Invalid: 400,
  AccessDenied: 403,
  QuotaExceeded: 403,
};

function bearerToken(request: IncomingMessage): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const [scheme, value] = header.split(' ', 2) as [string, string | undefined];
  if (/^bearer$/i.test(scheme)) return value;
  if (/^basic$/i.test(scheme) && value) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0 && decoded.slice(0, colon) === 'aws') return decoded.slice(colon + 1);
  }
  return undefined;
}

async function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpError(413, `The request body is larger than ${limit} bytes.`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

async function readJson(request: IncomingMessage, limit: number): Promise<unknown> {
  const text = (await readBody(request, limit)).toString('utf8');
  if (jsonNestingExceeds(text))
    throw new HttpError(400, `The request body nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels.`);
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'The request body is not valid JSON.');
  }
}

export function registerNpmRoutes(app: FastifyInstance, options: NpmRoutesOptions): void {
  const packuments = new PackumentCache(options.packumentCacheBytes, options.packumentCacheCounters);
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    try {
      await handle(request, reply);
    } catch (error) {
      if (!request.raw.readableEnded) request.raw.resume();
      const status =
        error instanceof HttpError ? error.status : error instanceof CatalogError ? STATUS_OF[error.kind] : 500;
      if (status === 500) request.log.error({ err: error }, 'npm request failed');
      if (status === 401) reply.header('www-authenticate', 'Bearer realm="quiver", Basic realm="quiver"');
      const message = status === 500 ? 'Internal error' : (error as Error).message;
      return reply
        .code(status)
        .header('content-type', 'application/json')
        .send(JSON.stringify({ error: message }));
    }
    return reply;
  };

  async function handle(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const rawPath = (request.raw.url ?? '/').split('?', 1)[0]!;
    const match = /^\/([^/]+)-(\d{12})\/npm\/([^/]+)\/?(.*)$/.exec(rawPath);
    if (!match) throw new HttpError(404, 'Not a repository endpoint.');
    const [, domainName, owner, repositoryName, rest] = match as unknown as [string, string, string, string, string];

    const token = bearerToken(request.raw);
    if (!token)
      throw new HttpError(
        401,
        'Authentication required: use a token from GetAuthorizationToken (aws codeartifact login).',
      );
    const claims = options.tokens.verify(token, Date.now());
    if (!claims) throw new HttpError(401, 'The authorization token is invalid or has expired.');
    if (claims.accountId !== owner || claims.domain !== domainName) {
      throw new HttpError(
        403,
        `This token is for domain ${claims.domain} of account ${claims.accountId}, not ${domainName}-${owner}.`,
      );
    }
    const repo: NpmRepository = {
      accountId: owner,
      region: claims.region,
      domainName,
      repositoryName: decodeURIComponent(repositoryName),
    };
    const base = (options.publicUrl ?? `http://${request.headers.host ?? 'localhost'}`).replace(/\/+$/, '');
    const tarballBase = `${base}/${domainName}-${owner}/npm/${repositoryName}`;
    const method = request.method.toUpperCase();
    const path = decodeURIComponent(rest);

    if (path === '-/ping' || path === '') {
      reply.header('content-type', 'application/json').send('{}');
      return;
    }
    if (path === '-/whoami') {
      reply.header('content-type', 'application/json').send(JSON.stringify({ username: 'aws' }));
      return;
    }
    const tags = /^-\/package\/(@[^/]+\/[^/]+|[^/]+)\/dist-tags(?:\/([^/]+))?$/.exec(path);
    if (tags) {
      const name = parseNpmName(tags[1]!);
      if (method === 'GET' && !tags[2]) {
        reply.header('content-type', 'application/json').send(JSON.stringify(await options.npm.distTags(repo, name)));
      } else if ((method === 'PUT' || method === 'POST') && tags[2]) {
        const version = await readJson(request.raw, 1024 * 1024);
        if (typeof version !== 'string')
          throw new HttpError(400, 'The body of a dist-tag request is the version as a JSON string.');
        await options.npm.setDistTag(repo, name, tags[2], version);
        reply
          .code(201)
          .header('content-type', 'application/json')
          .send(JSON.stringify({ ok: true }));
      } else if (method === 'DELETE' && tags[2]) {
        await options.npm.deleteDistTag(repo, name, tags[2]);
        reply.header('content-type', 'application/json').send(JSON.stringify({ ok: true }));
      } else {
        throw new HttpError(405, `${method} is not supported on dist-tags.`);
      }
      return;
    }

    const parts = /^(@[^/]+\/[^/]+|[^/@][^/]*)(?:\/(.*))?$/.exec(path);
    if (!parts) throw new HttpError(400, `Invalid package name in "${path}".`);
    const name: NpmName = parseNpmName(parts[1]!);
    const tail = parts[2] ?? '';

    const tarball = /^-\/([^/]+\.tgz)(?:\/-rev\/.+)?$/.exec(tail);
    if (tarball) {
      if (method === 'DELETE') {
        // npm unpublish deletes the tarball after the PUT that removed its version: already done.
        reply.header('content-type', 'application/json').send(JSON.stringify({ ok: true }));
        return;
      }
      if (method !== 'GET' && method !== 'HEAD') throw new HttpError(405, `${method} is not supported on tarballs.`);
      const { content, asset } = await options.npm.tarball(repo, name, tarball[1]!);
      reply
        .header('content-type', 'application/octet-stream')
        .header('content-length', String(asset.size))
        .header('etag', `"${asset.sha256}"`);
      if (method === 'HEAD') {
        content.destroy();
        reply.send();
      } else {
        reply.send(content instanceof InMemoryBlob ? content.bytes : content);
      }
      return;
    }

    if (tail === '' && (method === 'GET' || method === 'HEAD')) {
      const abbreviated = (request.headers.accept ?? '').includes('application/vnd.npm.install-v1+json');
      const key = JSON.stringify([
        owner,
        claims.region,
        domainName,
        repo.repositoryName,
        name.full,
        abbreviated,
        tarballBase,
      ]);
      const stamp = await options.npm.packumentStamp(repo, name);
      let document = stamp === undefined ? undefined : packuments.get(key, stamp);
      if (!document) {
        const view = await options.npm.packument(repo, name);
        document = cachedPackument(JSON.stringify(packument(view, name, tarballBase, abbreviated)));
        if (view.stamp !== undefined) packuments.set(key, view.stamp, document);
      }
      reply.header('etag', document.etag).header('cache-control', 'no-cache').header('vary', 'accept, accept-encoding');
      if (request.headers['if-none-match'] === document.etag) {
        reply.code(304).send();
        return;
      }
      reply.header('content-type', abbreviated ? 'application/vnd.npm.install-v1+json' : 'application/json');
      if (method === 'HEAD') {
        reply.send();
      } else if (/\bgzip\b/.test(request.headers['accept-encoding'] ?? '') && document.body.length > 1024) {
        reply.header('content-encoding', 'gzip').send(gzippedBody(document));
      } else {
        reply.send(document.body);
      }
      return;
    }

    const rev = /^-rev\/(.+)$/.exec(tail)?.[1];
    if (method === 'PUT' && (tail === '' || rev !== undefined)) {
      const write = readNpmPackageWrite(await readJson(request.raw, options.maxPublishBytes), name, rev);
      if (write.kind === 'metadata') {
        await options.npm.updateMetadata(repo, name, { ...write.edit, unpublish: rev !== undefined }, Date.now());
        reply.header('content-type', 'application/json').send(JSON.stringify({ ok: true }));
        return;
      }
      await options.npm.publish(repo, name, write.publish, Date.now());
      reply
        .code(201)
        .header('content-type', 'application/json')
        .send(JSON.stringify({ ok: true, id: name.full }));
      return;
    }

    if (method === 'DELETE' && rev !== undefined) {
      await options.npm.unpublishAll(repo, name, rev);
      reply.header('content-type', 'application/json').send(JSON.stringify({ ok: true }));
      return;
    }
    throw new HttpError(405, `${method} ${path} is not part of the npm registry API Quiver serves.`);
  }

  const methods = ['GET', 'HEAD', 'PUT', 'POST', 'DELETE'] as const;
  app.route({ method: [...methods], url: '/:endpoint/npm/*', handler });
}
