// The Swift Package Registry view of a CodeArtifact repository (Registry.md; formats.md §6): a package is
// `scope.name` (scope = the CodeArtifact namespace), both stored lowercased; a release is one version holding
// one asset, its source archive `<name>-<version>.zip`, whose sha256 is the release's `checksum`. The manifests
// and README are read from the archive once, at publish, and kept in the version's details. Statuses
// (formats.md §7): Published releases are listed; Unlisted ones are left out of the list but their metadata,
// manifest and archive still answer (a Package.resolved pin keeps working); Archived and Disposed ones are
// listed with a 410 `problem` (SwiftPM treats them as unavailable) and everything else about them is 404.
// Upstream repositories are searched as for every format (first holder of a version wins); CodeArtifact has no
// external connection for Swift, so neither has Quiver.
import type { Readable } from 'node:stream';
import { createHash } from 'node:crypto';
import type { AssetRecord, PackageCoordinates, VersionRecord, VersionStatus } from '../../store/records.js';
import type { BlobTx, CatalogTx, Store } from '../../store/store.js';
import { CatalogError, conflict, invalid, notFound } from '../shared/errors.js';
import { type BlobLifecycle, BlobVanished } from './blob-lifecycle.js';
import { swiftFormat } from './formats/swift.js';
import { publishContention } from './packages.js';
import { assetFrom, recordVersion } from './publishing.js';
import { repositoryNotFound } from './repositories.js';
import { checkArchive, type SwiftManifest } from './swift/archive.js';
import {
  compareSwiftVersions,
  highestSwiftVersion,
  isSwiftName,
  isSwiftScope,
  isSwiftVersion,
  normalizeSwiftIdentifier,
  swiftIdentifier,
} from './swift/identity.js';
import {
  canonicalRepositoryUrl,
  detailsOfRelease,
  parseReleaseMetadata,
  type SwiftReleaseMetadata,
} from './swift/metadata.js';
import type { RegistryRepository, Upstreams } from './upstreams.js';
import { allVersions } from './all-versions.js';

type SwiftTx = CatalogTx & BlobTx;

/** A release as the list shows it: available, or unavailable with the reason a `problem` gives. */
export interface SwiftReleaseEntry {
  version: string;
  /** Archived or Disposed: listed with a 410 problem. */
  gone?: VersionStatus;
}

export interface SwiftSigning {
  signatureBase64Encoded: string;
  signatureFormat: string;
}

export interface SwiftRelease {
  scope: string;
  name: string;
  version: string;
  archive: AssetRecord;
  metadata: SwiftReleaseMetadata;
  manifests: SwiftManifest[];
  publishedAt: number;
  signing?: SwiftSigning;
}

export interface SwiftPublication {
  archive: Buffer;
  /** The `source-archive-signature` part and the `X-Swift-Package-Signature-Format` header, kept as given. */
  signature?: { bytes: Buffer; format?: string };
  metadata?: Buffer;
}

interface StoredRelease {
  metadata?: SwiftReleaseMetadata;
  manifests?: SwiftManifest[];
  signing?: SwiftSigning;
}

const stored = (record: VersionRecord) => (record.details.manifest ?? {}) as StoredRelease;

export const archiveName = (name: string, version: string) => `${name}-${version}.zip`;

export class SwiftPackages {
  constructor(
    private readonly store: Store<SwiftTx>,
    private readonly blobs: BlobLifecycle,
    private readonly upstreams: Upstreams,
  ) {}

  /** The package's coordinates; a scope, name or version the spec's rules refuse is a 400 naming the rule. */
  coordinates(repo: RegistryRepository, scope: string, name: string): PackageCoordinates {
    if (!isSwiftScope(scope))
      throw invalid(
        `"${scope.slice(0, 100)}" is not a package scope: alphanumerics and single inner hyphens, at most 39 characters (Registry.md §3.6.1).`,
      );
    if (!isSwiftName(name))
      throw invalid(
        `"${name.slice(0, 120)}" is not a package name: alphanumerics and single inner hyphens or underscores, at most 100 characters (Registry.md §3.6.2).`,
      );
    return {
      ...repo,
      format: swiftFormat.name,
      namespace: normalizeSwiftIdentifier(scope),
      name: normalizeSwiftIdentifier(name),
    };
  }

