// Cargo's sparse registry protocol on a CodeArtifact repository endpoint, `<endpoint>` = `/<domain>-<owner>/cargo/<repo>`
// (the index URL cargo is given is `sparse+<endpoint>/`):
//   GET    <endpoint>/config.json                              dl and api URLs, auth-required (a 401 first, so cargo sends its token)
//   GET    <endpoint>/1/<n> 2/<n> 3/<c>/<n> <ab>/<cd>/<name>   the crate's index file, one JSON line per version (ETag, 304)
//   PUT    <endpoint>/api/v1/crates/new                        cargo publish (binary frame: json, then the .crate)
//   DELETE <endpoint>/api/v1/crates/<name>/<version>/yank      cargo yank            → Unlisted
//   PUT    <endpoint>/api/v1/crates/<name>/<version>/unyank    cargo yank --undo     → Published
//   GET    <endpoint>/api/v1/crates/<name>/<version>/download  the .crate (the `dl` template)
// cargo sends the token bare in Authorization (no scheme); the skeleton accepts it with the other shapes.
// Errors use the registry web API's shape, `{"errors":[{"detail":"…"}]}`, which cargo prints.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CargoPackages } from '../../domain/codeartifact/cargo.js';
import { crateKey, indexPath } from '../../domain/codeartifact/cargo/names.js';
import { readBody } from '../common/body.js';
import { RegistryError } from '../common/errors.js';
import { cachedDocument, gzippedBody, IndexCache } from '../common/index-cache.js';
import type { RegistryAdapter } from '../common/plugin.js';
import { sendAsset } from '../common/asset-reply.js';

export interface CargoRoutesOptions {
  cargo: CargoPackages;
  /** Largest publish request (metadata + .crate). */
  maxPublishBytes: number;
  /** Memory for rendered index files (see registries/common/index-cache.ts); 0 turns the cache off. */
  indexCacheBytes: number;
}

type IndexParams = { name: string };
type VersionParams = { name: string; version: string };

/** What a successful publish answers: crates.io's shape, nothing to warn about. */
const PUBLISHED = JSON.stringify({ warnings: { invalid_categories: [], invalid_badges: [], other: [] } });
const OK = JSON.stringify({ ok: true });

/** The request's path in the repository, decoded; undefined for an escape that does not decode. */
function decodedPath(rest: string): string | undefined {
  try {
    return decodeURIComponent(rest.split('?', 1)[0]!);
  } catch {
    return undefined;
  }
}

export function cargoRegistry(options: CargoRoutesOptions): RegistryAdapter {
  const { cargo } = options;
  const files = new IndexCache(options.indexCacheBytes);

  async function config(request: FastifyRequest, reply: FastifyReply) {
    await request.registry.need('ReadFromRepository');
    const { endpointUrl } = request.registry;
    return reply
      .header('content-type', 'application/json')
      .header('cache-control', 'no-cache')
      .send(
        JSON.stringify({
          dl: `${endpointUrl}/api/v1/crates/{crate}/{version}/download`,
          api: endpointUrl,
          'auth-required': true,
        }),
      );
  }

  async function indexFile(request: FastifyRequest<{ Params: IndexParams }>, reply: FastifyReply) {
    const { name } = request.params;
    await request.registry.need('ReadFromRepository');
    const { repository, rest } = request.registry;
    // Each crate has exactly one path: `ab/cd/serde` is serde's file, `xy/zw/serde` is nobody's.
    if (decodedPath(rest) !== indexPath(name))
      throw new RegistryError(404, `${rest} is not the index path of any crate.`);
    const key = JSON.stringify([repository, crateKey(name)]);
    const file = await files.through(key, await cargo.stamp(repository, name), async () => {
      const lines = await cargo.indexFile(repository, name);
      return cachedDocument(lines.map((line) => `${JSON.stringify(line)}\n`).join(''));
    });
    reply
      .header('content-type', 'text/plain; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('etag', file.etag);
    if (request.headers['if-none-match'] === file.etag) return reply.code(304).send();
    if (/\bgzip\b/.test(request.headers['accept-encoding'] ?? '') && file.body.length > 1024)
      return reply.header('content-encoding', 'gzip').header('vary', 'Accept-Encoding').send(gzippedBody(file));
    return reply.send(file.body);
  }

  async function publish(request: FastifyRequest, reply: FastifyReply) {
    // The crate is named inside the body: a principal that may not even read here is refused before it is read.
    await request.registry.need('ReadFromRepository');
    const checked = await cargo.checkPublish(await readBody(request.raw, options.maxPublishBytes));
    await request.registry.need('PublishPackageVersion', { format: 'cargo', name: crateKey(checked.metadata.name) });
    await cargo.publish(request.registry.repository, checked, Date.now());
    return reply.header('content-type', 'application/json').send(PUBLISHED);
  }

  const yank = (yanked: boolean) => async (request: FastifyRequest<{ Params: VersionParams }>, reply: FastifyReply) => {
    const { name, version } = request.params;
    // A status change of the version, as gem yank and NuGet unlist: the AWS action that changes statuses.
    await request.registry.need('UpdatePackageVersionsStatus', { format: 'cargo', name: crateKey(name) });
    await cargo.setYanked(request.registry.repository, name, version, yanked, Date.now());
    return reply.header('content-type', 'application/json').send(OK);
  };

  async function download(request: FastifyRequest<{ Params: VersionParams }>, reply: FastifyReply) {
    const { name, version } = request.params;
    await request.registry.need('ReadFromRepository', { format: 'cargo', name: crateKey(name) });
    return sendAsset(
      request,
      reply,
      await cargo.download(request.registry.repository, name, version),
      'application/x-tar',
    );
  }

  return {
    format: 'cargo',
    // cargo reads a `Cargo` challenge (RFC 3139); any 401 on config.json makes it retry with its token.
    challenges: ['Cargo'],
    errorBody: (_status, message) => ({
      contentType: 'application/json',
      body: JSON.stringify({ errors: [{ detail: message }] }),
    }),
    routes(scope: FastifyInstance) {
      scope.get('/config.json', config);
      scope.get('/1/:name', indexFile);
      scope.get('/2/:name', indexFile);
      scope.get('/3/:c/:name', indexFile);
      scope.get('/:ab/:cd/:name', indexFile);
      scope.put('/api/v1/crates/new', publish);
      scope.delete('/api/v1/crates/:name/:version/yank', yank(true));
      scope.put('/api/v1/crates/:name/:version/unyank', yank(false));
      scope.get('/api/v1/crates/:name/:version/download', download);
    },
  };
}
