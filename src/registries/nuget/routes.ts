// The NuGet v3 protocol on a CodeArtifact repository endpoint, `<endpoint>` = `/<domain>-<owner>/nuget/<repo>`
// (learn.microsoft.com/nuget/api/overview; each resource's document is named in its file):
//   GET    <endpoint>/v3/index.json                                    service index (service-index.ts)
//   GET    <endpoint>/v3/flatcontainer/{id}/index.json                 every downloadable version, Unlisted included
//   GET    <endpoint>/v3/flatcontainer/{id}/{ver}/{id}.{ver}.nupkg     the package (HEAD too)
//   GET    <endpoint>/v3/flatcontainer/{id}/{ver}/{id}.nuspec          its manifest (HEAD too)
//   GET    <endpoint>/v3/registration[-semver2]/{id}/index.json        registration index (registration.ts)
//   GET    <endpoint>/v3/registration[-semver2]/{id}/page/{lo}/{hi}.json, …/{id}/{ver}.json, …/{ver}/catalogentry.json
//   GET    <endpoint>/v3/search, <endpoint>/v3/autocomplete            (search.ts)
//   PUT    <endpoint>/v3/package                                       push (publish.ts); 201
//   DELETE <endpoint>/v3/package/{id}/{ver}                            unlist → Unlisted; 204
//   POST   <endpoint>/v3/package/{id}/{ver}                            relist → Published; 200
// The push also answers where NuGet 2.x sends it: `PUT <source>/` with the source being the service index URL
// (OBSERVED mono nuget 2.8.7: `PUT …/v3/index.json/`) or the endpoint itself, and the v2 path `api/v2/package/`.
// The token comes as Basic `aws:<token>` (aws codeartifact login) or as `X-NuGet-ApiKey: <token>`.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { NugetPackages } from '../../domain/codeartifact/nuget.js';
import { isNugetId, normalizeNugetId } from '../../domain/codeartifact/nuget/ids.js';
import { formatVersion, parseNugetVersion } from '../../domain/codeartifact/nuget/versions.js';
import { notFound } from '../../domain/shared/errors.js';
import { StampedLru } from '../../cache/stamped-lru.js';
import type { RegistryAdapter } from '../common/plugin.js';
import { readPushedPackage } from './publish.js';
import {
  catalogEntry,
  inHive,
  INLINE_LIMIT,
  pagesOf,
  registrationIndex,
  registrationLeaf,
  registrationUrls,
  standalonePage,
} from './registration.js';
import { searchQueryOf, searchResponse } from './search.js';
import { resourceUrls, serviceIndex } from './service-index.js';
import { sendAsset } from '../common/asset-reply.js';

export interface NugetRoutesOptions {
  nuget: NugetPackages;
  maxUploadBytes: number;
  /** Memory for rendered flat-container and registration indexes (see registries/common/index-cache.ts); 0 = none. */
  indexCacheBytes: number;
}

type IdParams = { id: string };
type VersionParams = { id: string; version: string };
type FileParams = { id: string; version: string; file: string };
type PageParams = { id: string; lower: string; upper: string };

const JSON_TYPE = 'application/json; charset=utf-8';
const json = (reply: FastifyReply, body: unknown) => reply.header('content-type', JSON_TYPE).send(JSON.stringify(body));

/** A version as the URL spells it, lowercased and normalised (`1.0.0.0` → `1.0.0`); undefined when it is none. */
const lowerVersionOf = (text: string) => {
  const parsed = parseNugetVersion(text);
  return parsed && formatVersion(parsed, false).toLowerCase();
};

