// The Swift Package Registry API (swiftlang/swift-package-manager Documentation/PackageRegistry/Registry.md) on
// a CodeArtifact repository endpoint, `<endpoint>` = `/<domain>-<owner>/swift/<repo>`:
//   GET  <endpoint>/{scope}/{name}[.json]                               §4.1 list releases
//   GET  <endpoint>/{scope}/{name}/{version}[.json]                     §4.2 release metadata
//   GET  <endpoint>/{scope}/{name}/{version}/Package.swift[?swift-version=]   §4.3 manifest
//   GET  <endpoint>/{scope}/{name}/{version}.zip                        §4.4 source archive
//   GET  <endpoint>/identifiers?url=                                    §4.5 identifiers for a repository URL
//   PUT  <endpoint>/{scope}/{name}/{version}                            §4.6 publish (synchronous, 201)
//   POST <endpoint>/login                                               `swift package-registry login`
// HEAD answers every GET. Every answer carries `Content-Version: 1`; errors are RFC 7807 problem details. A
// version segment ending in `.zip` or `.json` is read as the suffix when the rest is a SemVer version (a
// pre-release may itself end in `.zip`; the archive wins, as a client asking for one always adds the suffix).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { archiveName, SwiftPackages, type SwiftRelease } from '../../domain/codeartifact/swift.js';
import { swiftFormat } from '../../domain/codeartifact/formats/swift.js';
import { MANIFEST, UnprocessableRelease, versionedManifestNames } from '../../domain/codeartifact/swift/archive.js';
import { isSwiftVersion, normalizeSwiftIdentifier, swiftIdentifier } from '../../domain/codeartifact/swift/identity.js';
import { invalid } from '../../domain/shared/errors.js';
import { RegistryError } from '../common/errors.js';
import type { RegistryAdapter } from '../common/plugin.js';
import { API_VERSION, checkApiVersion } from './negotiate.js';
import { parsePublishBody } from './multipart.js';
import { blobBody } from '../common/asset-reply.js';

export interface SwiftRoutesOptions {
  swift: SwiftPackages;
  maxUploadBytes: number;
}

const STATUS_TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  500: 'Internal Server Error',
};

/** RFC 7807 problem details, the only error shape §3.3 allows. */
export const problem = (status: number, detail: string) => ({
  status,
  title: STATUS_TITLES[status] ?? 'Error',
  detail,
});

type Route =
  | { kind: 'login' }
  | { kind: 'identifiers' }
  | { kind: 'releases'; scope: string; name: string }
  | { kind: 'release'; scope: string; name: string; version: string; as: 'json' | 'zip' | 'resource' }
  | { kind: 'manifest'; scope: string; name: string; version: string };

function routeOf(rest: string): Route | undefined {
  let segments: string[];
  try {
    segments = rest.split('/').map(decodeURIComponent);
  } catch {
    throw invalid(`/${rest} is not valid percent-encoding.`);
  }
  if (segments.at(-1) === '' && segments.length > 1) segments.pop();
  const [scope, second, third, fourth] = segments;
  if (segments.length === 1 && scope === 'login') return { kind: 'login' };
  if (segments.length === 1 && scope === 'identifiers') return { kind: 'identifiers' };
  if (segments.length === 2) return { kind: 'releases', scope: scope!, name: second!.replace(/\.json$/, '') };
  if (segments.length === 3) {
    const suffix = /^(.+)\.(zip|json)$/.exec(third!);
    if (suffix && isSwiftVersion(suffix[1]!))
      return { kind: 'release', scope: scope!, name: second!, version: suffix[1]!, as: suffix[2] as 'zip' | 'json' };
    return { kind: 'release', scope: scope!, name: second!, version: third!, as: 'resource' };
  }
  if (segments.length === 4 && fourth === MANIFEST)
    return { kind: 'manifest', scope: scope!, name: second!, version: third! };
  return undefined;
}

/** A Link header value: `<url>; rel="x"` entries, with extra attributes. */
const link = (url: string, rel: string, attributes: Record<string, string> = {}) =>
  [`<${url}>`, `rel="${rel}"`, ...Object.entries(attributes).map(([k, v]) => `${k}="${v}"`)].join('; ');