  private checkVersion(version: string): void {
    if (!isSwiftVersion(version))
      throw invalid(`"${version.slice(0, 100)}" is not a SemVer 2.0.0 version; Swift package versions must be.`);
  }

  /** §4.1: every release here or upstream (first holder wins), highest precedence first; 404 when none has it. */
  async releases(repo: RegistryRepository, scope: string, name: string): Promise<SwiftReleaseEntry[]> {
    const c = this.coordinates(repo, scope, name);
    const byVersion = await this.store.read(async (tx) => {
      const order = await this.upstreams.searchOrder(tx, c);
      const found = new Map<string, SwiftReleaseEntry>();
      const seen = new Set<string>();
      let any = false;
      for (const { pkg } of order.nodes) {
        if (!pkg) continue;
        any = true;
        for (const record of await allVersions(tx, pkg.id)) {
          // The first holder decides, even when it hides the version (Unlisted here, Published upstream).
          if (seen.has(record.version)) continue;
          seen.add(record.version);
          if (swiftFormat.listed.has(record.status)) found.set(record.version, { version: record.version });
          else if (record.status === 'Archived' || record.status === 'Disposed')
            found.set(record.version, { version: record.version, gone: record.status });
        }
      }
      return any ? found : undefined;
    });
    if (!byVersion)
      throw notFound(
        'package',
        c.name,
        `Package ${swiftIdentifier(c.namespace, c.name)} not found in repository ${repo.repositoryName} or its upstreams.`,
      );
    return [...byVersion.values()].sort((a, b) => compareSwiftVersions(b.version, a.version));
  }

  /** §4.2–4.4: a release whose files clients may download, here or (retained on first use) from an upstream. */
  async release(repo: RegistryRepository, scope: string, name: string, version: string): Promise<SwiftRelease> {
    const c = this.coordinates(repo, scope, name);
    this.checkVersion(version);
    const missing = () =>
      notFound('package-version', version, `Release ${version} of ${swiftIdentifier(c.namespace, c.name)} not found.`);
    const here = await this.store.read(async (tx) => {
      const found = await tx.getRepositoryWithPackage(c);
      if (!found.repository) throw repositoryNotFound(c, c.domainName, c.repositoryName);
      const record = found.pkg && (await tx.getVersion(found.pkg.id, version));
      if (!record) return { upstream: found.pkg?.upstream !== 'BLOCK' };
      return { record, assets: await tx.listAssets(record.id, undefined, 10) };
    });
    let record = here.record;
    let assets = here.assets;
    if (!record && here.upstream) {
      const { hit } = await this.upstreams.find(c, version);
      if (hit) {
        const retained = await this.upstreams.retain(c, hit, Date.now());
        record = retained.version;
        assets = retained.assets;
      }
    }
    if (!record || !swiftFormat.downloadable.has(record.status)) throw missing();
    const archive = assets?.find((a) => a.name === archiveName(c.name, version));
    if (!archive) throw missing();
    const details = stored(record);
    return {
      scope: c.namespace,
      name: c.name,
      version,
      archive,
      metadata: details.metadata ?? {},
      manifests: details.manifests ?? [],
      publishedAt: record.publishedAt,
      signing: details.signing,
    };
  }

  /** The archive's bytes (already checked downloadable by `release`). */
  async openArchive(archive: AssetRecord): Promise<Readable> {
    const content = await this.blobs.blobs.get(archive.sha256);
    if (!content) throw notFound('asset', archive.name, `The source archive ${archive.name} is missing.`);
    return content;
  }

