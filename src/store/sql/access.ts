// Access control in SQL: users, their keys and identity policies, resource policies, the audit trail, and
// the change counter every instance reads to know that its compiled policies are still current.
import type {
  AuditFilter,
  AuditRecord,
  KeyPrincipalRecord,
  ResourcePolicyRecord,
  UserPolicyRecord,
  UserRecord,
} from '../records/access.js';
import { SqlArea, type SqlValue } from './runner.js';

export interface AccessTx {
  /** Moves on every change to users, user keys, identity or resource policies (in the changing transaction). */
  accessChangeSeq(): Promise<number>;
  insertUser(user: UserRecord): Promise<boolean>;
  getUser(accountId: string, userName: string): Promise<UserRecord | undefined>;
  listUsers(accountId: string): Promise<UserRecord[]>;
  /** Deletes the user with its access keys and attached policies. */
  deleteUser(accountId: string, userName: string): Promise<boolean>;
  /** Makes an existing access key (see upsertAccessKey) act as the user instead of the account root. */
  bindKeyToUser(accessKeyId: string, accountId: string, userName: string): Promise<void>;
  listUserKeyIds(accountId: string, userName: string): Promise<string[]>;
  getKeyPrincipal(accessKeyId: string): Promise<KeyPrincipalRecord | undefined>;
  putUserPolicy(policy: UserPolicyRecord): Promise<void>;
  deleteUserPolicy(accountId: string, userName: string, policyName: string): Promise<boolean>;
  listUserPolicies(accountId: string, userName: string): Promise<UserPolicyRecord[]>;
  getResourcePolicy(resourceArn: string): Promise<ResourcePolicyRecord | undefined>;
  putResourcePolicy(policy: ResourcePolicyRecord): Promise<void>;
  deleteResourcePolicy(resourceArn: string): Promise<boolean>;
  insertAudit(entry: AuditRecord): Promise<void>;
  listAudit(filter: AuditFilter): Promise<AuditRecord[]>;
}

interface UserRow {
  account_id: string;
  user_name: string;
  user_id: string;
  created_at: number | string;
}
interface UserPolicyRow {
  account_id: string;
  user_name: string;
  policy_name: string;
  document: string;
  updated_at: number | string;
}
interface ResourcePolicyRow {
  resource_arn: string;
  account_id: string;
  document: string;
  revision: string;
  updated_at: number | string;
}
interface AuditRow {
  id: number | string;
  at: number | string;
  principal_arn: string;
  action: string;
  resource_arn: string;
  request_id: string;
  source_address: string;
  outcome: AuditRecord['outcome'];
  detail: string | null;
}

const toUser = (row: UserRow): UserRecord => ({
  accountId: row.account_id,
  userName: row.user_name,
  userId: row.user_id,
  createdAt: Number(row.created_at),
});
const toUserPolicy = (row: UserPolicyRow): UserPolicyRecord => ({
  accountId: row.account_id,
  userName: row.user_name,
  policyName: row.policy_name,
  document: row.document,
  updatedAt: Number(row.updated_at),
});
const toResourcePolicy = (row: ResourcePolicyRow): ResourcePolicyRecord => ({
  resourceArn: row.resource_arn,
  accountId: row.account_id,
  document: row.document,
  revision: row.revision,
  updatedAt: Number(row.updated_at),
});
const toAudit = (row: AuditRow): AuditRecord => ({
  id: Number(row.id),
  at: Number(row.at),
  principalArn: row.principal_arn,
  action: row.action,
  resourceArn: row.resource_arn,
  requestId: row.request_id,
  sourceAddress: row.source_address,
  outcome: row.outcome,
  ...(row.detail === null ? {} : { detail: row.detail }),
});

/** `value` exactly, or every value starting with it when it ends in `*` (portable: no LIKE escaping rules). */
function textFilter(column: string, value: string, where: string[], params: SqlValue[]): void {
  if (value.endsWith('*')) {
    const prefix = value.slice(0, -1);
    where.push(`substr(${column}, 1, ?) = ?`);
    params.push(prefix.length, prefix);
  } else {
    where.push(`${column} = ?`);
    params.push(value);
  }
}

