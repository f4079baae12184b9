// The npm view of a CodeArtifact repository: packuments, tarballs, publish, deprecate, unpublish, dist-tags.
// Statuses decide what npm sees (SPEC §3): only Published versions are listed; Published and Unlisted
// tarballs download (a lockfile pinned to an Unlisted version still installs); Archived, Disposed and
// Unfinished are neither listed nor downloadable. dist-tags never point at a version the packument omits.
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import semver from 'semver';
import type { AssetRecord, PackageCoordinates, PackageRecord, Scope, VersionDetails, VersionRecord } from '../../store/records.js';
import type { Store, StoreTx } from '../../store/store.js';
import { DomainError, accessDenied, conflict, invalid, notFound } from '../shared/errors.js';
import type { BlobLifecycle } from './blob-lifecycle.js';
import { repositoryNotFound } from './repositories.js';
import { revisionOf } from './versions.js';

export const NPM_NAME_MAX = 214;

/** A parsed npm package name: `@scope/name` → namespace `scope` (without `@`), as CodeArtifact stores it. */
export interface NpmName {
  namespace: string;
  name: string;
  full: string;
}

export function parseNpmName(full: string): NpmName {
  if (full.length === 0 || full.length > NPM_NAME_MAX) throw invalid(`Invalid package name: it must be 1 to ${NPM_NAME_MAX} characters.`);
  const scoped = /^@([^/@]+)\/([^/@]+)$/.exec(full);
  const name = scoped ? scoped[2]! : full;
  const namespace = scoped ? scoped[1]! : '';
  for (const part of [namespace, name].filter(Boolean)) {
    if (part.startsWith('.') || part.startsWith('_') || encodeURIComponent(part) !== part) {
      throw invalid(`Invalid package name "${full}": names are URL-safe, may not start with "." or "_", and only a scope may contain "/".`);
    }
  }
  if (!scoped && full.includes('/')) throw invalid(`Invalid package name "${full}": "/" is only allowed after an @scope.`);
  return { namespace, name, full };
}

/** The repository an npm endpoint URL names, as seen by the holder of an authorization token. */
export interface NpmRepository extends Scope {
  domainName: string;
  repositoryName: string;
}

export interface NpmVersionView {
  record: VersionRecord;
  asset: AssetRecord | undefined;
}

export interface NpmPackageView {
  pkg: PackageRecord;
  versions: NpmVersionView[];
  distTags: Record<string, string>;
}

export interface NpmPublish {
  manifest: Record<string, unknown>;
  tarball: Buffer;
  tags: Record<string, string>;
}

const LISTED = new Set(['Published']);
const DOWNLOADABLE = new Set(['Published', 'Unlisted']);

export const tarballName = (name: NpmName, version: string) => `${name.name}-${version}.tgz`;

