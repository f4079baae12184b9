// The Store contract: everything the domain may ask of metadata storage, and nothing about how.
// Backends (SQLite now, PostgreSQL later) implement it and pass one conformance suite (test/store/).
//
// Transactions: `write` runs its work in one serialisable transaction and commits all or nothing;
// a `write` or `read` called while a `write` is active in the same async context joins it, so a domain
// operation can be composed into a larger one (e.g. the clientToken idempotency wrapper) unchanged.
import type {
  AccessKeyRecord,
  AccountRecord,
  AssetRecord,
  DomainRecord,
  IdempotencyRecord,
  NewVersion,
  PackageCoordinates,
  PackageCursor,
  PackageFilter,
  PackageRecord,
  RepositoryCursor,
  RepositoryFilter,
  RepositoryRecord,
  Scope,
  TagRecord,
  VersionCursor,
  VersionFilter,
  VersionRecord,
  VersionStatus,
  VersionSummaryRecord,
  PanoramaImportJobRecord,
  PanoramaPackageRecord,
  PanoramaVersionRecord,
  IotPackageRecord,
  IotVersionRecord,
  IotVersionStatus,
  ImageFilter,
  ImageKey,
  ImagePackageMatch,
  ImagePackageRecord,
  ImageRecord,
} from './records.js';

export interface AssetLookup {
  repositoryExists: boolean;
  packageUpstream?: 'ALLOW' | 'BLOCK';
  versionStatus?: VersionStatus;
  asset?: AssetRecord;
}

export interface StoreTx {
  // identity
  insertAccount(account: AccountRecord): Promise<boolean>;
  getAccount(accountId: string): Promise<AccountRecord | undefined>;
  listAccounts(): Promise<AccountRecord[]>;
  upsertAccessKey(key: AccessKeyRecord): Promise<void>;
  getAccessKey(accessKeyId: string): Promise<AccessKeyRecord | undefined>;
  listAccessKeys(accountId: string): Promise<AccessKeyRecord[]>;

  /** Settings shared by every instance (secrets, the root identity). */
  getSetting(name: string): Promise<string | undefined>;
  /** Stores `value` unless a value exists; returns whichever value is stored afterwards. */
  setSettingIfAbsent(name: string, value: string): Promise<string>;
  setSetting(name: string, value: string): Promise<void>;

  // CodeArtifact domains and repositories
  /** False when a domain of that name already exists in the scope. */
  insertDomain(domain: DomainRecord): Promise<boolean>;
  getDomain(scope: Scope, name: string): Promise<DomainRecord | undefined>;
  listDomains(scope: Scope, afterName: string | undefined, limit: number): Promise<DomainRecord[]>;
  deleteDomain(scope: Scope, name: string): Promise<boolean>;
  countRepositories(scope: Scope, domainName: string): Promise<number>;

  /** False when a repository of that name already exists in the domain. */
  insertRepository(repository: RepositoryRecord): Promise<boolean>;
  getRepository(scope: Scope, domainName: string, name: string): Promise<RepositoryRecord | undefined>;
  updateRepository(repository: RepositoryRecord): Promise<void>;
  listRepositories(
    filter: RepositoryFilter,
    after: RepositoryCursor | undefined,
    limit: number,
  ): Promise<RepositoryRecord[]>;
  /** Repositories of the domain that list `name` among their upstreams. */
  listDownstreams(scope: Scope, domainName: string, name: string): Promise<string[]>;
  deleteRepository(scope: Scope, domainName: string, name: string): Promise<boolean>;

  // CodeArtifact packages
  getPackage(coordinates: PackageCoordinates): Promise<PackageRecord | undefined>;
  /** The package, created with the given origin restrictions when it does not exist yet. */
  ensurePackage(
    coordinates: PackageCoordinates,
    origin: { publish: 'ALLOW' | 'BLOCK'; upstream: 'ALLOW' | 'BLOCK' },
    now: number,
  ): Promise<PackageRecord>;
  setPackageOrigin(
    packageId: number,
    origin: { publish: 'ALLOW' | 'BLOCK'; upstream: 'ALLOW' | 'BLOCK' },
  ): Promise<void>;
  listPackages(filter: PackageFilter, after: PackageCursor | undefined, limit: number): Promise<PackageRecord[]>;
  deletePackage(packageId: number): Promise<void>;
  countPackagesInRepository(scope: Scope, domainName: string, repositoryName: string): Promise<number>;

