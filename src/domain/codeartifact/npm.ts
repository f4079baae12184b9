// The npm view of a CodeArtifact repository: packuments, tarballs, publish, deprecate, unpublish, dist-tags.
// Statuses decide what npm sees (SPEC §3): only Published versions are listed; Published and Unlisted
// tarballs download (a lockfile pinned to an Unlisted version still installs); Archived, Disposed and
// Unfinished are neither listed nor downloadable. dist-tags never point at a version the packument omits.
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import semver from 'semver';
import type { AssetRecord, PackageCoordinates, VersionDetails, VersionRecord } from '../../store/records.js';
import type { BlobTx, CatalogTx, Store } from '../../store/store.js';
import { CatalogError, conflict, invalid, notFound } from '../shared/errors.js';
import type { BlobLifecycle } from './blob-lifecycle.js';
import { npmFormat } from './formats/npm.js';
import { publishContention } from './packages.js';
import { assetFrom, recordVersion, revisionOf } from './publishing.js';
import { repositoryNotFound } from './repositories.js';
import { type NpmMetadataEdit, npmRevision } from './npm-documents.js';
import type { RegistryRepository, Upstreams } from './upstreams.js';

/** What npm reads and writes: the catalog and the blob rows its publishes and deletes retain and release. */
type NpmTx = CatalogTx & BlobTx;

export const NPM_NAME_MAX = 214;

/** A parsed npm package name: `@scope/name` → namespace `scope` (without `@`), as CodeArtifact stores it. */
export interface NpmName {
  namespace: string;
  name: string;
  full: string;
}

export function parseNpmName(full: string): NpmName {
  if (full.length === 0 || full.length > NPM_NAME_MAX)
    throw invalid(`Invalid package name: it must be 1 to ${NPM_NAME_MAX} characters.`);
  const scoped = /^@([^/@]+)\/([^/@]+)$/.exec(full);
  const name = scoped ? scoped[2]! : full;
  const namespace = scoped ? scoped[1]! : '';
  for (const part of [namespace, name].filter(Boolean)) {
    if (part.startsWith('.') || part.startsWith('_') || encodeURIComponent(part) !== part) {
      throw invalid(
        `Invalid package name "${full}": names are URL-safe, may not start with "." or "_", and only a scope may contain "/".`,
      );
    }
  }
  if (!scoped && full.includes('/'))
    throw invalid(`Invalid package name "${full}": "/" is only allowed after an @scope.`);
  return { namespace, name, full };
}

/** The repository an npm endpoint URL names, as seen by the holder of an authorization token. */
export type NpmRepository = RegistryRepository;

/** One version as a packument shows it, wherever it lives: this repository, an upstream, or the external registry. */
export interface NpmVersionEntry {
  version: string;
  manifest: Record<string, unknown>;
  publishedAt: number;
  updatedAt: number;
  revision: string;
  shasum?: string;
  integrity?: string;
  summary?: string;
  readme?: string;
}

export interface NpmPackageView {
  createdAt: number;
  versions: NpmVersionEntry[];
  distTags: Record<string, string>;
  /** What the view was built from (see packumentStamp); undefined when it includes an external registry's answer. */
  stamp?: string;
  /** The `_rev` a metadata PUT must send back (npmRevision of this repository's package; none when only upstreams have it). */
  rev?: string;
}

/** A public npm registry behind an external connection (public:npmjs), as the registries layer reaches it. */
export interface ExternalNpmRegistry {
  /** The full packument, or undefined when the registry does not have the package. */
  packument(name: string): Promise<
    | {
        versions?: Record<string, Record<string, unknown>>;
        'dist-tags'?: Record<string, string>;
        time?: Record<string, string>;
      }
    | undefined
  >;
  tarball(url: string): Promise<Buffer>;
}

function entryOf(record: VersionRecord, asset: AssetRecord | undefined): NpmVersionEntry {
  return {
    version: record.version,
    manifest: (record.details.manifest ?? {}) as Record<string, unknown>,
    publishedAt: record.publishedAt,
    updatedAt: record.updatedAt,
    revision: record.revision,
    shasum: asset?.sha1,
    integrity: asset ? `sha512-${Buffer.from(asset.sha512, 'hex').toString('base64')}` : undefined,
    summary: record.details.summary,
    readme: record.details.readme,
  };
}

