// The Maven view of a CodeArtifact repository (formats.md §2): files PUT into the maven2 layout become assets of
// an Unfinished version; the client's maven-metadata.xml PUT that lists the version publishes it (CodeArtifact's
// lifecycle). The maven-metadata.xml served is rendered from the catalog (kept per instance behind stamp(), see
// registries/maven/routes.ts) — never the client's copy — so concurrent deploys cannot drop a version from it (Reposilite #1940, clojars-web#455). Checksums
// are the blob store's digests of each asset; an uploaded one is checked, not stored.
// SNAPSHOTs as CodeArtifact documents them: files of every build go to the `1.0-SNAPSHOT` version; when the
// snapshot metadata naming build N arrives, the files of older builds move to their own build versions
// (`1.0-20261201.094832-1`, Unlisted: still downloadable by path) and `1.0-SNAPSHOT` is Published with build N.
import type { Readable } from 'node:stream';
import type { AssetRecord, PackageCoordinates, VersionRecord } from '../../store/records.js';
import type { BlobTx, CatalogTx, Store } from '../../store/store.js';
import { invalid, notFound } from '../shared/errors.js';
import type { BlobLifecycle } from './blob-lifecycle.js';
import { mavenFormat } from './formats/maven.js';
import {
  renderArtifactMetadata,
  renderSnapshotMetadata,
  parseUploadedMetadata,
  type SnapshotFileView,
} from './maven/metadata.js';
import { buildOf, type ChecksumKind, isSnapshot, type MavenFile, parseFilename, SNAPSHOT } from './maven/paths.js';
import { checkPomCoordinates, parsePom } from './maven/pom.js';
import { publishContention } from './packages.js';
import { assetFrom, recordVersion, revisionOf } from './publishing.js';
import { repositoryNotFound } from './repositories.js';
import type { RegistryRepository, Upstreams } from './upstreams.js';
import { type ExternalMavenRepository, MavenUpstreams } from './maven-upstreams.js';
import { allVersions } from './all-versions.js';

export type { ExternalMavenRepository } from './maven-upstreams.js';

type MavenTx = CatalogTx & BlobTx;

/** Files whose checksum PUT did not match, kept on the version: its metadata PUT is then refused (UG:maven-checksums). */
const BAD_CHECKSUMS = 'badChecksums';
/** The published build of a `-SNAPSHOT` version, kept on it when its snapshot metadata publishes it. */
const CURRENT_BUILD = 'currentBuild';

const HASH_OF: Record<ChecksumKind, (a: AssetRecord) => string> = {
  md5: (a) => a.md5,
  sha1: (a) => a.sha1,
  sha256: (a) => a.sha256,
  sha512: (a) => a.sha512,
};
const HEX_LENGTH: Record<ChecksumKind, number> = { md5: 32, sha1: 40, sha256: 64, sha512: 128 };

export const checksumOf = (asset: AssetRecord, kind: ChecksumKind) => HASH_OF[kind](asset);

/** An uploaded checksum file: the first word (some tools append the file name), which must be lowercase hex. */
export function uploadedChecksum(body: Buffer, kind: ChecksumKind): string {
  const value = body.toString('utf8').trim().split(/\s+/, 1)[0] ?? '';
  if (!new RegExp(`^[0-9a-fA-F]{${HEX_LENGTH[kind]}}$`).test(value))
    throw invalid(
      `A .${kind} file holds ${HEX_LENGTH[kind]} hexadecimal digits; this one holds "${value.slice(0, 140)}".`,
    );
  return value;
}

export class MavenPackages {
  private readonly fromUpstream: MavenUpstreams;

  constructor(
    private readonly store: Store<MavenTx>,
    private readonly blobs: BlobLifecycle,
    private readonly upstreams: Upstreams,
    external?: ExternalMavenRepository,
  ) {
    this.fromUpstream = new MavenUpstreams(upstreams, blobs, external);
  }

  coordinates(repo: RegistryRepository, groupId: string, artifactId: string): PackageCoordinates {
    return { ...repo, format: mavenFormat.name, namespace: groupId, name: artifactId };
  }

  /** A validator for cached maven-metadata.xml (Upstreams.stamp); undefined when the external repository contributes. */
  async stamp(repo: RegistryRepository, groupId: string, artifactId: string): Promise<string | undefined> {
    return this.upstreams.stamp(this.coordinates(repo, groupId, artifactId));
  }