  // CodeArtifact package versions
  getVersion(packageId: number, version: string): Promise<VersionRecord | undefined>;
  /** Several versions in one round trip (batch operations name up to 100). */
  getVersions(packageId: number, versions: string[]): Promise<VersionRecord[]>;
  /** False when the version already exists in the package. */
  insertVersion(version: NewVersion): Promise<VersionRecord | undefined>;
  updateVersion(version: VersionRecord): Promise<void>;
  /** Status changes keep the revision (AWS keeps it too); callers check conditions inside the same write. */
  setVersionStatus(versionIds: number[], status: VersionStatus, now: number): Promise<void>;
  deleteVersion(versionId: number): Promise<void>;
  /** A repository and, when it has one, its package at these coordinates: one statement (the npm hot path). */
  getRepositoryWithPackage(
    coordinates: PackageCoordinates,
  ): Promise<{ repository?: RepositoryRecord; pkg?: PackageRecord }>;
  /**
   * One read for a download: does the repository exist, the package's upstream setting, the version's status and
   * the named asset — each undefined from the first missing link on. (A single statement: no transaction needed.)
   */
  lookupAsset(coordinates: PackageCoordinates, version: string, assetName: string): Promise<AssetLookup>;
  listVersions(
    packageId: number,
    filter: VersionFilter,
    order: 'version' | 'newest',
    after: VersionCursor | undefined,
    limit: number,
  ): Promise<VersionRecord[]>;
  /** listVersions without the descriptive columns: the same rows, in the same order, for pages of summaries. */
  listVersionSummaries(
    packageId: number,
    filter: VersionFilter,
    order: 'version' | 'newest',
    after: VersionCursor | undefined,
    limit: number,
  ): Promise<VersionSummaryRecord[]>;
  /** The most recently created version with status Published. */
  latestPublishedVersion(packageId: number): Promise<VersionRecord | undefined>;
  getDistTag(packageId: number, tag: string): Promise<string | undefined>;
  listDistTags(packageId: number): Promise<Record<string, string>>;
  setDistTag(packageId: number, tag: string, version: string): Promise<void>;
  deleteDistTag(packageId: number, tag: string): Promise<boolean>;

  // assets and the blobs they reference
  insertAsset(asset: AssetRecord): Promise<boolean>;
  getAsset(versionId: number, name: string): Promise<AssetRecord | undefined>;
  listAssets(versionId: number, afterName: string | undefined, limit: number): Promise<AssetRecord[]>;
  /** The first asset (by name) of each of these versions, in one round trip per 500 versions. */
  firstAssets(versionIds: number[]): Promise<Map<number, AssetRecord>>;
  /** Removes a version's assets; returns their blob digests. */
  deleteAssets(versionId: number): Promise<string[]>;
  /** Digests of every asset of a package, or of every package in a repository. */
  assetDigestsOfPackage(packageId: number): Promise<string[]>;
  assetDigestsOfRepository(scope: Scope, domainName: string, repositoryName: string): Promise<string[]>;
  /**
   * Blob lifecycle (see domain/codeartifact/blob-lifecycle.ts): a blob row is `live` while assets may use it
   * and `deleting` once none does. Retaining marks it live again (and in PostgreSQL locks the row, so it
   * serialises with a deleter); the bytes go only under `claimBlobForDeletion` in a later transaction.
   */
  retainBlob(sha256: string, size: number, now: number): Promise<void>;
  /** Marks the blob `deleting` when no asset references it; true when it did. */
  markBlobDeletingIfUnreferenced(sha256: string): Promise<boolean>;
  /** True when the blob is still `deleting` and unreferenced: the caller may delete its bytes, then forget it. */
  claimBlobForDeletion(sha256: string): Promise<boolean>;
  forgetBlob(sha256: string): Promise<void>;
  blobsPendingDeletion(limit: number): Promise<string[]>;
  /** Every digest assets reference, for integrity checks. */
  referencedBlobDigests(): Promise<string[]>;