/** What DescribePackageVersion, readme and dependencies show for an npm version, from its package.json. */
function detailsOf(name: NpmName, manifest: Record<string, unknown>): VersionDetails {
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  const repository = manifest.repository as { url?: unknown } | string | undefined;
  const dependencies: NonNullable<VersionDetails['dependencies']> = [];
  for (const [field, type] of [['dependencies', 'regular'], ['devDependencies', 'dev'], ['optionalDependencies', 'optional'], ['peerDependencies', 'peer']] as const) {
    for (const [dependency, range] of Object.entries((manifest[field] as Record<string, string> | undefined) ?? {})) {
      const scoped = /^@([^/]+)\/(.+)$/.exec(dependency);
      dependencies.push({ namespace: scoped?.[1], package: scoped ? scoped[2]! : dependency, dependencyType: type, versionRequirement: String(range) });
    }
  }
  const { readme, ...rest } = manifest;
  return {
    displayName: name.full, summary: text(manifest.description), homePage: text(manifest.homepage),
    sourceCodeRepository: typeof repository === 'string' ? repository : text(repository?.url),
    licenses: text(manifest.license) ? [{ name: String(manifest.license) }] : [], readme: text(readme), dependencies,
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

export class NpmService {
  constructor(private readonly store: Store, private readonly blobs: BlobLifecycle) {}

  private coordinates(repo: NpmRepository, name: NpmName): PackageCoordinates {
    return { ...repo, format: 'npm', namespace: name.namespace, name: name.name };
  }

  private async requireRepository(tx: StoreTx, repo: NpmRepository): Promise<void> {
    if (!(await tx.getRepository(repo, repo.domainName, repo.repositoryName))) throw repositoryNotFound(repo, repo.domainName, repo.repositoryName);
  }

  private async allVersions(tx: StoreTx, packageId: number): Promise<VersionRecord[]> {
    const out: VersionRecord[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await tx.listVersions(packageId, {}, 'version', after === undefined ? undefined : { order: 'version', version: after }, 1000);
      out.push(...page);
      if (page.length < 1000) return out;
      after = page[page.length - 1]!.version;
    }
  }

  /** Everything a packument is made of, listed versions only. 404 when nothing is listed. */
  async packument(repo: NpmRepository, name: NpmName): Promise<NpmPackageView> {
    return this.store.read(async (tx) => {
      await this.requireRepository(tx, repo);
      const pkg = await tx.getPackage(this.coordinates(repo, name));
      if (!pkg) throw notFound('package', name.full, `Package ${name.full} not found in repository ${repo.repositoryName}.`);
      const listed = (await this.allVersions(tx, pkg.id)).filter((version) => LISTED.has(version.status));
      const versions = await Promise.all(listed.map(async (record) => ({
        record, asset: (await tx.listAssets(record.id, undefined, 1))[0],
      })));
      return { pkg, versions, distTags: effectiveDistTags(await tx.listDistTags(pkg.id), listed.map((v) => v.version)) };
    });
  }

  /** A tarball's bytes: Published or Unlisted versions only. */
  async tarball(repo: NpmRepository, name: NpmName, file: string): Promise<{ content: Readable; asset: AssetRecord }> {
    const found = await this.store.read(async (tx) => {
      await this.requireRepository(tx, repo);
      const pkg = await tx.getPackage(this.coordinates(repo, name));
      const prefix = `${name.name}-`;
      if (!pkg || !file.startsWith(prefix) || !file.endsWith('.tgz')) return undefined;
      const version = await tx.getVersion(pkg.id, file.slice(prefix.length, -'.tgz'.length));
      if (!version || !DOWNLOADABLE.has(version.status)) return undefined;
      return tx.getAsset(version.id, file);
    });
    const content = found && await this.blobs.blobs.get(found.sha256);
    if (!found || !content) throw notFound('asset', file, `Tarball ${file} not found.`);
    return { content, asset: found };
  }

  /**
   * `npm publish`: one new version with its tarball, checked against the integrity npm computed. An existing
   * version is a 409 (delete it first, as in CodeArtifact); nothing is stored when any check fails.
   */
  async publish(repo: NpmRepository, name: NpmName, publish: NpmPublish, now: number): Promise<VersionRecord> {
    const version = String(publish.manifest.version ?? '');
    if (!semver.valid(version)) throw invalid(`Invalid version "${version}": npm versions are semver.`);
    const dist = (publish.manifest.dist ?? {}) as { integrity?: string; shasum?: string };
    const sha512 = createHash('sha512').update(publish.tarball).digest('base64');
    if (dist.integrity && dist.integrity !== `sha512-${sha512}`) {
      throw invalid(`The tarball does not match its integrity ${dist.integrity} (computed sha512-${sha512}).`);
    }
    if (dist.shasum && dist.shasum !== createHash('sha1').update(publish.tarball).digest('hex')) {
      throw invalid(`The tarball does not match its shasum ${dist.shasum}.`);
    }
    const file = tarballName(name, version);
    const put = await this.blobs.put(publish.tarball);
    return this.store.write(async (tx) => {
      await this.requireRepository(tx, repo);
      const pkg = await tx.ensurePackage(this.coordinates(repo, name), { publish: 'ALLOW', upstream: 'BLOCK' }, now);
      if (pkg.publish === 'BLOCK') throw accessDenied(`Publishing ${name.full} to ${repo.repositoryName} is blocked by its origin configuration (publish=BLOCK).`);
      const details = detailsOf(name, publish.manifest);
      const asset = { name: file, sha256: put.sha256, size: put.size, md5: put.md5, sha1: put.sha1, sha512: put.sha512, createdAt: now };
      const record = await tx.insertVersion({
        packageId: pkg.id, version, status: 'Published', revision: revisionOf(version, [asset], details), originType: 'INTERNAL',
        entryRepository: repo.repositoryName, publishedAt: now, updatedAt: now, details,
      });
      if (!record) throw conflict('package-version', version, `Cannot publish over the existing version ${name.full}@${version}; delete it first.`);
      await this.blobs.retain(tx, put, now);
      await tx.insertAsset({ ...asset, versionId: record.id });
      for (const [tag, tagged] of Object.entries(publish.tags)) {
        if (typeof tagged === 'string' && (tagged === version || await tx.getVersion(pkg.id, tagged))) await tx.setDistTag(pkg.id, tag, tagged);
      }
      return record;
    });
  }

  /**
   * A PUT of the whole packument without attachments: `npm deprecate` (changed `deprecated` fields) and
   * `npm unpublish <pkg>@<version>` (versions left out are deleted, as DeletePackageVersions would).
   */
  async updateMetadata(repo: NpmRepository, name: NpmName, versions: Record<string, Record<string, unknown>>, now: number): Promise<void> {
    const doomed = await this.store.write(async (tx) => {
      await this.requireRepository(tx, repo);
      const pkg = await tx.getPackage(this.coordinates(repo, name));
      if (!pkg) throw notFound('package', name.full, `Package ${name.full} not found.`);
      const digests: string[] = [];
      for (const record of await this.allVersions(tx, pkg.id)) {
        const sent = versions[record.version];
        if (!sent) {
          // Only versions npm could see can be unpublished this way; the others are not in the packument it sent.
          if (LISTED.has(record.status)) {
            digests.push(...await tx.deleteAssets(record.id));
            await tx.deleteVersion(record.id);
          }
          continue;
        }
        const manifest = { ...(record.details.manifest ?? {}) };
        const deprecated = typeof sent.deprecated === 'string' && sent.deprecated !== '' ? sent.deprecated : undefined;
        if (manifest.deprecated === deprecated) continue;
        if (deprecated === undefined) delete manifest.deprecated;
        else manifest.deprecated = deprecated;
        const details = { ...record.details, manifest };
        const assets = await tx.listAssets(record.id, undefined, 100);
        await tx.updateVersion({ ...record, details, revision: revisionOf(record.version, assets, details), updatedAt: now });
      }
      return this.blobs.markUnreferenced(tx, digests);
    });
    await this.blobs.deleteDoomed(doomed);
  }

  /** `npm unpublish <pkg> --force`: every version goes (the package record and its origin settings stay). */
  async unpublishAll(repo: NpmRepository, name: NpmName): Promise<void> {
    await this.updateMetadata(repo, name, {}, Date.now());
  }

  async distTags(repo: NpmRepository, name: NpmName): Promise<Record<string, string>> {
    return (await this.packument(repo, name)).distTags;
  }

  async setDistTag(repo: NpmRepository, name: NpmName, tag: string, version: string): Promise<void> {
    if (semver.validRange(tag) && !/^[a-z]/i.test(tag)) throw invalid(`Tag "${tag}" looks like a version range; tags must not.`);
    await this.store.write(async (tx) => {
      await this.requireRepository(tx, repo);
      const pkg = await tx.getPackage(this.coordinates(repo, name));
      const target = pkg && await tx.getVersion(pkg.id, version);
      if (!pkg || !target) throw notFound('package-version', version, `${name.full}@${version} not found.`);
      if (!LISTED.has(target.status)) throw new DomainError('Conflict', `${name.full}@${version} is ${target.status}: only a Published version can be tagged.`);
      await tx.setDistTag(pkg.id, tag, version);
    });
  }

  async deleteDistTag(repo: NpmRepository, name: NpmName, tag: string): Promise<void> {
    if (tag === 'latest') throw invalid('The latest tag cannot be removed.');
    await this.store.write(async (tx) => {
      const pkg = await tx.getPackage(this.coordinates(repo, name));
      if (!pkg || !(await tx.deleteDistTag(pkg.id, tag))) throw notFound('package', name.full, `${name.full} has no tag ${tag}.`);
    });
  }
}