export interface NpmPublish {
  manifest: Record<string, unknown>;
  tarball: Buffer;
  tags: Record<string, string>;
}

const LISTED = npmFormat.listed;
const DOWNLOADABLE = npmFormat.downloadable;

export const tarballName = (name: NpmName, version: string) => `${name.name}-${version}.tgz`;

/** What DescribePackageVersion, readme and dependencies show for an npm version, from its package.json. */
function detailsOf(name: NpmName, manifest: Record<string, unknown>): VersionDetails {
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  const repository = manifest.repository as { url?: unknown } | string | undefined;
  const dependencies: NonNullable<VersionDetails['dependencies']> = [];
  for (const [field, type] of [
    ['dependencies', 'regular'],
    ['devDependencies', 'dev'],
    ['optionalDependencies', 'optional'],
    ['peerDependencies', 'peer'],
  ] as const) {
    for (const [dependency, range] of Object.entries((manifest[field] as Record<string, string> | undefined) ?? {})) {
      const scoped = /^@([^/]+)\/(.+)$/.exec(dependency);
      dependencies.push({
        namespace: scoped?.[1],
        package: scoped ? scoped[2]! : dependency,
        dependencyType: type,
        versionRequirement: String(range),
      });
    }
  }
  const { readme, ...rest } = manifest;
  return {
    displayName: name.full,
    summary: text(manifest.description),
    homePage: text(manifest.homepage),
    sourceCodeRepository: typeof repository === 'string' ? repository : text(repository?.url),
    licenses: text(manifest.license) ? [{ name: String(manifest.license) }] : [],
    readme: text(readme),
    dependencies,
    manifest: rest,
  };
}

/** `latest` when it names a listed version; else the highest listed release (or pre-release if that is all). */
export function effectiveDistTags(tags: Record<string, string>, listed: string[]): Record<string, string> {
  const visible = Object.fromEntries(Object.entries(tags).filter(([, version]) => listed.includes(version)));
  if (!visible.latest && listed.length > 0) {
    const valid = listed.filter((v) => semver.valid(v));
    const releases = valid.filter((v) => !semver.prerelease(v));
    const pool = releases.length > 0 ? releases : valid;
    visible.latest = pool.length > 0 ? pool.sort(semver.compare)[pool.length - 1]! : listed[listed.length - 1]!;
  }
  return visible;
}

/** A dist-tag is a short printable name (a NUL or control character is refused here, not by a database). */
function checkTagName(tag: string): void {
  const printable = [...tag].every((c) => c.charCodeAt(0) > 0x1f && c.charCodeAt(0) !== 0x7f && c !== '/');
  if (tag.length === 0 || tag.length > 214 || !printable)
    throw invalid(`Invalid tag ${JSON.stringify(tag.slice(0, 214))}: 1 to 214 printable characters, no "/".`);
}

export class NpmPackages {
  constructor(
    private readonly store: Store<NpmTx>,
    private readonly blobs: BlobLifecycle,
    private readonly upstreams: Upstreams,
    private readonly external?: ExternalNpmRegistry,
  ) {}

  private coordinates(repo: NpmRepository, name: NpmName): PackageCoordinates {
    return { ...repo, format: npmFormat.name, namespace: name.namespace, name: name.name };
  }

  private async requireRepository(tx: NpmTx, repo: NpmRepository): Promise<void> {
    if (!(await tx.getRepository(repo, repo.domainName, repo.repositoryName)))
      throw repositoryNotFound(repo, repo.domainName, repo.repositoryName);
  }

  private async allVersions(tx: NpmTx, packageId: number): Promise<VersionRecord[]> {
    const out: VersionRecord[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await tx.listVersions(
        packageId,
        {},
        'version',
        after === undefined ? undefined : { order: 'version', version: after },
        1000,
      );
      out.push(...page);
      if (page.length < 1000) return out;
      after = page[page.length - 1]!.version;
    }
  }

  /** A cheap validator for a cached packument: one read of repository and package records, no versions. */
  async packumentStamp(repo: NpmRepository, name: NpmName): Promise<string | undefined> {
    return this.upstreams.stamp(this.coordinates(repo, name));
  }

