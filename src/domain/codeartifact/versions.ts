// CodeArtifact package versions: publishing generic assets, and every read (describe, list with keyset
// paging, assets, download, readme, dependencies). Batch status changes live in version-batch.ts.
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { BlobDigestMismatch, type PutResult } from '../../blobs/blobs.js';
import type {
  AssetRecord,
  PackageCoordinates,
  PackageRecord,
  VersionCursor,
  VersionDetails,
  VersionFilter,
  VersionRecord,
  VersionSummaryRecord,
  VersionStatus,
} from '../../store/records.js';
import type { BlobTx, CatalogTx } from '../../store/store.js';
import type { Caller } from '../shared/caller.js';
import { CatalogError, accessDenied, conflict, invalid, notFound } from '../shared/errors.js';
import { BlobVanished } from './blob-lifecycle.js';
import { displayName, publishContention, type PackageRef, type Packages } from './packages.js';

/** Statuses whose assets may be downloaded through the AWS API. */
const DOWNLOADABLE: ReadonlySet<VersionStatus> = new Set(['Published', 'Unlisted', 'Unfinished']);

/**
 * A revision identifies a version's assets and metadata: it is derived from them, so it changes exactly when
 * they change, a status change keeps it, and an identical copy in another repository has the same one.
 */
export function revisionOf(
  version: string,
  assets: Pick<AssetRecord, 'name' | 'sha256'>[],
  details: VersionDetails,
): string {
  const sorted = [...assets]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((a) => [a.name, a.sha256]);
  return createHash('sha256')
    .update(JSON.stringify([version, sorted, details]))
    .digest('base64');
}

export const versionNotFound = (c: PackageCoordinates, version: string) =>
  notFound(
    'package-version',
    version,
    `Package version not found. Repository: ${c.repositoryName}, Domain: ${c.domainName}, ` +
      `Package: ${displayName(c)}, Version: ${version}`,
  );

export interface VersionView {
  coordinates: PackageCoordinates;
  package: PackageRecord;
  version: VersionRecord;
}

export interface PublishResult extends VersionView {
  asset: AssetRecord;
}

export interface AssetDownload {
  asset: AssetRecord;
  version: VersionRecord;
  content: Readable;
}

/**
 * The CodeArtifact user guide's rule for generic asset names (research/codeartifact.md §6): letters and digits
 * (Unicode Ll, Lm, Lo, Lt, Lu, Nl, Nd) and ~!@^&()-_+[]{};,. only; single spaces between words as the only
 * whitespace; not '.' or '..'. So no '/', no '\\', no control characters, no path tricks.
 */
const ASSET_WORD = '[\\p{Ll}\\p{Lm}\\p{Lo}\\p{Lt}\\p{Lu}\\p{Nl}\\p{Nd}~!@^&()\\-_+\\[\\]{};,.]+';
const ASSET_NAME = new RegExp(`^${ASSET_WORD}(?: ${ASSET_WORD})*$`, 'u');

export function checkGenericAssetName(name: string): void {
  if (name === '.' || name === '..' || !ASSET_NAME.test(name)) {
    throw invalid(
      `Value '${name.slice(0, 256)}' at 'asset' failed to satisfy constraint: an asset name is letters, digits, ` +
        "single inner spaces and ~!@^&()-_+[]{};,. only, and not '.' or '..'.",
    );
  }
}

export class PackageVersions {
  constructor(private readonly packages: Packages) {}

  private get store() {
    return this.packages.store;
  }

  async requireVersion(tx: CatalogTx & BlobTx, c: PackageCoordinates, version: string): Promise<VersionView> {
    const pkg = await this.packages.requirePackage(tx, c);
    const found = await tx.getVersion(pkg.id, version);
    if (!found) throw versionNotFound(c, version);
    return { coordinates: c, package: pkg, version: found };
  }

