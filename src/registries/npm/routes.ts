// The npm registry protocol on a CodeArtifact repository endpoint (mounted by registries/common/plugin.ts,
// which has already checked the token and named the repository). One handler per URL form and method:
//   <endpoint>/, …/-/ping, …/-/whoami                            ping (`npm ping`), whoami (`npm whoami`)
//   …/-/package/<package>/dist-tags[/<tag>]                      npm dist-tag ls / add / rm
//   …/<package>                                                  packument (GET, HEAD), publish / deprecate (PUT)
//   …/<package>/-/<name>-<version>.tgz[/-rev/<rev>]              tarball (GET, HEAD); DELETE ends an unpublish
//   …/<package>/-rev/<rev>                                       unpublish flows (PUT, DELETE)
// Which form a path is, is decided once, in npm-urls.ts (a scoped name is one segment or two); the table
// below then names the handler, and each handler asks for its own permission first (request.registry.need).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { NpmPackages } from '../../domain/codeartifact/npm.js';
import { readNpmPackageWrite } from '../../domain/codeartifact/npm/documents.js';
import type { NpmName } from '../../domain/codeartifact/npm/names.js';
import type { RegistryAction } from '../../domain/codeartifact/registry-access.js';
import type { CacheCounters } from '../../observability/cache-counters.js';
import { readJson } from '../common/body.js';
import { RegistryError } from '../common/errors.js';
import { cachedDocument, gzippedBody, IndexCache } from '../common/index-cache.js';
import type { RegistryAdapter } from '../common/plugin.js';
import { type NpmUrl, type NpmUrlForm, parseNpmUrl } from './npm-urls.js';
import { packument } from './packument.js';
import { sendAsset } from '../common/asset-reply.js';

export interface NpmRoutesOptions {
  npm: NpmPackages;
  maxPublishBytes: number;
  /** Memory for serialized packuments (see registries/common/index-cache.ts). */
  packumentCacheBytes: number;
  /** Hits and misses of that cache, for the metrics. */
  packumentCacheCounters?: CacheCounters;
}

type Method = 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE';
type Handler<F extends NpmUrlForm> = (
  request: FastifyRequest,
  reply: FastifyReply,
  url: Extract<NpmUrl, { form: F }>,
) => Promise<unknown>;
/** A URL form's handlers by method; `otherwise` answers the methods the form does not serve. */
type FormRoutes<F extends NpmUrlForm> = { [M in Method]?: Handler<F> } & { otherwise: Handler<F> };
type RouteTable = { [F in NpmUrlForm]: FormRoutes<F> };

const METHODS: Method[] = ['GET', 'HEAD', 'PUT', 'POST', 'DELETE'];
const OK = JSON.stringify({ ok: true });

const json = (reply: FastifyReply, body: string, status = 200) =>
  reply.code(status).header('content-type', 'application/json').send(body);

// What a request needs, as AWS maps npm (registry-access.ts): reads ReadFromRepository, publishes
// PublishPackageVersion, dist-tags and deprecations PutPackageMetadata, unpublishing DeletePackageVersions.
const need = (request: FastifyRequest, action: RegistryAction, pkg?: NpmName) =>
  request.registry.need(action, pkg && { format: 'npm', namespace: pkg.namespace, name: pkg.name });

const notServed = (request: FastifyRequest, path: string) =>
  new RegistryError(405, `${request.method.toUpperCase()} ${path} is not part of the npm registry API Quiver serves.`);