  /**
   * Everything a packument is made of: the listed versions of this repository, then — unless the package here
   * blocks upstreams — those of its upstreams (depth-first, the first holder of a version wins) and of any
   * external connection in the search order. Tags merge the same way, an upstream's value winning a clash (as
   * AWS documents). 404 when nobody has the package.
   */
  async packument(repo: NpmRepository, name: NpmName): Promise<NpmPackageView> {
    const gathered = await this.store.read(async (tx) => {
      const order = await this.upstreams.searchOrder(tx, this.coordinates(repo, name));
      const entries = new Map<string, NpmVersionEntry>();
      let tags: Record<string, string> = {};
      let createdAt: number | undefined;
      for (const [index, { pkg }] of order.nodes.entries()) {
        if (!pkg) continue;
        createdAt ??= pkg.createdAt;
        const listed = (await this.allVersions(tx, pkg.id)).filter(
          (v) => LISTED.has(v.status) && !entries.has(v.version),
        );
        const assets = await tx.firstAssets(listed.map((v) => v.id));
        for (const record of listed) entries.set(record.version, entryOf(record, assets.get(record.id)));
        tags = index === 0 ? await tx.listDistTags(pkg.id) : { ...tags, ...(await tx.listDistTags(pkg.id)) };
      }
      const local = order.nodes[0]?.pkg;
      return {
        entries,
        tags,
        createdAt,
        external: order.external !== undefined,
        stamp: order.stamp,
        rev: local ? npmRevision(local) : undefined,
      };
    });
    if (gathered.external && this.external) {
      // An unreachable external registry must not take down what this repository and its upstreams hold.
      const remote = await this.external.packument(name.full).catch(() => undefined);
      for (const [version, manifest] of Object.entries(remote?.versions ?? {})) {
        if (gathered.entries.has(version)) continue;
        const dist = (manifest.dist ?? {}) as { shasum?: string; integrity?: string };
        const published = Date.parse(remote?.time?.[version] ?? '') || Date.now();
        gathered.entries.set(version, {
          version,
          manifest,
          publishedAt: published,
          updatedAt: published,
          revision: dist.integrity ?? version,
          shasum: dist.shasum,
          integrity: dist.integrity,
          summary: typeof manifest.description === 'string' ? manifest.description : undefined,
        });
      }
      gathered.tags = { ...gathered.tags, ...(remote?.['dist-tags'] ?? {}) };
      gathered.createdAt ??= remote ? Date.now() : undefined;
    }
    if (gathered.createdAt === undefined)
      throw notFound(
        'package',
        name.full,
        `Package ${name.full} not found in repository ${repo.repositoryName} or its upstreams.`,
      );
    const versions = [...gathered.entries.values()].sort((a, b) =>
      semver.valid(a.version) && semver.valid(b.version)
        ? semver.compare(a.version, b.version)
        : a.version.localeCompare(b.version),
    );
    return {
      createdAt: gathered.createdAt,
      versions,
      distTags: effectiveDistTags(
        gathered.tags,
        versions.map((v) => v.version),
      ),
      stamp: gathered.stamp,
      rev: gathered.rev,
    };
  }

  /**
   * A tarball's bytes (Published or Unlisted versions). A version this repository does not have is looked for
   * in its upstreams, then its external connection; the first hit is **retained** here (see upstreams.ts).
   */
  async tarball(repo: NpmRepository, name: NpmName, file: string): Promise<{ content: Readable; asset: AssetRecord }> {
    const prefix = `${name.name}-`;
    if (!file.startsWith(prefix) || !file.endsWith('.tgz')) throw notFound('asset', file, `Tarball ${file} not found.`);
    const version = file.slice(prefix.length, -'.tgz'.length);
    const local = await this.localTarball(repo, name, version, file);
    const asset = local.asset ?? (local.mayLookUpstream ? await this.retain(repo, name, version, file) : undefined);
    const content = asset && (await this.blobs.blobs.get(asset.sha256));
    if (!asset || !content) throw notFound('asset', file, `Tarball ${file} not found.`);
    return { content, asset };
  }

  private async localTarball(
    repo: NpmRepository,
    name: NpmName,
    version: string,
    file: string,
  ): Promise<{ asset?: AssetRecord; mayLookUpstream: boolean }> {
    const found = await this.store.read((tx) => tx.lookupAsset(this.coordinates(repo, name), version, file));
    if (!found.repositoryExists) await this.store.read((tx) => this.requireRepository(tx, repo)); // throws the precise 404
    if (found.versionStatus)
      return { asset: DOWNLOADABLE.has(found.versionStatus) ? found.asset : undefined, mayLookUpstream: false };
    return { mayLookUpstream: found.packageUpstream === undefined || found.packageUpstream === 'ALLOW' };
  }

