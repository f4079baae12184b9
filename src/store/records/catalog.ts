// The CodeArtifact catalog: domains, repositories, packages, versions and their assets.
// Plain data: no behaviour, no driver types. Times are epoch milliseconds.
import type { Scope } from './scope.js';

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
  | 'id'
  | 'version'
  | 'status'
  | 'revision'
  | 'originType'
  | 'entryRepository'
  | 'entryExternalConnection'
  | 'publishedAt'
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

/** A package found by name across the repositories of a scope, with its position in that search's order. */
export interface PackageSearchHit {
  pkg: PackageRecord;
  /** The name as the search compares it (lower case, ASCII folding as the database does it): the keyset's first half. */
  searchKey: string;
}

export interface PackageSearchCursor {
  searchKey: string;
  id: number;
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