  private async requireRepository(c: PackageCoordinates): Promise<void> {
    await this.store.read(async (tx) => {
      if (!(await tx.getRepository(c, c.domainName, c.repositoryName)))
        throw repositoryNotFound(c, c.domainName, c.repositoryName);
    });
  }

  /** A file of the layout: checked (a POM must parse and name its path's coordinates), stored, added to its version. */
  async putFile(repo: RegistryRepository, file: MavenFile, bytes: Buffer, now: number): Promise<void> {
    const c = this.coordinates(repo, file.groupId, file.artifactId);
    const pom = file.extension === 'pom' && !file.classifier ? parsePom(bytes) : undefined;
    if (pom) checkPomCoordinates(pom, file.groupId, file.artifactId, file.version);
    await this.requireRepository(c);
    const exists = await this.store.read(async (tx) => {
      const pkg = await tx.getPackage(c);
      return Boolean(pkg && (await tx.getVersion(pkg.id, file.version)));
    });
    if (!exists) await this.fromUpstream.refuseIfUpstreamHas(c, file.version);
    const put = await this.blobs.put(bytes);
    await this.store.write(
      (tx) =>
        recordVersion(
          tx,
          this.blobs,
          c,
          {
            version: file.version,
            status: 'Unfinished',
            origin: { originType: 'INTERNAL', entryRepository: c.repositoryName },
            details: (existing) => (pom ? { ...pom.details, manifest: existing?.manifest } : (existing ?? {})),
            assets: [assetFrom(file.filename, put)],
            newPackage: { publish: 'ALLOW', upstream: 'BLOCK' },
            ifExists: 'extend',
            publish: true,
          },
          now,
        ),
      publishContention(c),
    );
  }

  /** An uploaded `<file>.<kind>`: 404 before its file, 400 when it differs from the stored bytes' digest. */
  async putChecksum(repo: RegistryRepository, file: MavenFile, kind: ChecksumKind, body: Buffer, now: number) {
    const c = this.coordinates(repo, file.groupId, file.artifactId);
    const claimed = uploadedChecksum(body, kind);
    const mismatch = await this.store.write(async (tx) => {
      const found = await this.findFile(tx, c, file);
      if (!found)
        throw notFound(
          'asset',
          file.filename,
          `${file.filename} has not been uploaded: upload it before its .${kind}.`,
        );
      const actual = checksumOf(found.asset, kind);
      if (claimed === actual) return undefined;
      const { version } = found;
      if (version.status === 'Unfinished') {
        const bad = new Set((version.details.manifest?.[BAD_CHECKSUMS] as string[] | undefined) ?? []);
        bad.add(file.filename);
        await tx.updateVersion({
          ...version,
          details: { ...version.details, manifest: { ...version.details.manifest, [BAD_CHECKSUMS]: [...bad] } },
          updatedAt: now,
        });
      }
      return actual;
    }, publishContention(c));
    if (mismatch)
      throw invalid(
        `The uploaded .${kind} of ${file.filename} (${claimed}) does not match its content's ${kind} (${mismatch}); checksums are lowercase hex.`,
      );
  }

  /**
   * A client's maven-metadata.xml: it must parse and name the path's coordinates; each Unfinished version it
   * lists is Published (a snapshot with the build its <snapshot> names). Nothing of it is stored.
   */
  async putMetadata(
    repo: RegistryRepository,
    at: { groupId: string; artifactId: string; version?: string },
    bytes: Buffer,
    now: number,
  ): Promise<void> {
    const uploaded = parseUploadedMetadata(bytes);
    const c = this.coordinates(repo, at.groupId, at.artifactId);
    const where = `${at.groupId}:${at.artifactId}${at.version ? `:${at.version}` : ''}`;
    if (uploaded.groupId !== undefined && uploaded.groupId !== at.groupId)
      throw invalid(`maven-metadata.xml names groupId ${uploaded.groupId}, but it was uploaded for ${where}.`);
    if (uploaded.artifactId !== undefined && uploaded.artifactId !== at.artifactId)
      throw invalid(`maven-metadata.xml names artifactId ${uploaded.artifactId}, but it was uploaded for ${where}.`);
    if (at.version && uploaded.version !== undefined && uploaded.version !== at.version)
      throw invalid(`maven-metadata.xml names version ${uploaded.version}, but it was uploaded for ${where}.`);
    if (at.version && !uploaded.snapshot)
      throw invalid(
        'Snapshot maven-metadata.xml must name its build in <versioning><snapshot> (unique snapshots only).',
      );
    await this.requireRepository(c);
    await this.store.write(async (tx) => {
      const pkg = await tx.getPackage(c);
      if (!pkg) {
        if (at.version) throw notFound('package-version', at.version, `${where} has no uploaded files.`);
        return;
      }
      const named = at.version ? [at.version] : uploaded.versions;
      for (const record of await tx.getVersions(pkg.id, [...new Set(named)].slice(0, 1000))) {
        const build = at.version
          ? `${at.version.slice(0, -SNAPSHOT.length)}-${uploaded.snapshot!.timestamp}-${uploaded.snapshot!.buildNumber}`
          : undefined;
        await this.publish(tx, c, pkg.id, record, build, now);
      }
      if (at.version && !(await tx.getVersion(pkg.id, at.version)))
        throw notFound('package-version', at.version, `${where} has no uploaded files.`);
    }, publishContention(c));
  }

