// The rows the domain reads and writes through the Store. Plain data: no behaviour, no driver types.
// Times are epoch milliseconds.

export interface Scope {
  accountId: string;
  region: string;
}

export interface AccountRecord {
  accountId: string;
  name: string;
  createdAt: number;
}

export interface AccessKeyRecord {
  accessKeyId: string;
  secretAccessKey: string;
  accountId: string;
  createdAt: number;
}

export interface DomainRecord extends Scope {
  name: string;
  encryptionKey: string;
  createdAt: number;
}

export interface RepositoryRecord extends Scope {
  domainName: string;
  name: string;
  description: string | undefined;
  administratorAccount: string;
  createdAt: number;
  /** Upstream repository names in search order. */
  upstreams: string[];
  /** The external connection (e.g. `public:npmjs`), at most one per repository. */
  externalConnection?: string;
}

export interface RepositoryFilter extends Scope {
  domainName?: string;
  administratorAccount?: string;
  namePrefix?: string;
}

export interface RepositoryCursor {
  domainName: string;
  name: string;
}

export interface TagRecord {
  key: string;
  value: string;
}

export interface IdempotencyRecord extends Scope {
  service: string;
  operation: string;
  clientToken: string;
  requestHash: string;
  responseJson: string;
  createdAt: number;
}

/** Where a CodeArtifact package lives: repository plus coordinates. Namespace '' means none. */
export interface PackageCoordinates extends Scope {
  domainName: string;
  repositoryName: string;
  format: string;
  namespace: string;
  name: string;
}

export interface PackageRecord extends PackageCoordinates {
  id: number;
  publish: 'ALLOW' | 'BLOCK';
  upstream: 'ALLOW' | 'BLOCK';
  createdAt: number;
  /** Moves (in the same transaction) on every change to the package's versions, assets or dist-tags: a cache validator. */
  changeSeq: number;
}

export type VersionStatus = 'Published' | 'Unfinished' | 'Unlisted' | 'Archived' | 'Disposed';

/** Descriptive metadata of a version (what DescribePackageVersion, readme and dependencies show). */
export interface VersionDetails {
  displayName?: string;
  summary?: string;
  homePage?: string;
  sourceCodeRepository?: string;
  licenses?: { name?: string; url?: string }[];
  readme?: string;
  dependencies?: { namespace?: string; package: string; dependencyType?: string; versionRequirement?: string }[];
  /** Format-specific manifest (e.g. the npm package.json of the version). */
  manifest?: Record<string, unknown>;
}

export interface VersionRecord {
  id: number;
  packageId: number;
  version: string;
  status: VersionStatus;
  revision: string;
  originType: 'INTERNAL' | 'EXTERNAL' | 'UNKNOWN';
  entryRepository?: string;
  entryExternalConnection?: string;
  publishedAt: number;
  updatedAt: number;
  details: VersionDetails;
}

export type NewVersion = Omit<VersionRecord, 'id'>;

/** What a version list shows (ListPackageVersions): no descriptive details, so a page reads only these columns. */
export type VersionSummaryRecord = Pick<
  VersionRecord,
  'id' | 'version' | 'status' | 'revision' | 'originType' | 'entryRepository' | 'entryExternalConnection'
>;

export interface AssetRecord {
  versionId: number;
  name: string;
  sha256: string;
  size: number;
  md5: string;
  sha1: string;
  sha512: string;
  createdAt: number;
}

export interface PackageFilter extends Scope {
  domainName: string;
  repositoryName: string;
  format?: string;
  namespace?: string;
  namePrefix?: string;
  publish?: string;
  upstream?: string;
}

export interface PackageCursor {
  format: string;
  namespace: string;
  name: string;
}

export interface VersionFilter {
  status?: VersionStatus;
  originType?: string;
}

/** Keyset position in a version list: after a version in natural version order, or newest first by id. */
export type VersionCursor = { order: 'version'; version: string } | { order: 'newest'; id: number };

export interface PanoramaPackageRecord extends Scope {
  packageId: string;
  name: string;
  createdAt: number;
}

/** One registered patch of a Panorama package version. Its status is derived from the times (see domain/panorama). */
export interface PanoramaVersionRecord {
  packageId: string;
  ownerAccount: string;
  packageVersion: string;
  patchVersion: string;
  isLatest: boolean;
  registeredAt: number;
  failure?: string;
  deregisteredAt?: number;
}

export interface PanoramaImportJobRecord extends Scope {
  jobId: string;
  createdAt: number;
  /** The job as DescribePackageImportJob shows it (JSON). */
  document: string;
}

export interface IotPackageRecord extends Scope {
  name: string;
  description?: string;
  defaultVersion?: string;
  createdAt: number;
  updatedAt: number;
}

export type IotVersionStatus = 'DRAFT' | 'PUBLISHED' | 'DEPRECATED';

/** What an IoT package version holds besides its keys and status (kept as one JSON document). */
export interface IotVersionDocument {
  description?: string;
  attributes?: Record<string, string>;
  artifact?: { s3Location?: { bucket?: string; key?: string; version?: string } };
  recipe?: string;
  errorReason?: string;
  sbom?: { s3Location?: { bucket?: string; key?: string; version?: string } };
  sbomValidationStatus?: 'IN_PROGRESS' | 'FAILED' | 'SUCCEEDED';
  sbomValidationResults?: {
    fileName?: string;
    validationResult: 'FAILED' | 'SUCCEEDED';
    errorCode?: string;
    errorMessage?: string;
  }[];
}

export interface IotVersionRecord extends Scope {
  packageName: string;
  name: string;
  status: IotVersionStatus;
  createdAt: number;
  updatedAt: number;
  document: IotVersionDocument;
}

/** An image build version: `arn:aws:imagebuilder:<region>:<account>:image/<arnName>/<major>.<minor>.<patch>/<build>`. */
export interface ImageKey extends Scope {
  arnName: string;
  major: number;
  minor: number;
  patch: number;
  build: number;
}

export interface ImageRecord extends ImageKey {
  name: string;
  imageType: 'AMI' | 'DOCKER';
  platform: string;
  osVersion?: string;
  description?: string;
  packageCount: number;
  createdAt: number;
}

export interface ImagePackageRecord {
  position: number;
  name: string;
  version: string;
}

export interface ImageFilter extends Scope {
  arnName?: string;
  major?: number;
  minor?: number;
  patch?: number;
  name?: string;
  platform?: string;
  osVersion?: string;
  imageType?: string;
}

export interface ImagePackageMatch {
  image: ImageRecord;
  package: ImagePackageRecord;
}