  /** Finds the version upstream (or externally) and copies it into this repository; undefined when nobody has it. */
  private async retain(
    repo: NpmRepository,
    name: NpmName,
    version: string,
    file: string,
  ): Promise<AssetRecord | undefined> {
    const now = Date.now();
    const c = this.coordinates(repo, name);
    const { hit, external } = await this.upstreams.find(c, version);
    if (hit) {
      const recorded = await this.upstreams.retain(c, hit, now);
      return recorded.assets.find((a) => a.name === file);
    }
    if (!external || !this.external) return undefined;
    const remote = await this.external.packument(name.full);
    const manifest = remote?.versions?.[version];
    const dist = (manifest?.dist ?? {}) as { tarball?: string; integrity?: string; shasum?: string };
    if (!manifest || !dist.tarball) return undefined;
    const bytes = await this.external.tarball(dist.tarball);
    this.checkIntegrity(bytes, dist);
    const put = await this.blobs.put(bytes);
    const recorded = await this.upstreams.ingest(
      c,
      external,
      { version, details: () => detailsOf(name, { ...manifest, dist: undefined }), assets: [assetFrom(file, put)] },
      now,
    );
    return recorded.assets.find((a) => a.name === file);
  }

  private checkIntegrity(tarball: Buffer, dist: { integrity?: string; shasum?: string }): void {
    const sha512 = createHash('sha512').update(tarball).digest('base64');
    if (dist.integrity?.startsWith('sha512-') && dist.integrity !== `sha512-${sha512}`) {
      throw invalid(`The tarball does not match its integrity ${dist.integrity} (computed sha512-${sha512}).`);
    }
    if (dist.shasum && dist.shasum !== createHash('sha1').update(tarball).digest('hex')) {
      throw invalid(`The tarball does not match its shasum ${dist.shasum}.`);
    }
  }

  /**
   * `npm publish`: one new version with its tarball, checked against the integrity npm computed. An existing
   * version is a 409 (delete it first, as in CodeArtifact); nothing is stored when any check fails.
   */
  async publish(repo: NpmRepository, name: NpmName, publish: NpmPublish, now: number): Promise<VersionRecord> {
    const version = String(publish.manifest.version ?? '');
    if (!semver.valid(version)) throw invalid(`Invalid version "${version}": npm versions are semver.`);
    const dist = (publish.manifest.dist ?? {}) as { integrity?: string; shasum?: string };
    if (dist.integrity && !dist.integrity.startsWith('sha512-'))
      throw invalid(`Unsupported integrity ${dist.integrity}: npm sends sha512.`);
    this.checkIntegrity(publish.tarball, dist);
    const c = this.coordinates(repo, name);
    await this.store.read((tx) => this.requireRepository(tx, repo));
    await this.upstreams.refuseIfUpstreamHas(c, version, name.full, async () =>
      Boolean((await this.external?.packument(name.full))?.versions?.[version]),
    );
    const put = await this.blobs.put(publish.tarball);
    return this.store.write(async (tx) => {
      await this.requireRepository(tx, repo);
      const { package: pkg, version: record } = await recordVersion(
        tx,
        this.blobs,
        c,
        {
          version,
          status: 'Published',
          origin: { originType: 'INTERNAL', entryRepository: repo.repositoryName },
          details: () => detailsOf(name, publish.manifest),
          assets: [assetFrom(tarballName(name, version), put)],
          newPackage: { publish: 'ALLOW', upstream: 'BLOCK' },
          ifExists: 'conflict',
          publish: true,
        },
        now,
      );
      for (const [tag, tagged] of Object.entries(publish.tags)) {
        if (typeof tagged === 'string' && (tagged === version || (await tx.getVersion(pkg.id, tagged))))
          await tx.setDistTag(pkg.id, tag, tagged);
      }
      return record;
    }, publishContention(c));
  }

