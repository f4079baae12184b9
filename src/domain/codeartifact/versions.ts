// CodeArtifact package versions: publishing generic assets, and every read (describe, list with keyset
// paging, assets, download, readme, dependencies). Batch status changes live in version-batch.ts.
import type { Readable } from 'node:stream';
import { BlobDigestMismatch, type PutResult } from '../../blobs/blobs.js';
import type {
  AssetRecord,
  PackageCoordinates,
  PackageRecord,
  VersionCursor,
  VersionFilter,
  VersionRecord,
  VersionSummaryRecord,
  VersionStatus,
} from '../../store/records.js';
import type { BlobTx, CatalogTx } from '../../store/store.js';
import type { Caller } from '../shared/caller.js';
import { CatalogError, conflict, invalid, notFound } from '../shared/errors.js';
import { BlobVanished } from './blob-lifecycle.js';
import { formatOf } from './formats/index.js';
import { assetFrom, recordVersion } from './publishing.js';
import { displayName, publishContention, type PackageRef, type Packages } from './packages.js';

/** Statuses whose assets may be downloaded through the AWS API. */
const DOWNLOADABLE: ReadonlySet<VersionStatus> = new Set(['Published', 'Unlisted', 'Unfinished']);

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
    const recorded = await recordVersion(
      tx,
      this.packages.blobs,
      c,
      {
        version,
        status: unfinished ? 'Unfinished' : 'Published',
        origin: { originType: 'INTERNAL', entryRepository: c.repositoryName },
        details: (existing) => existing ?? {},
        assets: [assetFrom(assetName, put)],
        newPackage: { publish: 'ALLOW', upstream: 'BLOCK' },
        ifExists: 'extend',
        publish: true,
      },
      now,
    );
    return { coordinates: c, package: recorded.package, version: recorded.version, asset: recorded.assets[0]! };
  }

  async describe(caller: Caller, ref: PackageRef, version: string): Promise<VersionView> {
    const c = this.packages.coordinates(caller, ref, 'DescribePackageVersion');
    return this.store.read((tx) => this.requireVersion(tx, c, version));
  }

  /**
   * One page of versions, keyset-paged: natural version order by default, newest first with PUBLISHED_TIME.
   * Also the package's default display version, by the format's rule (npm: the `latest` tag; PyPI: PEP 440).
   */
  async list(
    caller: Caller,
    ref: PackageRef,
    filter: VersionFilter,
    order: 'version' | 'newest',
    after: VersionCursor | undefined,
    limit: number,
  ): Promise<{ coordinates: PackageCoordinates; versions: VersionSummaryRecord[]; defaultDisplayVersion?: string }> {
    const c = this.listCoordinates(caller, ref, filter);
    return this.store.read(async (tx) => {
      const pkg = await this.packages.requirePackage(tx, c);
      const versions = await tx.listVersionSummaries(pkg.id, filter, order, after, limit);
      const defaultDisplayVersion = await formatOf(c.format).defaultDisplayVersion(tx, pkg);
      return { coordinates: c, versions, defaultDisplayVersion };
    });
  }

  /**
   * What one list page depends on, as a stamp: the package's id and change counter (migration 7 moves it with
   * every version, asset and dist-tag write, and every format's default display version reads only those). The
   * same checks as list, in the same order, so a cached page answers the same errors.
   */
  async listStamp(caller: Caller, ref: PackageRef, filter: VersionFilter): Promise<string> {
    return this.stampOf(this.listCoordinates(caller, ref, filter));
  }

  /** The same stamp for what one version's answers show (DescribePackageVersion, ListPackageVersionAssets). */
  async versionStamp(caller: Caller, ref: PackageRef, action: string): Promise<string> {
    return this.stampOf(this.packages.coordinates(caller, ref, action));
  }

  private async stampOf(c: PackageCoordinates): Promise<string> {
    const pkg = await this.store.read((tx) => this.packages.requirePackage(tx, c));
    return `${pkg.id}:${pkg.changeSeq}`;
  }

  private listCoordinates(caller: Caller, ref: PackageRef, filter: VersionFilter): PackageCoordinates {
    const c = this.packages.coordinates(caller, ref, 'ListPackageVersions');
    // Deleted versions no longer exist: the filter documents only the statuses a version can have (QA L8).
    if ((filter.status as string | undefined) === 'Deleted')
      throw invalid(
        "Value 'Deleted' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Published, Unfinished, Unlisted, Archived, Disposed]",
      );
    return c;
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
