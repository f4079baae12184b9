// The npm registry protocol on a CodeArtifact repository endpoint (mounted by registries/common/plugin.ts,
// which has already checked the token and named the repository):
//   <endpoint>/<package>                                          packument (GET), publish / deprecate (PUT)
//   …/<package>/-/<name>-<version>.tgz                           tarball
//   …/<package>/-rev/<rev>                                       unpublish flows (PUT, DELETE)
//   …/-/package/<package>/dist-tags[/<tag>]                      npm dist-tag ls / add / rm
//   …/-/ping, …/-/whoami
// npm's URL forms overlap (a scoped name is one or two segments), so they are told apart here, in order.
import type { RegistryAction } from '../../domain/codeartifact/registry-access.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { NpmPackages } from '../../domain/codeartifact/npm.js';
import { type NpmName, parseNpmName } from '../../domain/codeartifact/npm/names.js';
import { readNpmPackageWrite } from '../../domain/codeartifact/npm/documents.js';
import { InMemoryBlob } from '../../blobs/blobs.js';
import { readJson } from '../common/body.js';
import { RegistryError } from '../common/errors.js';
import type { RegistryAdapter } from '../common/plugin.js';
import { packument } from './packument.js';
import { cachedDocument, gzippedBody, IndexCache } from '../common/index-cache.js';
import type { CacheCounters } from '../../observability/cache-counters.js';

export interface NpmRoutesOptions {
  npm: NpmPackages;
  maxPublishBytes: number;
  /** Memory for serialized packuments (see registries/common/index-cache.ts). */
  packumentCacheBytes: number;
  /** Hits and misses of that cache, for the metrics. */
  packumentCacheCounters?: CacheCounters;
}

const HttpError = RegistryError;

export function npmRegistry(options: NpmRoutesOptions): RegistryAdapter {
  const packuments = new IndexCache(options.packumentCacheBytes, options.packumentCacheCounters);
  async function handle(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const repo = request.registry.repository;
    const tarballBase = request.registry.endpointUrl;
    const rest = request.registry.rest;
    const method = request.method.toUpperCase();
    const path = decodeURIComponent(rest);
    // What the request needs, as AWS maps npm (registry-access.ts): reads ReadFromRepository, publishes
    // PublishPackageVersion, dist-tags and deprecations PutPackageMetadata, unpublishing DeletePackageVersions.
    const need = (action: RegistryAction, pkg?: NpmName) =>
      request.registry.need(action, pkg && { format: 'npm', namespace: pkg.namespace, name: pkg.name });

    if (path === '-/ping' || path === '' || path === '-/whoami') await need('ReadFromRepository');
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
      await need(method === 'GET' ? 'ReadFromRepository' : 'PutPackageMetadata', name);
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
      await need(method === 'DELETE' ? 'DeletePackageVersions' : 'ReadFromRepository', name);
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
      await need('ReadFromRepository', name);
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
      const stamp = await options.npm.packumentStamp(repo, name);
      let document = stamp === undefined ? undefined : packuments.get(key, stamp);
      if (!document) {
        const view = await options.npm.packument(repo, name);
        document = cachedDocument(JSON.stringify(packument(view, name, tarballBase, abbreviated)));
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
      // A metadata write naming a revision is an unpublish; without one it edits dist-tags or deprecations.
      const action = rev !== undefined ? 'DeletePackageVersions' : 'PutPackageMetadata';
      await need(write.kind === 'metadata' ? action : 'PublishPackageVersion', name);
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
      await need('DeletePackageVersions', name);
      await options.npm.unpublishAll(repo, name, rev);
      reply.header('content-type', 'application/json').send(JSON.stringify({ ok: true }));
      return;
    }
    throw new HttpError(405, `${method} ${path} is not part of the npm registry API Quiver serves.`);
  }

  const methods = ['GET', 'HEAD', 'PUT', 'POST', 'DELETE'];
  return {
    format: 'npm',
    challenges: ['Bearer realm="quiver"'],
    ownsAllPaths: true,
    routes(scope: FastifyInstance) {
      // Returning the reply tells Fastify it is being sent (a piped tarball is not finished when handle returns).
      const handler = async (request: FastifyRequest, reply: FastifyReply) => {
        await handle(request, reply);
        return reply;
      };
      scope.route({ method: methods, url: '/', handler });
      scope.route({ method: methods, url: '/*', handler });
    },
  };
}
