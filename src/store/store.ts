// The Store contract: everything the domain may ask of metadata storage, and nothing about how.
// Backends (SQLite now, PostgreSQL later) implement it and pass one conformance suite (test/store/).
//
// Transactions: `write` runs its work in one serialisable transaction and commits all or nothing;
// a `write` or `read` called while a `write` is active in the same async context joins it, so a domain
// operation can be composed into a larger one (e.g. the clientToken idempotency wrapper) unchanged.
import type {
  AccessKeyRecord, AccountRecord, DomainRecord, IdempotencyRecord, RepositoryCursor, RepositoryFilter,
  RepositoryRecord, Scope, TagRecord,
} from './records.js';

export interface StoreTx {
  // identity
  insertAccount(account: AccountRecord): Promise<boolean>;
  getAccount(accountId: string): Promise<AccountRecord | undefined>;
  listAccounts(): Promise<AccountRecord[]>;
  upsertAccessKey(key: AccessKeyRecord): Promise<void>;
  getAccessKey(accessKeyId: string): Promise<AccessKeyRecord | undefined>;
  listAccessKeys(accountId: string): Promise<AccessKeyRecord[]>;
  deleteAccessKey(accessKeyId: string): Promise<boolean>;

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
  listRepositories(filter: RepositoryFilter, after: RepositoryCursor | undefined, limit: number): Promise<RepositoryRecord[]>;
  /** Repositories of the domain that list `name` among their upstreams. */
  listDownstreams(scope: Scope, domainName: string, name: string): Promise<string[]>;
  deleteRepository(scope: Scope, domainName: string, name: string): Promise<boolean>;

  // tags, for any service's resources, keyed by ARN
  getTags(resourceArn: string): Promise<TagRecord[]>;
  putTags(resourceArn: string, tags: TagRecord[]): Promise<void>;
  removeTags(resourceArn: string, keys: string[]): Promise<void>;
  deleteAllTags(resourceArn: string): Promise<void>;

  // clientToken idempotency
  getIdempotency(key: Omit<IdempotencyRecord, 'requestHash' | 'responseJson' | 'createdAt'>): Promise<IdempotencyRecord | undefined>;
  insertIdempotency(record: IdempotencyRecord): Promise<boolean>;
}

export interface Store {
  readonly backend: string;
  read<T>(work: (tx: StoreTx) => Promise<T>): Promise<T>;
  write<T>(work: (tx: StoreTx) => Promise<T>): Promise<T>;
  /** Problems a consistency check finds (empty when the catalog is consistent). */
  integrityProblems(): Promise<string[]>;
  close(): Promise<void>;
}
