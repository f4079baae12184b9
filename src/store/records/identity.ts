// Accounts and their access keys (the root identity, SigV4 credentials).
// Plain data: no behaviour, no driver types. Times are epoch milliseconds.

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