export function npmRegistry(options: NpmRoutesOptions): RegistryAdapter {
  const { npm } = options;
  const packuments = new IndexCache(options.packumentCacheBytes, options.packumentCacheCounters);

  async function ping(request: FastifyRequest, reply: FastifyReply) {
    await need(request, 'ReadFromRepository');
    return json(reply, '{}');
  }

  async function whoami(request: FastifyRequest, reply: FastifyReply) {
    await need(request, 'ReadFromRepository');
    return json(reply, JSON.stringify({ username: 'aws' }));
  }

  const listTags: Handler<'dist-tags'> = async (request, reply, { name }) => {
    await need(request, 'ReadFromRepository', name);
    return json(reply, JSON.stringify(await npm.distTags(request.registry.repository, name)));
  };

  const setTag: Handler<'dist-tag'> = async (request, reply, { name, tag }) => {
    await need(request, 'PutPackageMetadata', name);
    const version = await readJson(request.raw, 1024 * 1024);
    if (typeof version !== 'string')
      throw new RegistryError(400, 'The body of a dist-tag request is the version as a JSON string.');
    await npm.setDistTag(request.registry.repository, name, tag, version);
    return json(reply, OK, 201);
  };

  const deleteTag: Handler<'dist-tag'> = async (request, reply, { name, tag }) => {
    await need(request, 'PutPackageMetadata', name);
    await npm.deleteDistTag(request.registry.repository, name, tag);
    return json(reply, OK);
  };

  // Any other method on dist-tags: the permission it would need is checked first, as for the served ones.
  const tagsNotServed = async (request: FastifyRequest, name: NpmName) => {
    const method = request.method.toUpperCase();
    await need(request, method === 'GET' ? 'ReadFromRepository' : 'PutPackageMetadata', name);
    throw new RegistryError(405, `${method} is not supported on dist-tags.`);
  };

  const readPackument: Handler<'packument'> = async (request, reply, { name }) => {
    await need(request, 'ReadFromRepository', name);
    const { repository: repo, endpointUrl: tarballBase } = request.registry;
    const abbreviated = (request.headers.accept ?? '').includes('application/vnd.npm.install-v1+json');
    const key = JSON.stringify([
      repo.accountId,
      repo.region,
      repo.domainName,
      repo.repositoryName,
      name.full,
      abbreviated,
      tarballBase,
    ]);
    const stamp = await npm.packumentStamp(repo, name);
    let document = stamp === undefined ? undefined : packuments.get(key, stamp);
    if (!document) {
      const view = await npm.packument(repo, name);
      document = cachedDocument(JSON.stringify(packument(view, name, tarballBase, abbreviated)));
      if (view.stamp !== undefined) packuments.set(key, view.stamp, document);
    }
    reply.header('etag', document.etag).header('cache-control', 'no-cache').header('vary', 'accept, accept-encoding');
    if (request.headers['if-none-match'] === document.etag) return reply.code(304).send();
    reply.header('content-type', abbreviated ? 'application/vnd.npm.install-v1+json' : 'application/json');
    if (request.method === 'HEAD') return reply.send();
    if (/\bgzip\b/.test(request.headers['accept-encoding'] ?? '') && document.body.length > 1024)
      return reply.header('content-encoding', 'gzip').send(gzippedBody(document));
    return reply.send(document.body);
  };

  /** A PUT of `<package>` or `<package>/-rev/<rev>`: a publish, or a metadata edit (deprecate, unpublish). */
  async function writePackage(request: FastifyRequest, reply: FastifyReply, name: NpmName, rev: string | undefined) {
    const write = readNpmPackageWrite(await readJson(request.raw, options.maxPublishBytes), name, rev);
    const repo = request.registry.repository;
    // A metadata write naming a revision is an unpublish; without one it edits dist-tags or deprecations.
    const action = rev !== undefined ? 'DeletePackageVersions' : 'PutPackageMetadata';
    await need(request, write.kind === 'metadata' ? action : 'PublishPackageVersion', name);
    if (write.kind === 'metadata') {
      await npm.updateMetadata(repo, name, { ...write.edit, unpublish: rev !== undefined }, Date.now());
      return json(reply, OK);
    }
    await npm.publish(repo, name, write.publish, Date.now());
    return json(reply, JSON.stringify({ ok: true, id: name.full }), 201);
  }

  const unpublishAll: Handler<'revision'> = async (request, reply, { name, rev }) => {
    await need(request, 'DeletePackageVersions', name);
    await npm.unpublishAll(request.registry.repository, name, rev);
    return json(reply, OK);
  };

  const readTarball: Handler<'tarball'> = async (request, reply, { name, file }) => {
    await need(request, 'ReadFromRepository', name);
    return sendAsset(
      request,
      reply,
      await npm.tarball(request.registry.repository, name, file),
      'application/octet-stream',
    );
  };

  const table: RouteTable = {
    // npm pings `-/ping` (older clients the endpoint itself); both answer any method, as npm expects `{}`.
    ping: { otherwise: ping },
    whoami: { otherwise: whoami },
    'dist-tags': { GET: listTags, otherwise: (request, _reply, { name }) => tagsNotServed(request, name) },
    'dist-tag': {
      PUT: setTag,
      POST: setTag,
      DELETE: deleteTag,
      otherwise: (request, _reply, { name }) => tagsNotServed(request, name),
    },
    packument: {
      GET: readPackument,
      HEAD: readPackument,
      PUT: (request, reply, { name }) => writePackage(request, reply, name, undefined),
      otherwise: async (request, _reply, { path }) => {
        throw notServed(request, path);
      },
    },
    revision: {
      PUT: (request, reply, { name, rev }) => writePackage(request, reply, name, rev),
      DELETE: unpublishAll,
      otherwise: async (request, _reply, { path }) => {
        throw notServed(request, path);
      },
    },
    tarball: {
      GET: readTarball,
      HEAD: readTarball,
      // npm unpublish deletes the tarball after the PUT that removed its version: already done.
      DELETE: async (request, reply, { name }) => {
        await need(request, 'DeletePackageVersions', name);
        return json(reply, OK);
      },
      otherwise: async (request, _reply, { name }) => {
        await need(request, 'ReadFromRepository', name);
        throw new RegistryError(405, `${request.method.toUpperCase()} is not supported on tarballs.`);
      },
    },
    other: {
      otherwise: async (request, _reply, { path }) => {
        throw notServed(request, path);
      },
    },
  };

  async function dispatch(request: FastifyRequest, reply: FastifyReply) {
    const url = parseNpmUrl(request.registry.rest);
    const routes = table[url.form] as FormRoutes<NpmUrlForm>;
    const handler = routes[request.method.toUpperCase() as Method] ?? routes.otherwise;
    await handler(request, reply, url as never);
    // Returning the reply tells Fastify it is being sent (a piped tarball is not finished when the handler returns).
    return reply;
  }

  return {
    format: 'npm',
    challenges: ['Bearer realm="quiver"'],
    ownsAllPaths: true,
    routes(scope: FastifyInstance) {
      scope.route({ method: METHODS, url: '/', handler: dispatch });
      scope.route({ method: METHODS, url: '/*', handler: dispatch });
    },
  };
}