export class SqlAccess extends SqlArea implements AccessTx {
  protected async bumpAccessSeq(): Promise<void> {
    await this.sql.run('UPDATE access_changes SET seq = seq + 1 WHERE id = 1');
  }

  async accessChangeSeq(): Promise<number> {
    const row = await this.sql.get<{ seq: number | string }>('SELECT seq FROM access_changes WHERE id = 1');
    return Number(row?.seq ?? 0);
  }

  async insertUser(user: UserRecord): Promise<boolean> {
    const { changes } = await this.sql.run(
      'INSERT INTO iam_users (account_id, user_name, user_id, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
      [user.accountId, user.userName, user.userId, user.createdAt],
    );
    if (changes === 1) await this.bumpAccessSeq();
    return changes === 1;
  }

  async getUser(accountId: string, userName: string): Promise<UserRecord | undefined> {
    const row = await this.sql.get<UserRow>(
      'SELECT account_id, user_name, user_id, created_at FROM iam_users WHERE account_id = ? AND user_name = ?',
      [accountId, userName],
    );
    return row && toUser(row);
  }

  async listUsers(accountId: string): Promise<UserRecord[]> {
    const rows = await this.sql.all<UserRow>(
      'SELECT account_id, user_name, user_id, created_at FROM iam_users WHERE account_id = ? ORDER BY user_name',
      [accountId],
    );
    return rows.map(toUser);
  }

  async deleteUser(accountId: string, userName: string): Promise<boolean> {
    const keys = await this.listUserKeyIds(accountId, userName);
    await this.sql.run('DELETE FROM iam_user_keys WHERE account_id = ? AND user_name = ?', [accountId, userName]);
    for (const key of keys) await this.sql.run('DELETE FROM access_keys WHERE access_key_id = ?', [key]);
    await this.sql.run('DELETE FROM iam_user_policies WHERE account_id = ? AND user_name = ?', [accountId, userName]);
    const { changes } = await this.sql.run('DELETE FROM iam_users WHERE account_id = ? AND user_name = ?', [
      accountId,
      userName,
    ]);
    await this.bumpAccessSeq();
    return changes === 1;
  }

  async bindKeyToUser(accessKeyId: string, accountId: string, userName: string): Promise<void> {
    await this.sql.run('INSERT INTO iam_user_keys (access_key_id, account_id, user_name) VALUES (?, ?, ?)', [
      accessKeyId,
      accountId,
      userName,
    ]);
    await this.bumpAccessSeq();
  }

  async listUserKeyIds(accountId: string, userName: string): Promise<string[]> {
    const rows = await this.sql.all<{ access_key_id: string }>(
      'SELECT access_key_id FROM iam_user_keys WHERE account_id = ? AND user_name = ? ORDER BY access_key_id',
      [accountId, userName],
    );
    return rows.map((row) => row.access_key_id);
  }

  async getKeyPrincipal(accessKeyId: string): Promise<KeyPrincipalRecord | undefined> {
    const row = await this.sql.get<{
      access_key_id: string;
      account_id: string;
      user_name: string | null;
      user_id: string | null;
    }>(
      `SELECT k.access_key_id, k.account_id, u.user_name, iu.user_id FROM access_keys k
       LEFT JOIN iam_user_keys u ON u.access_key_id = k.access_key_id
       LEFT JOIN iam_users iu ON iu.account_id = u.account_id AND iu.user_name = u.user_name
       WHERE k.access_key_id = ?`,
      [accessKeyId],
    );
    if (!row) return undefined;
    return {
      accessKeyId: row.access_key_id,
      accountId: row.account_id,
      ...(row.user_name === null ? {} : { userName: row.user_name }),
      ...(row.user_id === null ? {} : { userId: row.user_id }),
    };
  }