  /**
   * PublishPackageVersion (generic format). The bytes are streamed into the blob store and checked against
   * `assetSHA256` before any metadata is written; then one transaction creates or extends the version.
   */
  async publish(
    caller: Caller,
    ref: PackageRef,
    version: string,
    assetName: string,
    content: Readable | Buffer,
    sha256: string,
    unfinished: boolean,
    now: number,
  ): Promise<PublishResult> {
    const c = this.packages.coordinates(caller, ref, 'PublishPackageVersion');
    if (c.format !== 'generic') throw invalid('Only generic packages can be published using this API.');
    this.packages.requireNamespace(c);
    checkGenericAssetName(assetName);
    // Fail fast, before reading a possibly large body, when the repository is not there.
    await this.store.read((tx) => this.packages.requireRepository(tx, c));

    let put: PutResult;
    try {
      put = await this.packages.blobs.put(content, sha256);
    } catch (error) {
      if (error instanceof BlobDigestMismatch) {
        throw invalid(
          `The SHA256 hash of the asset content (${error.actual}) does not match assetSHA256 (${error.expected}).`,
        );
      }
      throw error;
    }
    try {
      return await this.store.write(
        (tx) => this.recordPublish(tx, c, version, assetName, put, unfinished, now),
        publishContention(c),
      );
    } catch (error) {
      if (error instanceof BlobVanished) {
        throw conflict(
          'asset',
          assetName,
          'The asset content was deleted by a concurrent operation while it was published; retry the request.',
        );
      }
      throw error;
    }
  }

  private async recordPublish(
    tx: CatalogTx & BlobTx,
    c: PackageCoordinates,
    version: string,
    assetName: string,
    put: PutResult,
    unfinished: boolean,
    now: number,
  ): Promise<PublishResult> {
    await this.packages.requireRepository(tx, c);
    const pkg = await tx.ensurePackage(c, { publish: 'ALLOW', upstream: 'BLOCK' }, now);
    if (pkg.publish === 'BLOCK') {
      throw accessDenied(
        `Publishing to package ${displayName(c)} in repository ${c.repositoryName} is blocked by its origin configuration (publish=BLOCK).`,
      );
    }
    const asset: Omit<AssetRecord, 'versionId'> = {
      name: assetName,
      sha256: put.sha256,
      size: put.size,
      md5: put.md5,
      sha1: put.sha1,
      sha512: put.sha512,
      createdAt: now,
    };
    let record = await tx.getVersion(pkg.id, version);
    if (!record) {
      record = await tx.insertVersion({
        packageId: pkg.id,
        version,
        status: unfinished ? 'Unfinished' : 'Published',
        revision: revisionOf(version, [asset], {}),
        originType: 'INTERNAL',
        entryRepository: c.repositoryName,
        publishedAt: now,
        updatedAt: now,
        details: {},
      });
      if (!record)
        throw conflict(
          'package-version',
          version,
          `Package version ${version} was created concurrently; retry the request.`,
        );
      await this.packages.blobs.retain(tx, put, now);
      await tx.insertAsset({ ...asset, versionId: record.id });
      return { coordinates: c, package: pkg, version: record, asset: { ...asset, versionId: record.id } };
    }

    const existing = await tx.getAsset(record.id, assetName);
    if (existing) {
      if (existing.sha256 !== put.sha256) {
        throw conflict(
          'asset',
          assetName,
          `Asset ${assetName} of version ${version} already exists with different content.`,
        );
      }
      // The same bytes again: idempotent, as AWS treats an identical re-publish.
      if (record.status === 'Unfinished' && !unfinished) {
        record = { ...record, status: 'Published', updatedAt: now };
        await tx.updateVersion(record);
      }
      return { coordinates: c, package: pkg, version: record, asset: existing };
    }
    if (record.status !== 'Unfinished') {
      throw conflict(
        'package-version',
        version,
        `Package version ${version} is ${record.status}: assets can be added only while a version is Unfinished.`,
      );
    }
    await this.packages.blobs.retain(tx, put, now);
    await tx.insertAsset({ ...asset, versionId: record.id });
    const assets = await tx.listAssets(record.id, undefined, 100_000);
    record = {
      ...record,
      status: unfinished ? 'Unfinished' : 'Published',
      revision: revisionOf(version, assets, record.details),
      updatedAt: now,
    };
    await tx.updateVersion(record);
    return { coordinates: c, package: pkg, version: record, asset: { ...asset, versionId: record.id } };
  }