export function swiftRegistry(options: SwiftRoutesOptions): RegistryAdapter {
  const { swift } = options;

  const packageUrl = (request: FastifyRequest, scope: string, name: string) =>
    `${request.registry.endpointUrl}/${encodeURIComponent(normalizeSwiftIdentifier(scope))}/${encodeURIComponent(normalizeSwiftIdentifier(name))}`;
  const releaseUrl = (request: FastifyRequest, scope: string, name: string, version: string) =>
    `${packageUrl(request, scope, name)}/${encodeURIComponent(version)}`;
  const readPackage = (scope: string, name: string) => ({
    format: swiftFormat.name,
    namespace: normalizeSwiftIdentifier(scope),
    name: normalizeSwiftIdentifier(name),
  });

  const json = (reply: FastifyReply, body: unknown) =>
    reply.header('content-type', 'application/json').send(JSON.stringify(body));

  async function releases(request: FastifyRequest, reply: FastifyReply, r: Extract<Route, { kind: 'releases' }>) {
    const entries = await swift.releases(request.registry.repository, r.scope, r.name);
    const body: Record<string, unknown> = {};
    for (const entry of entries) {
      const url = releaseUrl(request, r.scope, r.name, entry.version);
      body[entry.version] = entry.gone
        ? { url, problem: problem(410, `this release is ${entry.gone} in the repository`) }
        : { url };
    }
    const { latest } = SwiftPackages.neighbours(entries, '0.0.0');
    if (latest) reply.header('link', link(releaseUrl(request, r.scope, r.name, latest), 'latest-version'));
    return json(reply, { releases: body });
  }

  async function releaseLinks(request: FastifyRequest, reply: FastifyReply, release: SwiftRelease) {
    const entries = await swift.releases(request.registry.repository, release.scope, release.name);
    const near = SwiftPackages.neighbours(entries, release.version);
    const links: string[] = [];
    const url = (v: string) => releaseUrl(request, release.scope, release.name, v);
    if (near.latest) links.push(link(url(near.latest), 'latest-version'));
    if (near.successor) links.push(link(url(near.successor), 'successor-version'));
    if (near.predecessor) links.push(link(url(near.predecessor), 'predecessor-version'));
    if (links.length > 0) reply.header('link', links.join(', '));
  }

  async function release(request: FastifyRequest, reply: FastifyReply, r: Extract<Route, { kind: 'release' }>) {
    const found = await swift.release(request.registry.repository, r.scope, r.name, r.version);
    if (r.as === 'zip') return archive(request, reply, found);
    await releaseLinks(request, reply, found);
    return json(reply, {
      id: swiftIdentifier(found.scope, found.name),
      version: found.version,
      resources: [
        {
          name: 'source-archive',
          type: 'application/zip',
          checksum: found.archive.sha256,
          ...(found.signing ? { signing: found.signing } : {}),
        },
      ],
      metadata: found.metadata,
      publishedAt: new Date(found.publishedAt).toISOString(),
    });
  }

  async function archive(request: FastifyRequest, reply: FastifyReply, found: SwiftRelease) {
    const { archive: asset } = found;
    reply
      .header('content-type', 'application/zip')
      .header('content-length', String(asset.size))
      .header('content-disposition', `attachment; filename="${archiveName(found.name, found.version)}"`)
      .header('digest', `sha-256=${Buffer.from(asset.sha256, 'hex').toString('base64')}`)
      .header('etag', `"${asset.sha256}"`);
    if (found.signing)
      reply
        .header('x-swift-package-signature-format', found.signing.signatureFormat)
        .header('x-swift-package-signature', found.signing.signatureBase64Encoded);
    if (request.method === 'HEAD') return reply.send();
    return reply.send(blobBody(await swift.openArchive(asset)));
  }

  async function manifest(request: FastifyRequest, reply: FastifyReply, r: Extract<Route, { kind: 'manifest' }>) {
    const found = await swift.release(request.registry.repository, r.scope, r.name, r.version);
    const plainUrl = `${releaseUrl(request, r.scope, r.name, r.version)}/${MANIFEST}`;
    const asked = (request.query as Record<string, string | undefined>)['swift-version'];
    let chosen = found.manifests.find((m) => m.filename === MANIFEST)!;
    if (asked !== undefined) {
      const names = versionedManifestNames(asked);
      const versioned = found.manifests.find((m) => names.includes(m.filename));
      // §4.3.1: no manifest for that Swift version → 303 to the unqualified one.
      if (!versioned) return reply.code(303).header('location', plainUrl).send();
      chosen = versioned;
    } else {
      const alternates = found.manifests
        .filter((m) => m.filename !== MANIFEST)
        .map((m) => {
          const swiftVersion = /^Package@swift-(.+)\.swift$/.exec(m.filename)![1]!;
          return link(`${plainUrl}?swift-version=${swiftVersion}`, 'alternate', {
            filename: m.filename,
            ...(m.toolsVersion ? { 'swift-tools-version': m.toolsVersion } : {}),
          });
        });
      if (alternates.length > 0) reply.header('link', alternates.join(', '));
    }
    const body = Buffer.from(chosen.content);
    return reply
      .header('content-type', 'text/x-swift')
      .header('content-disposition', `attachment; filename="${chosen.filename}"`)
      .header('content-length', String(body.length))
      .send(request.method === 'HEAD' ? undefined : body);
  }

  async function identifiers(request: FastifyRequest, reply: FastifyReply) {
    const url = (request.query as Record<string, string | undefined>).url;
    if (!url) throw invalid('The url query parameter is required (Registry.md §4.5).');
    const ids = await swift.identifiers(request.registry.repository, url);
    if (ids.length === 0) throw new RegistryError(404, `No package identifiers are registered for ${url}.`);
    return json(reply, { identifiers: ids });
  }

  async function publish(request: FastifyRequest, reply: FastifyReply, r: Extract<Route, { kind: 'release' }>) {
    const parts = await parsePublishBody(request.raw, request.headers, options.maxUploadBytes);
    const format = request.headers['x-swift-package-signature-format'];
    const signature = parts.get('source-archive-signature');
    await swift.publish(
      request.registry.repository,
      r.scope,
      r.name,
      r.version,
      {
        archive: parts.get('source-archive')!,
        metadata: parts.get('metadata'),
        signature: signature && { bytes: signature, format: typeof format === 'string' ? format : undefined },
      },
      Date.now(),
    );
    return reply
      .code(201)
      .header('location', releaseUrl(request, r.scope, r.name, r.version))
      .send();
  }

  async function dispatch(request: FastifyRequest, reply: FastifyReply) {
    checkApiVersion(request.headers.accept);
    const route = routeOf(request.registry.rest);
    const read = request.method === 'GET' || request.method === 'HEAD';
    const refuseMethod = (allow: string) => {
      reply.header('allow', allow);
      throw new RegistryError(405, `${request.method} is not served here: use ${allow}.`);
    };
    if (!route)
      throw new RegistryError(
        404,
        `/${request.registry.rest} is not part of the Swift Package Registry API (Registry.md §4).`,
      );
    switch (route.kind) {
      case 'login':
        if (request.method !== 'POST') return refuseMethod('POST');
        // The skeleton has verified the token already: a login is that check alone.
        return reply.code(200).send();
      case 'identifiers':
        if (!read) return refuseMethod('GET, HEAD');
        await request.registry.need('ReadFromRepository');
        return identifiers(request, reply);
      case 'releases':
        if (!read) return refuseMethod('GET, HEAD');
        await request.registry.need('ReadFromRepository');
        return releases(request, reply, route);
      case 'manifest':
        if (!read) return refuseMethod('GET, HEAD');
        await request.registry.need('ReadFromRepository');
        return manifest(request, reply, route);
      case 'release':
        if (request.method === 'PUT' && route.as === 'resource') {
          await request.registry.need('PublishPackageVersion', readPackage(route.scope, route.name));
          return publish(request, reply, route);
        }
        if (!read) return refuseMethod(route.as === 'resource' ? 'GET, HEAD, PUT' : 'GET, HEAD');
        await request.registry.need('ReadFromRepository');
        return release(request, reply, route);
    }
  }

  return {
    format: swiftFormat.name,
    ownsAllPaths: true,
    errorBody: (status, message) => ({
      contentType: 'application/problem+json',
      body: JSON.stringify(problem(status, message)),
    }),
    routes(scope: FastifyInstance) {
      scope.addHook('onSend', async (_request, reply, payload) => {
        reply.header('content-version', API_VERSION);
        if (reply.statusCode >= 400) reply.header('content-language', 'en');
        // The spec's media types carry no charset parameter (JSON is UTF-8 by definition): Fastify adds one to
        // string payloads, so they leave as bytes with the bare type.
        const type = reply.getHeader('content-type');
        if (typeof type === 'string' && typeof payload === 'string' && /^application\/(?:problem\+)?json;/.test(type)) {
          reply.header('content-type', type.split(';', 1)[0]);
          return Buffer.from(payload);
        }
        return payload;
      });
      scope.all('/*', async (request, reply) => {
        try {
          return await dispatch(request, reply);
        } catch (error) {
          // §4.6.1/§4.6.2: a release the server refuses to publish (bad archive, bad metadata) is 422.
          if (error instanceof UnprocessableRelease) throw new RegistryError(422, error.message);
          throw error;
        }
      });
    },
  };
}