  /**
   * §4.5: identifiers of the packages in this repository whose releases name the URL in `repositoryURLs`
   * (compared by canonicalRepositoryUrl). Every Swift package's versions are read: fine for the hundreds of
   * packages a private repository holds; an index table would be the next step past that.
   */
  async identifiers(repo: RegistryRepository, url: string): Promise<string[]> {
    const wanted = canonicalRepositoryUrl(url);
    return this.store.read(async (tx) => {
      if (!(await tx.getRepository(repo, repo.domainName, repo.repositoryName)))
        throw repositoryNotFound(repo, repo.domainName, repo.repositoryName);
      const out: string[] = [];
      let after: { format: string; namespace: string; name: string } | undefined;
      for (;;) {
        const page = await tx.listPackages({ ...repo, format: swiftFormat.name }, after, 500);
        for (const pkg of page) {
          const versions = await allVersions(tx, pkg.id);
          const names = versions
            .filter((v) => swiftFormat.downloadable.has(v.status))
            .some((v) => (stored(v).metadata?.repositoryURLs ?? []).some((u) => canonicalRepositoryUrl(u) === wanted));
          if (names) out.push(swiftIdentifier(pkg.namespace, pkg.name));
        }
        if (page.length < 500) return out;
        const last = page[page.length - 1]!;
        after = { format: last.format, namespace: last.namespace, name: last.name };
      }
    });
  }

  /**
   * §4.6: checks everything (identity, SemVer, a zip holding Package.swift, metadata JSON) before a byte is
   * stored, then records the release in one write. An existing version is 409, whatever its bytes (§4.6: a
   * published release MUST NOT change). Returns the release's checksum.
   */
  async publish(
    repo: RegistryRepository,
    scope: string,
    name: string,
    version: string,
    publication: SwiftPublication,
    now: number,
  ): Promise<{ checksum: string }> {
    const c = this.coordinates(repo, scope, name);
    this.checkVersion(version);
    const metadata = parseReleaseMetadata(publication.metadata);
    const archive = checkArchive(publication.archive);
    const signing = publication.signature && {
      signatureBase64Encoded: publication.signature.bytes.toString('base64'),
      signatureFormat: publication.signature.format ?? 'cms-1.0.0',
    };
    const id = swiftIdentifier(c.namespace, c.name);
    const exists = await this.store.read(async (tx) => {
      const found = await tx.getRepositoryWithPackage(c);
      if (!found.repository) throw repositoryNotFound(c, c.domainName, c.repositoryName);
      return Boolean(found.pkg && (await tx.getVersion(found.pkg.id, version)));
    });
    if (exists) throw alreadyExists(id, version);
    await this.upstreams.refuseIfUpstreamHas(c, version, id);
    const sha256 = createHash('sha256').update(publication.archive).digest('hex');
    const put = await this.blobs.put(publication.archive, sha256);
    const details = detailsOfRelease(c.namespace, c.name, metadata, archive);
    if (signing) details.manifest = { ...details.manifest, signing };
    await this.store
      .write(
        (tx) =>
          recordVersion(
            tx,
            this.blobs,
            c,
            {
              version,
              status: 'Published',
              origin: { originType: 'INTERNAL', entryRepository: c.repositoryName },
              details: () => details,
              assets: [assetFrom(archiveName(c.name, version), put)],
              newPackage: { publish: 'ALLOW', upstream: 'BLOCK' },
              ifExists: 'conflict',
              publish: true,
            },
            now,
          ),
        publishContention(c),
      )
      .catch((error: unknown) => {
        if (error instanceof BlobVanished)
          throw conflict('asset', archiveName(c.name, version), 'The archive was deleted concurrently; retry.');
        // A concurrent publish of the same version won the insert: the spec's 409 wording.
        if (error instanceof CatalogError && error.kind === 'Conflict' && /version/i.test(error.message))
          throw alreadyExists(id, version);
        throw error;
      });
    return { checksum: sha256 };
  }

  /** The highest-precedence listed release, and the listed neighbours of a version (§4.2 Link relations). */
  static neighbours(entries: SwiftReleaseEntry[], version: string) {
    const listed = entries.filter((e) => !e.gone).map((e) => e.version);
    const sorted = [...listed].sort(compareSwiftVersions);
    return {
      latest: highestSwiftVersion(listed),
      successor: sorted.find((v) => compareSwiftVersions(v, version) > 0),
      predecessor: sorted.filter((v) => compareSwiftVersions(v, version) < 0).at(-1),
    };
  }
}

const alreadyExists = (id: string, version: string) =>
  conflict('package-version', version, `a release with version ${version} of ${id} already exists`);
