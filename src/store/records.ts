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