  /** Unfinished → Published; a snapshot's older builds move out to Unlisted build versions first. */
  private async publish(
    tx: MavenTx,
    c: PackageCoordinates,
    packageId: number,
    record: VersionRecord,
    build: string | undefined,
    now: number,
  ) {
    const snapshot = isSnapshot(record.version);
    if (record.status !== 'Unfinished' && !(snapshot && record.status === 'Published')) return;
    const bad = record.details.manifest?.[BAD_CHECKSUMS] as string[] | undefined;
    if (bad?.length)
      throw invalid(
        `Version ${record.version} stays Unfinished: the checksums uploaded for ${bad.join(', ')} did not match their content.`,
      );
    let details = record.details;
    if (snapshot) {
      const assets = await tx.listAssets(record.id, undefined, 100_000);
      const current = build ?? newestBuild(c.name, record, assets);
      if (build && !assets.some((a) => buildValueOf(c.name, record, a.name) === build))
        throw invalid(`Snapshot build ${build} of ${record.version} has no uploaded files.`);
      const older = assets.filter((a) => buildValueOf(c.name, record, a.name) !== current);
      if (older.length === 0 && record.status === 'Published') return;
      await tx.deleteAssets(record.id);
      for (const asset of assets.filter((a) => !older.includes(a))) await tx.insertAsset(asset);
      for (const [value, files] of groupBy(older, (a) => buildValueOf(c.name, record, a.name) ?? record.version)) {
        let target = await tx.getVersion(packageId, value);
        target ??= await tx.insertVersion({
          ...record,
          version: value,
          status: 'Unlisted',
          revision: revisionOf(value, files, record.details),
          updatedAt: now,
        });
        for (const asset of files)
          if (target && !(await tx.getAsset(target.id, asset.name)))
            await tx.insertAsset({ ...asset, versionId: target.id });
      }
      const kept = assets.filter((a) => !older.includes(a));
      // The build the metadata named is the one served until the next publish, even while a later build's files arrive.
      details = { ...record.details, manifest: { ...record.details.manifest, [CURRENT_BUILD]: current } };
      await tx.updateVersion({
        ...record,
        status: 'Published',
        revision: revisionOf(record.version, kept, details),
        details,
        updatedAt: now,
      });
      return;
    }
    await tx.updateVersion({ ...record, status: 'Published', updatedAt: now });
  }

  /** The asset a path names: in its version directory's version, or (an older snapshot build) in its build version. */
  private async findFile(
    tx: MavenTx,
    c: PackageCoordinates,
    file: MavenFile,
  ): Promise<{ asset: AssetRecord; version: VersionRecord } | undefined> {
    const pkg = await tx.getPackage(c);
    if (!pkg) return undefined;
    for (const name of file.build ? [file.version, file.build.value] : [file.version]) {
      const version = await tx.getVersion(pkg.id, name);
      const asset = version && (await tx.getAsset(version.id, file.filename));
      if (version && asset) return { asset, version };
    }
    return undefined;
  }

