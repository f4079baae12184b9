// Who may do what: IAM-style users of an account, the identity policies attached to them, the resource
// policies attached to domains and repositories, and the audit trail. Plain data; times are epoch ms.

export interface UserRecord {
  accountId: string;
  userName: string;
  /** AWS's unique id form (AIDA…), stable for the user's life. */
  userId: string;
  createdAt: number;
}

export interface UserPolicyRecord {
  accountId: string;
  userName: string;
  policyName: string;
  document: string;
  updatedAt: number;
}

/** The principal an access key acts as: its account's root (userName undefined) or one of its users. */
export interface KeyPrincipalRecord {
  accessKeyId: string;
  accountId: string;
  userName?: string;
  /** The user's unique id (AIDA…), what `aws:userid` is for a user. */
  userId?: string;
}

export interface ResourcePolicyRecord {
  resourceArn: string;
  accountId: string;
  document: string;
  revision: string;
  updatedAt: number;
}

export type AuditOutcome = 'allowed' | 'denied' | 'failed';

export interface AuditRecord {
  id?: number;
  at: number;
  principalArn: string;
  action: string;
  resourceArn: string;
  requestId: string;
  sourceAddress: string;
  outcome: AuditOutcome;
  /** The error name for a denied or failed request. */
  detail?: string;
}

export interface AuditFilter {
  principalArn?: string;
  action?: string;
  resourceArn?: string;
  outcome?: AuditOutcome;
  from?: number;
  to?: number;
  /** Rows after this id (ascending), for paging through a long trail. */
  afterId?: number;
  limit: number;
}