  /**
   * A PUT of the whole packument without attachments: `npm deprecate` (changed `deprecated` fields) and, on the
   * `-rev/<rev>` path (`unpublish`), `npm unpublish <pkg>@<version>` (listed versions left out are deleted, as
   * DeletePackageVersions would). Only the versions the document names are touched. The `_rev` the client read
   * is compared with the package's current one inside the write transaction (QA H3): a document read before
   * another write (a publish in between) is a 409, and npm re-reads and retries — nothing it did not see is lost.
   */
  async updateMetadata(
    repo: NpmRepository,
    name: NpmName,
    edit: NpmMetadataEdit & { unpublish: boolean },
    now: number,
  ): Promise<void> {
    if (edit.unpublish && edit.rev === undefined)
      throw invalid('An unpublish names the revision it read: PUT or DELETE <package>/-rev/<_rev>.');
    const doomed = await this.store.write(
      async (tx) => {
        await this.requireRepository(tx, repo);
        const pkg = await tx.getPackage(this.coordinates(repo, name));
        if (!pkg) throw notFound('package', name.full, `Package ${name.full} not found.`);
        const current = npmRevision(pkg);
        if (edit.rev !== undefined && edit.rev !== current)
          throw conflict(
            'package',
            name.full,
            `Document update conflict: ${name.full} has changed since revision ${edit.rev} was read (it is now ${current}); read it again and retry.`,
          );
        const digests: string[] = [];
        for (const record of await this.allVersions(tx, pkg.id)) {
          const sent = edit.versions[record.version];
          if (!sent) {
            // Only versions npm could see can be unpublished this way; the others are not in the packument it sent.
            if (edit.unpublish && LISTED.has(record.status)) {
              digests.push(...(await tx.deleteAssets(record.id)));
              await tx.deleteVersion(record.id);
            }
            continue;
          }
          const manifest = { ...(record.details.manifest ?? {}) };
          const deprecated = sent.deprecated !== '' ? sent.deprecated : undefined;
          if (manifest.deprecated === deprecated) continue;
          if (deprecated === undefined) delete manifest.deprecated;
          else manifest.deprecated = deprecated;
          const details = { ...record.details, manifest };
          const assets = await tx.listAssets(record.id, undefined, 100);
          await tx.updateVersion({
            ...record,
            details,
            revision: revisionOf(record.version, assets, details),
            updatedAt: now,
          });
        }
        return this.blobs.markUnreferenced(tx, digests);
      },
      publishContention(this.coordinates(repo, name)),
    );
    await this.blobs.deleteDoomed(doomed);
  }

  /** `npm unpublish <pkg> --force` (DELETE <pkg>/-rev/<rev>): every version goes (the package record and its origin settings stay). */
  async unpublishAll(repo: NpmRepository, name: NpmName, rev: string): Promise<void> {
    await this.updateMetadata(repo, name, { rev, versions: {}, unpublish: true }, Date.now());
  }

  async distTags(repo: NpmRepository, name: NpmName): Promise<Record<string, string>> {
    return (await this.packument(repo, name)).distTags;
  }

  async setDistTag(repo: NpmRepository, name: NpmName, tag: string, version: string): Promise<void> {
    checkTagName(tag);
    if (semver.validRange(tag) && !/^[a-z]/i.test(tag))
      throw invalid(`Tag "${tag}" looks like a version range; tags must not.`);
    await this.store.write(async (tx) => {
      await this.requireRepository(tx, repo);
      const pkg = await tx.getPackage(this.coordinates(repo, name));
      const target = pkg && (await tx.getVersion(pkg.id, version));
      if (!pkg || !target) throw notFound('package-version', version, `${name.full}@${version} not found.`);
      if (!LISTED.has(target.status))
        throw new CatalogError(
          'Conflict',
          `${name.full}@${version} is ${target.status}: only a Published version can be tagged.`,
        );
      await tx.setDistTag(pkg.id, tag, version);
    });
  }

  async deleteDistTag(repo: NpmRepository, name: NpmName, tag: string): Promise<void> {
    checkTagName(tag);
    if (tag === 'latest') throw invalid('The latest tag cannot be removed.');
    await this.store.write(async (tx) => {
      const pkg = await tx.getPackage(this.coordinates(repo, name));
      if (!pkg || !(await tx.deleteDistTag(pkg.id, tag)))
        throw notFound('package', name.full, `${name.full} has no tag ${tag}.`);
    });
  }
}