  async describe(caller: Caller, ref: PackageRef, version: string): Promise<VersionView> {
    const c = this.packages.coordinates(caller, ref, 'DescribePackageVersion');
    return this.store.read((tx) => this.requireVersion(tx, c, version));
  }

  /**
   * One page of versions, keyset-paged: natural version order by default, newest first with PUBLISHED_TIME.
   * Also the package's default display version (npm: the `latest` tag, else the newest Published version).
   */
  async list(
    caller: Caller,
    ref: PackageRef,
    filter: VersionFilter,
    order: 'version' | 'newest',
    after: VersionCursor | undefined,
    limit: number,
  ): Promise<{ coordinates: PackageCoordinates; versions: VersionSummaryRecord[]; defaultDisplayVersion?: string }> {
    const c = this.packages.coordinates(caller, ref, 'ListPackageVersions');
    // Deleted versions no longer exist: the filter documents only the statuses a version can have (QA L8).
    if ((filter.status as string | undefined) === 'Deleted')
      throw invalid(
        "Value 'Deleted' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Published, Unfinished, Unlisted, Archived, Disposed]",
      );
    return this.store.read(async (tx) => {
      const pkg = await this.packages.requirePackage(tx, c);
      const versions = await tx.listVersionSummaries(pkg.id, filter, order, after, limit);
      const tagged = c.format === 'npm' ? await tx.getDistTag(pkg.id, 'latest') : undefined;
      const defaultDisplayVersion = tagged ?? (await tx.latestPublishedVersion(pkg.id))?.version;
      return { coordinates: c, versions, defaultDisplayVersion };
    });
  }

  async listAssets(
    caller: Caller,
    ref: PackageRef,
    version: string,
    afterName: string | undefined,
    limit: number,
  ): Promise<VersionView & { assets: AssetRecord[] }> {
    const c = this.packages.coordinates(caller, ref, 'ListPackageVersionAssets');
    return this.store.read(async (tx) => {
      const view = await this.requireVersion(tx, c, version);
      return { ...view, assets: await tx.listAssets(view.version.id, afterName, limit) };
    });
  }

  /** GetPackageVersionAsset: Published, Unlisted and Unfinished versions' assets; never Archived or Disposed. */
  async download(
    caller: Caller,
    ref: PackageRef,
    version: string,
    assetName: string,
    revision?: string,
  ): Promise<AssetDownload> {
    const c = this.packages.coordinates(caller, ref, 'GetPackageVersionAsset');
    const { view, asset } = await this.store.read(async (tx) => {
      const found = await this.requireVersion(tx, c, version);
      if (revision !== undefined && revision !== found.version.revision) {
        throw notFound(
          'package-version',
          version,
          `Package version ${version} has no revision ${revision}; its current revision is ${found.version.revision}.`,
        );
      }
      if (!DOWNLOADABLE.has(found.version.status)) {
        throw conflict(
          'package-version',
          version,
          `Package version ${version} is ${found.version.status}: its assets cannot be downloaded.`,
        );
      }
      const stored = await tx.getAsset(found.version.id, assetName);
      if (!stored) throw notFound('asset', assetName, `Asset ${assetName} not found in package version ${version}.`);
      return { view: found, asset: stored };
    });
    const content = await this.packages.blobs.blobs.get(asset.sha256);
    if (!content)
      throw new CatalogError(
        'NotFound',
        `The content of asset ${assetName} is missing from the blob store.`,
        'asset',
        assetName,
      );
    return { asset, version: view.version, content };
  }

  async readme(caller: Caller, ref: PackageRef, version: string): Promise<VersionView> {
    return this.store.read((tx) =>
      this.requireVersion(tx, this.packages.coordinates(caller, ref, 'GetPackageVersionReadme'), version),
    );
  }

  async dependencies(caller: Caller, ref: PackageRef, version: string): Promise<VersionView> {
    return this.store.read((tx) =>
      this.requireVersion(tx, this.packages.coordinates(caller, ref, 'ListPackageVersionDependencies'), version),
    );
  }
}