  // Panorama packages
  insertPanoramaPackage(record: PanoramaPackageRecord): Promise<boolean>;
  getPanoramaPackage(scope: Scope, packageId: string): Promise<PanoramaPackageRecord | undefined>;
  getPanoramaPackageByName(scope: Scope, name: string): Promise<PanoramaPackageRecord | undefined>;
  listPanoramaPackages(scope: Scope, afterName: string | undefined, limit: number): Promise<PanoramaPackageRecord[]>;
  deletePanoramaPackage(packageId: string): Promise<void>;
  listPanoramaVersions(packageId: string): Promise<PanoramaVersionRecord[]>;
  putPanoramaVersion(record: PanoramaVersionRecord): Promise<void>;
  deletePanoramaVersion(
    record: Pick<PanoramaVersionRecord, 'packageId' | 'ownerAccount' | 'packageVersion' | 'patchVersion'>,
  ): Promise<void>;
  insertPanoramaImportJob(record: PanoramaImportJobRecord): Promise<void>;
  updatePanoramaImportJob(jobId: string, document: string): Promise<void>;
  getPanoramaImportJob(scope: Scope, jobId: string): Promise<PanoramaImportJobRecord | undefined>;
  listPanoramaImportJobs(
    scope: Scope,
    after: { createdAt: number; jobId: string } | undefined,
    limit: number,
  ): Promise<PanoramaImportJobRecord[]>;

  // IoT Software Package Catalog
  insertIotPackage(record: IotPackageRecord): Promise<boolean>;
  getIotPackage(scope: Scope, name: string): Promise<IotPackageRecord | undefined>;
  updateIotPackage(record: IotPackageRecord): Promise<void>;
  deleteIotPackage(scope: Scope, name: string): Promise<boolean>;
  listIotPackages(scope: Scope, afterName: string | undefined, limit: number): Promise<IotPackageRecord[]>;
  countIotVersions(scope: Scope, packageName: string): Promise<number>;
  insertIotVersion(record: IotVersionRecord): Promise<boolean>;
  getIotVersion(scope: Scope, packageName: string, name: string): Promise<IotVersionRecord | undefined>;
  updateIotVersion(record: IotVersionRecord): Promise<void>;
  deleteIotVersion(scope: Scope, packageName: string, name: string): Promise<boolean>;
  /** Natural version order (1.9 before 1.10), keyset-paged after `afterName`. */
  listIotVersions(
    scope: Scope,
    packageName: string,
    status: IotVersionStatus | undefined,
    afterName: string | undefined,
    limit: number,
  ): Promise<IotVersionRecord[]>;

  // Image Builder image build versions and inventories
  /** The highest build number of an image version (0 when there is none). */
  lastImageBuild(key: Omit<ImageKey, 'build'>): Promise<number>;
  insertImage(image: ImageRecord, packages: ImagePackageRecord[]): Promise<boolean>;
  getImage(key: ImageKey): Promise<ImageRecord | undefined>;
  deleteImage(key: ImageKey): Promise<boolean>;
  /** Build versions matching the filter, ordered by (name, major, minor, patch, build), keyset after `after`. */
  listImages(filter: ImageFilter, after: ImageKey | undefined, limit: number): Promise<ImageRecord[]>;
  listImagePackages(key: ImageKey, afterPosition: number, limit: number): Promise<ImagePackageRecord[]>;
  findImagesByPackage(
    scope: Scope,
    name: string,
    version: string | undefined,
    after: { key: ImageKey; position: number } | undefined,
    limit: number,
  ): Promise<ImagePackageMatch[]>;

  // tags, for any service's resources, keyed by ARN
  getTags(resourceArn: string): Promise<TagRecord[]>;
  putTags(resourceArn: string, tags: TagRecord[]): Promise<void>;
  removeTags(resourceArn: string, keys: string[]): Promise<void>;
  deleteAllTags(resourceArn: string): Promise<void>;

  // clientToken idempotency
  getIdempotency(
    key: Omit<IdempotencyRecord, 'requestHash' | 'responseJson' | 'createdAt'>,
  ): Promise<IdempotencyRecord | undefined>;
  insertIdempotency(record: IdempotencyRecord): Promise<boolean>;
}

export interface WriteOptions {
  /**
   * Writes naming the same key are known to touch the same rows (a package's versions and its change counter):
   * a backend whose writers run concurrently runs them one after another instead of letting them conflict and
   * retry. (SQLite has one writer anyway; PostgreSQL takes an advisory lock before the transaction begins.)
   */
  contention?: string;
}

export interface Store {
  readonly backend: string;
  read<T>(work: (tx: StoreTx) => Promise<T>): Promise<T>;
  write<T>(work: (tx: StoreTx) => Promise<T>, options?: WriteOptions): Promise<T>;
  /** Problems a consistency check finds (empty when the catalog is consistent). */
  integrityProblems(): Promise<string[]>;
  close(): Promise<void>;
}