export function nugetRegistry(options: NugetRoutesOptions): RegistryAdapter {
  const { nuget } = options;
  // The flat-container and registration indexes, serialized, behind the package's stamp (Upstreams.stamp), as
  // cargo's index files: a hit costs one read of repository and package records. No stamp (the external feed
  // contributes to the search order) keeps nothing.
  const documents = new StampedLru<Buffer>(options.indexCacheBytes);
  async function cachedJson(
    request: FastifyRequest<{ Params: IdParams }>,
    reply: FastifyReply,
    key: unknown[],
    build: () => Promise<unknown>,
  ) {
    const { repository } = request.registry;
    const cacheKey = JSON.stringify([repository, normalizeNugetId(request.params.id), ...key]);
    const body = await documents.through(
      cacheKey,
      await nuget.stamp(repository, request.params.id),
      async () => Buffer.from(JSON.stringify(await build())),
      (bytes) => bytes.length + 256,
    );
    return reply.header('content-type', JSON_TYPE).send(body);
  }

  async function flatIndex(request: FastifyRequest<{ Params: IdParams }>, reply: FastifyReply) {
    await request.registry.need('ReadFromRepository');
    // package-base-address-resource "Enumerate package versions": every version, lowercased, listed or not.
    return cachedJson(request, reply, ['flat'], async () => {
      const view = await nuget.package(request.registry.repository, request.params.id, true);
      return { versions: view.versions.map((v) => v.lowerVersion) };
    });
  }

  async function flatFile(request: FastifyRequest<{ Params: FileParams }>, reply: FastifyReply) {
    await request.registry.need('ReadFromRepository');
    const { id, version, file } = request.params;
    const lowerId = normalizeNugetId(id);
    const lowerVersion = lowerVersionOf(version);
    const name = file.toLowerCase();
    const unknown = () => notFound('asset', file, `${file} is not a file of ${id} ${version}.`);
    if (!lowerVersion || !isNugetId(id)) throw unknown();
    const { repository } = request.registry;
    if (name === `${lowerId}.nuspec`) {
      const xml = await nuget.nuspec(repository, id, version);
      reply.header('content-type', 'application/xml; charset=utf-8');
      return request.method === 'HEAD'
        ? reply.header('content-length', Buffer.byteLength(xml)).send()
        : reply.send(xml);
    }
    if (name !== `${lowerId}.${lowerVersion}.nupkg` && name !== `${lowerId}.${version.toLowerCase()}.nupkg`)
      throw unknown();
    return sendAsset(request, reply, await nuget.nupkg(repository, id, version), 'application/octet-stream');
  }

  const hive = (semVer2: boolean) => {
    const view = async (request: FastifyRequest<{ Params: IdParams }>) => {
      await request.registry.need('ReadFromRepository');
      const pkg = await nuget.package(request.registry.repository, request.params.id, false);
      const versions = inHive(pkg, semVer2);
      if (versions.length === 0)
        throw notFound(
          'package',
          pkg.lowerId,
          `Package ${pkg.id} has no ${semVer2 ? '' : 'SemVer 1.0.0 '}versions here.`,
        );
      return { pkg, versions, u: registrationUrls(resourceUrls(request.registry.endpointUrl), semVer2) };
    };
    const versionIn = (versions: ReturnType<typeof inHive>, text: string) => {
      const lower = lowerVersionOf(text);
      const found = versions.find((v) => v.lowerVersion === lower);
      if (!found) throw notFound('package-version', text, `Version ${text} is not in this registration.`);
      return found;
    };
    return {
      async index(request: FastifyRequest<{ Params: IdParams }>, reply: FastifyReply) {
        await request.registry.need('ReadFromRepository');
        return cachedJson(request, reply, ['registration', semVer2, request.registry.endpointUrl], async () => {
          const { pkg, versions, u } = await view(request);
          return registrationIndex(u, pkg, versions);
        });
      },
      async page(request: FastifyRequest<{ Params: PageParams }>, reply: FastifyReply) {
        const { pkg, versions, u } = await view(request);
        const upper = request.params.upper.replace(/\.json$/, '');
        const page = pagesOf(versions).find(
          (p) =>
            p[0]!.lowerVersion === request.params.lower.toLowerCase() &&
            p[p.length - 1]!.lowerVersion === upper.toLowerCase(),
        );
        if (!page || versions.length <= INLINE_LIMIT)
          throw notFound('page', request.params.lower, `No registration page ${request.params.lower}/${upper}.`);
        return json(reply, standalonePage(u, pkg, page));
      },
      async leaf(request: FastifyRequest<{ Params: { id: string; leaf: string } }>, reply: FastifyReply) {
        const { pkg, versions, u } = await view(request);
        if (!request.params.leaf.endsWith('.json'))
          throw notFound('package-version', request.params.leaf, `${request.params.leaf} is not a registration leaf.`);
        return json(
          reply,
          registrationLeaf(u, pkg, versionIn(versions, request.params.leaf.slice(0, -'.json'.length))),
        );
      },
      async entry(request: FastifyRequest<{ Params: VersionParams }>, reply: FastifyReply) {
        const { pkg, versions, u } = await view(request);
        return json(reply, catalogEntry(u, pkg, versionIn(versions, request.params.version)));
      },
    };
  };

  async function search(request: FastifyRequest, reply: FastifyReply) {
    await request.registry.need('ReadFromRepository');
    const query = searchQueryOf(request.query as Record<string, unknown>);
    const { total, hits } = await nuget.search(request.registry.repository, query);
    return json(reply, searchResponse(resourceUrls(request.registry.endpointUrl), total, hits, query.semVer2));
  }

  async function autocomplete(request: FastifyRequest, reply: FastifyReply) {
    await request.registry.need('ReadFromRepository');
    const raw = request.query as Record<string, unknown>;
    const query = searchQueryOf(raw);
    const { repository } = request.registry;
    if (typeof raw.id === 'string' && raw.id !== '') {
      // search-autocomplete-service-resource "Enumerate package versions": listed versions of one ID.
      const data = await nuget.searchableVersions(repository, raw.id, query);
      return json(reply, { totalHits: data.length, data });
    }
    const { total, hits } = await nuget.search(repository, query);
    return json(reply, { totalHits: total, data: hits.map((h) => h.id) });
  }

  async function push(request: FastifyRequest, reply: FastifyReply) {
    await request.registry.need('ReadFromRepository');
    const bytes = await readPushedPackage(request.raw, options.maxUploadBytes);
    const published = await nuget.publish(request.registry.repository, bytes, Date.now(), (lowerId) =>
      request.registry.need('PublishPackageVersion', { format: 'nuget', name: lowerId }),
    );
    return reply
      .code(201)
      .header('content-type', 'text/plain; charset=utf-8')
      .send(`Created: ${published.nuspec.id} ${published.nuspec.version}\n`);
  }

  const listing =
    (listed: boolean) => async (request: FastifyRequest<{ Params: VersionParams }>, reply: FastifyReply) => {
      const { id, version } = request.params;
      await request.registry.need('UpdatePackageVersionsStatus', {
        format: 'nuget',
        name: isNugetId(id) ? normalizeNugetId(id) : id,
      });
      await nuget.setListed(request.registry.repository, id, version, listed, Date.now());
      // package-publish-resource: delete (unlist) answers 204, relist 200.
      return listed ? reply.code(200).send() : reply.code(204).send();
    };

  return {
    format: 'nuget',
    tokenFromHeaders: (headers) => {
      const key = headers['x-nuget-apikey'];
      return typeof key === 'string' && key.trim() !== '' ? key.trim() : undefined;
    },
    routes(scope: FastifyInstance) {
      scope.get('/v3/index.json', async (request, reply) => {
        await request.registry.need('ReadFromRepository');
        return json(reply, serviceIndex(request.registry.endpointUrl));
      });
      for (const path of ['/', '/v3/package', '/v3/package/', '/v3/index.json/', '/api/v2/package', '/api/v2/package/'])
        scope.put(path, push);
      for (const base of ['/v3/package', '/v3/index.json', '/api/v2/package']) {
        scope.delete(`${base}/:id/:version`, listing(false));
        scope.post(`${base}/:id/:version`, listing(true));
      }
      scope.get('/v3/flatcontainer/:id/index.json', flatIndex);
      // HEAD declared first, so Fastify's generated one (which recomputes Content-Length from an empty body) is not made.
      scope.head('/v3/flatcontainer/:id/:version/:file', flatFile);
      scope.get('/v3/flatcontainer/:id/:version/:file', flatFile);
      for (const [path, semVer2] of [
        ['/v3/registration', false],
        ['/v3/registration-semver2', true],
      ] as const) {
        const h = hive(semVer2);
        scope.get(`${path}/:id/index.json`, h.index);
        scope.get(`${path}/:id/page/:lower/:upper`, h.page);
        scope.get(`${path}/:id/:leaf`, h.leaf);
        scope.get(`${path}/:id/:version/catalogentry.json`, h.entry);
      }
      scope.get('/v3/search', search);
      scope.get('/v3/autocomplete', autocomplete);
    },
  };
}