  async putUserPolicy(policy: UserPolicyRecord): Promise<void> {
    await this.sql.run(
      `INSERT INTO iam_user_policies (account_id, user_name, policy_name, document, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (account_id, user_name, policy_name) DO UPDATE SET document = excluded.document, updated_at = excluded.updated_at`,
      [policy.accountId, policy.userName, policy.policyName, policy.document, policy.updatedAt],
    );
    await this.bumpAccessSeq();
  }

  async deleteUserPolicy(accountId: string, userName: string, policyName: string): Promise<boolean> {
    const { changes } = await this.sql.run(
      'DELETE FROM iam_user_policies WHERE account_id = ? AND user_name = ? AND policy_name = ?',
      [accountId, userName, policyName],
    );
    if (changes > 0) await this.bumpAccessSeq();
    return changes > 0;
  }

  async listUserPolicies(accountId: string, userName: string): Promise<UserPolicyRecord[]> {
    const rows = await this.sql.all<UserPolicyRow>(
      `SELECT account_id, user_name, policy_name, document, updated_at FROM iam_user_policies
       WHERE account_id = ? AND user_name = ? ORDER BY policy_name`,
      [accountId, userName],
    );
    return rows.map(toUserPolicy);
  }

  async getResourcePolicy(resourceArn: string): Promise<ResourcePolicyRecord | undefined> {
    const row = await this.sql.get<ResourcePolicyRow>(
      'SELECT resource_arn, account_id, document, revision, updated_at FROM resource_policies WHERE resource_arn = ?',
      [resourceArn],
    );
    return row && toResourcePolicy(row);
  }

  async putResourcePolicy(policy: ResourcePolicyRecord): Promise<void> {
    await this.sql.run(
      `INSERT INTO resource_policies (resource_arn, account_id, document, revision, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (resource_arn) DO UPDATE SET document = excluded.document, revision = excluded.revision,
       updated_at = excluded.updated_at`,
      [policy.resourceArn, policy.accountId, policy.document, policy.revision, policy.updatedAt],
    );
    await this.bumpAccessSeq();
  }

  async deleteResourcePolicy(resourceArn: string): Promise<boolean> {
    const { changes } = await this.sql.run('DELETE FROM resource_policies WHERE resource_arn = ?', [resourceArn]);
    if (changes > 0) await this.bumpAccessSeq();
    return changes > 0;
  }

  async insertAudit(entry: AuditRecord): Promise<void> {
    // Deferred: on PostgreSQL the row goes out with COMMIT (its write's last statement), not a round trip of its own.
    await this.sql.defer(
      `INSERT INTO audit_log (at, principal_arn, action, resource_arn, request_id, source_address, outcome, detail)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        entry.at,
        entry.principalArn,
        entry.action,
        entry.resourceArn,
        entry.requestId,
        entry.sourceAddress,
        entry.outcome,
        entry.detail ?? null,
      ],
    );
  }

  async listAudit(filter: AuditFilter): Promise<AuditRecord[]> {
    const where: string[] = [];
    const params: SqlValue[] = [];
    if (filter.principalArn !== undefined) textFilter('principal_arn', filter.principalArn, where, params);
    if (filter.action !== undefined) textFilter('action', filter.action, where, params);
    if (filter.resourceArn !== undefined) textFilter('resource_arn', filter.resourceArn, where, params);
    if (filter.outcome !== undefined) {
      where.push('outcome = ?');
      params.push(filter.outcome);
    }
    if (filter.from !== undefined) {
      where.push('at >= ?');
      params.push(filter.from);
    }
    if (filter.to !== undefined) {
      where.push('at < ?');
      params.push(filter.to);
    }
    if (filter.afterId !== undefined) {
      where.push('id > ?');
      params.push(filter.afterId);
    }
    params.push(filter.limit);
    const rows = await this.sql.all<AuditRow>(
      `SELECT id, at, principal_arn, action, resource_arn, request_id, source_address, outcome, detail FROM audit_log
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id LIMIT ?`,
      params,
    );
    return rows.map(toAudit);
  }
}