  /**
   * A file for a client: only from a version its clients may download (Published, Unlisted); one this repository
   * lacks comes from its upstreams or the external connection (maven-upstreams.ts) unless the package blocks them.
   */
  async file(
    repo: RegistryRepository,
    file: MavenFile,
  ): Promise<{ asset: AssetRecord; open: () => Promise<Readable> }> {
    const c = this.coordinates(repo, file.groupId, file.artifactId);
    const missing = () =>
      notFound(
        'asset',
        file.filename,
        `${file.filename} of ${file.groupId}:${file.artifactId}:${file.version} not found.`,
      );
    const { found, upstreamBlocked } = await this.store.read(async (tx) => {
      if (!(await tx.getRepository(c, c.domainName, c.repositoryName)))
        throw repositoryNotFound(c, c.domainName, c.repositoryName);
      return {
        found: await this.findFile(tx, c, file),
        upstreamBlocked: (await tx.getPackage(c))?.upstream === 'BLOCK',
      };
    });
    if (found && !mavenFormat.downloadable.has(found.version.status)) throw missing();
    const asset = found?.asset ?? (upstreamBlocked ? undefined : await this.fromUpstream.file(c, file));
    if (!asset) throw missing();
    return {
      asset,
      open: async () => {
        const content = await this.blobs.blobs.get(asset.sha256);
        if (!content) throw notFound('asset', file.filename, `The content of ${file.filename} is missing.`);
        return content;
      },
    };
  }

  /**
   * Artifact-level metadata of the Published versions of this repository, its upstreams and the external
   * repository (release versions only); 404 when there are none.
   */
  async artifactMetadata(repo: RegistryRepository, groupId: string, artifactId: string): Promise<string> {
    const c = this.coordinates(repo, groupId, artifactId);
    const { listed, external } = await this.store.read(async (tx) => {
      const order = await this.upstreams.searchOrder(tx, c);
      return {
        listed: await this.fromUpstream.listed(order, (id) => allVersions(tx, id, { status: 'Published' })),
        external: order.external,
      };
    });
    if (external) {
      const remote = await this.fromUpstream.externalVersions(c);
      for (const version of remote.versions) if (!listed.has(version)) listed.set(version, remote.updatedAt);
    }
    if (listed.size === 0)
      throw notFound('package', artifactId, `${groupId}:${artifactId} has no published versions here.`);
    return renderArtifactMetadata(groupId, artifactId, [...listed.keys()], Math.max(...listed.values()));
  }

  /** Snapshot-level metadata of a Published `-SNAPSHOT` version: its current build's files. */
  async snapshotMetadata(
    repo: RegistryRepository,
    groupId: string,
    artifactId: string,
    version: string,
  ): Promise<string> {
    const c = this.coordinates(repo, groupId, artifactId);
    const found = await this.store.read(async (tx) => {
      const pkg = await tx.getPackage(c);
      const record = pkg && (await tx.getVersion(pkg.id, version));
      if (!record || !mavenFormat.listed.has(record.status)) return undefined;
      return { record, assets: await tx.listAssets(record.id, undefined, 100_000) };
    });
    const current =
      found &&
      ((found.record.details.manifest?.[CURRENT_BUILD] as string | undefined) ??
        newestBuild(artifactId, found.record, found.assets));
    if (!found || !current)
      throw notFound('package-version', version, `${groupId}:${artifactId}:${version} is not published here.`);
    const files: SnapshotFileView[] = [];
    for (const asset of found.assets) {
      const parsed = parseFilename(groupId, artifactId, version, asset.name);
      if (parsed?.build?.value === current)
        files.push({ classifier: parsed.classifier, extension: parsed.extension, value: current });
    }
    return renderSnapshotMetadata(
      groupId,
      artifactId,
      version,
      buildOf(version, current)!,
      files,
      found.record.updatedAt,
    );
  }
}

/** The snapshot build a file of a `-SNAPSHOT` version belongs to (`1.0-20261201.094832-1`). */
function buildValueOf(artifactId: string, record: VersionRecord, filename: string): string | undefined {
  return parseFilename('', artifactId, record.version, filename)?.build?.value;
}

/** The newest build (by timestamp, then build number) among a snapshot version's files. */
function newestBuild(artifactId: string, record: VersionRecord, assets: AssetRecord[]): string | undefined {
  let best: { value: string; key: string } | undefined;
  for (const asset of assets) {
    const value = buildValueOf(artifactId, record, asset.name);
    const match = value && /-(\d{8}\.\d{6})-(\d+)$/.exec(value);
    if (!value || !match) continue;
    const key = `${match[1]}-${match[2]!.padStart(10, '0')}`;
    if (!best || key > best.key) best = { value, key };
  }
  return best?.value;
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) out.set(key(item), [...(out.get(key(item)) ?? []), item]);
  return out;
}
