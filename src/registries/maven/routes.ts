// The maven2 repository layout on a CodeArtifact repository endpoint, `<endpoint>` = `/<domain>-<owner>/maven/<repo>`:
//   PUT       <endpoint>/<g as dirs>/<a>/<v>/<file>[.md5|.sha1|.sha256|.sha512]   a file, or its checksum (verified)
//   PUT       <endpoint>/<g as dirs>/<a>[/<v>-SNAPSHOT]/maven-metadata.xml[.<checksum>]   publishes what it lists
//   GET/HEAD  the same paths: files and checksums from the catalog, maven-metadata.xml rendered from it
// mvn sends GETs without credentials first and retries after the skeleton's 401 with `Basic realm=`; PUTs carry
// them preemptively, with `Expect: 100-continue` and no Content-Type (formats.md §2.3).
// Authorization as AWS maps it: every GET/HEAD is ReadFromRepository on the repository; every PUT (files,
// checksums, metadata) is PublishPackageVersion on the package <groupId>:<artifactId>, checked before the
// body is read.
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { checksumOf, type MavenPackages, uploadedChecksum } from '../../domain/codeartifact/maven.js';
import { type ChecksumKind, type MavenPath, parseMavenPath } from '../../domain/codeartifact/maven/paths.js';
import { invalid } from '../../domain/shared/errors.js';
import { readBody } from '../common/body.js';
import { RegistryError } from '../common/errors.js';
import { StampedLru } from '../../cache/stamped-lru.js';
import type { RegistryAdapter } from '../common/plugin.js';
import { blobBody } from '../common/asset-reply.js';

export interface MavenRoutesOptions {
  maven: MavenPackages;
  maxUploadBytes: number;
  /** Memory for rendered maven-metadata.xml files (see registries/common/index-cache.ts); 0 turns the cache off. */
  metadataCacheBytes: number;
}

/** A rendered maven-metadata.xml and the checksums of it asked for so far (.sha1, .md5, …: the same bytes'). */
interface RenderedMetadata {
  xml: Buffer;
  sums: Partial<Record<ChecksumKind, Buffer>>;
}

const HASH_NAMES: Record<ChecksumKind, string> = { md5: 'md5', sha1: 'sha1', sha256: 'sha256', sha512: 'sha512' };

const contentTypeOf = (filename: string) =>
  filename.endsWith('.jar') || filename.endsWith('.war') || filename.endsWith('.ear')
    ? 'application/java-archive'
    : filename.endsWith('.pom') || filename.endsWith('.xml')
      ? 'text/xml'
      : 'application/octet-stream';

function pathOf(request: FastifyRequest): MavenPath {
  let segments: string[];
  try {
    segments = request.registry.rest.split('/').map(decodeURIComponent);
  } catch {
    throw invalid(`/${request.registry.rest} is not a maven2 repository path: it is not valid percent-encoding.`);
  }
  return parseMavenPath(segments);
}

export function mavenRegistry(options: MavenRoutesOptions): RegistryAdapter {
  const { maven } = options;
  // maven-metadata.xml behind the artifact's stamp (Upstreams.stamp), as cargo's index files: a hit costs one
  // read of repository and package records, and the checksum files are of the very bytes kept, so a client
  // that checks the .sha1 of the metadata it fetched always finds them equal. No stamp (the external
  // repository contributes) keeps nothing.
  const metadata = new StampedLru<RenderedMetadata>(options.metadataCacheBytes);

  async function renderedMetadata(
    repo: FastifyRequest['registry']['repository'],
    path: Exclude<MavenPath, { kind: 'file' }>,
  ) {
    const version = path.kind === 'snapshot-metadata' ? path.version : undefined;
    const key = JSON.stringify([repo, path.groupId, path.artifactId, version ?? null]);
    return metadata.through(
      key,
      await maven.stamp(repo, path.groupId, path.artifactId),
      async (): Promise<RenderedMetadata> => ({
        xml: Buffer.from(
          version !== undefined
            ? await maven.snapshotMetadata(repo, path.groupId, path.artifactId, version)
            : await maven.artifactMetadata(repo, path.groupId, path.artifactId),
        ),
        sums: {},
      }),
      (made) => made.xml.length + 512,
    );
  }

  async function put(request: FastifyRequest, reply: FastifyReply) {
    const path = pathOf(request);
    const coordinates = path.kind === 'file' ? path.file : path;
    await request.registry.need('PublishPackageVersion', {
      format: 'maven',
      namespace: coordinates.groupId,
      name: coordinates.artifactId,
    });
    const body = await readBody(request.raw, options.maxUploadBytes);
    const repo = request.registry.repository;
    const now = Date.now();
    if (path.kind === 'file') {
      if (path.checksum) await maven.putChecksum(repo, path.file, path.checksum, body, now);
      else await maven.putFile(repo, path.file, body, now);
    } else if (path.checksum) {
      // The metadata served is rendered from the catalog, so a client's checksum of its own copy is only checked for form.
      uploadedChecksum(body, path.checksum);
    } else {
      await maven.putMetadata(
        repo,
        {
          groupId: path.groupId,
          artifactId: path.artifactId,
          version: path.kind === 'snapshot-metadata' ? path.version : undefined,
        },
        body,
        now,
      );
    }
    return reply.code(201).send();
  }

  async function get(request: FastifyRequest, reply: FastifyReply) {
    await request.registry.need('ReadFromRepository');
    const path = pathOf(request);
    const repo = request.registry.repository;
    reply.header('cache-control', 'no-cache');
    if (path.kind !== 'file') {
      const rendered = await renderedMetadata(repo, path);
      const kind = path.checksum;
      if (kind) rendered.sums[kind] ??= Buffer.from(createHash(HASH_NAMES[kind]).update(rendered.xml).digest('hex'));
      const body = kind ? rendered.sums[kind]! : rendered.xml;
      reply.header('content-type', path.checksum ? 'text/plain; charset=utf-8' : 'text/xml; charset=utf-8');
      reply.header('content-length', String(body.length));
      return reply.send(request.method === 'HEAD' ? undefined : body);
    }
    const { asset, open } = await maven.file(repo, path.file);
    if (path.checksum) {
      const body = Buffer.from(checksumOf(asset, path.checksum));
      reply.header('content-type', 'text/plain; charset=utf-8').header('content-length', String(body.length));
      return reply.send(request.method === 'HEAD' ? undefined : body);
    }
    reply
      .header('content-type', contentTypeOf(asset.name))
      .header('content-length', String(asset.size))
      .header('etag', `"${asset.sha256}"`)
      .header('last-modified', new Date(asset.createdAt).toUTCString());
    if (request.method === 'HEAD') return reply.send();
    return reply.send(blobBody(await open()));
  }

  return {
    format: 'maven',
    ownsAllPaths: true,
    errorBody: (_status, message) => ({ contentType: 'text/plain; charset=utf-8', body: `${message}\n` }),
    routes(scope: FastifyInstance) {
      scope.all('/*', async (request, reply) => {
        if (request.method === 'PUT') return put(request, reply);
        if (request.method === 'GET' || request.method === 'HEAD') return get(request, reply);
        reply.header('allow', 'GET, HEAD, PUT');
        throw new RegistryError(
          405,
          `${request.method} is not part of the maven2 repository layout: use GET, HEAD or PUT.`,
        );
      });
    },
  };
}
