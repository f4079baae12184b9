// StoreTx over portable SQL, shared by every SQL backend. Uniqueness is enforced by the schema and
// every insert is `INSERT … ON CONFLICT DO NOTHING` + the change count, never select-then-insert:
// that race is how file-based registries lose versions under parallel writes.
import type {
  AccessKeyRecord, AccountRecord, DomainRecord, IdempotencyRecord, RepositoryCursor, RepositoryFilter,
  RepositoryRecord, Scope, TagRecord,
} from '../records.js';
import type { StoreTx } from '../store.js';
import type { SqlRunner, SqlValue } from './runner.js';

interface DomainRow { account_id: string; region: string; name: string; encryption_key: string; created_at: number | string }
interface RepositoryRow {
  account_id: string; region: string; domain_name: string; name: string; description: string | null;
  administrator_account: string; created_at: number | string; upstreams: string | null;
}

const toDomain = (row: DomainRow): DomainRecord => ({
  accountId: row.account_id, region: row.region, name: row.name, encryptionKey: row.encryption_key, createdAt: Number(row.created_at),
});

const toRepository = (row: RepositoryRow): RepositoryRecord => ({
  accountId: row.account_id, region: row.region, domainName: row.domain_name, name: row.name,
  description: row.description ?? undefined, administratorAccount: row.administrator_account,
  createdAt: Number(row.created_at), upstreams: row.upstreams ? (JSON.parse(row.upstreams) as string[]) : [],
});

/** Escapes LIKE wildcards so a repository prefix is matched literally. */
const likePrefix = (prefix: string) => `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export class SqlStoreTx implements StoreTx {
  constructor(private readonly sql: SqlRunner) {}

  async insertAccount(account: AccountRecord): Promise<boolean> {
    const { changes } = await this.sql.run(
      'INSERT INTO accounts (account_id, name, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
      [account.accountId, account.name, account.createdAt]);
    return changes === 1;
  }

  async getAccount(accountId: string): Promise<AccountRecord | undefined> {
    const row = await this.sql.get<{ account_id: string; name: string; created_at: number | string }>(
      'SELECT account_id, name, created_at FROM accounts WHERE account_id = ?', [accountId]);
    return row && { accountId: row.account_id, name: row.name, createdAt: Number(row.created_at) };
  }

  async listAccounts(): Promise<AccountRecord[]> {
    const rows = await this.sql.all<{ account_id: string; name: string; created_at: number | string }>(
      'SELECT account_id, name, created_at FROM accounts ORDER BY account_id');
    return rows.map((row) => ({ accountId: row.account_id, name: row.name, createdAt: Number(row.created_at) }));
  }

  async upsertAccessKey(key: AccessKeyRecord): Promise<void> {
    await this.sql.run(
      `INSERT INTO access_keys (access_key_id, secret_access_key, account_id, created_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (access_key_id) DO UPDATE SET secret_access_key = excluded.secret_access_key, account_id = excluded.account_id`,
      [key.accessKeyId, key.secretAccessKey, key.accountId, key.createdAt]);
  }

  async getAccessKey(accessKeyId: string): Promise<AccessKeyRecord | undefined> {
    const row = await this.sql.get<{ access_key_id: string; secret_access_key: string; account_id: string; created_at: number | string }>(
      'SELECT access_key_id, secret_access_key, account_id, created_at FROM access_keys WHERE access_key_id = ?', [accessKeyId]);
    return row && { accessKeyId: row.access_key_id, secretAccessKey: row.secret_access_key, accountId: row.account_id, createdAt: Number(row.created_at) };
  }

  async listAccessKeys(accountId: string): Promise<AccessKeyRecord[]> {
    const rows = await this.sql.all<{ access_key_id: string; secret_access_key: string; account_id: string; created_at: number | string }>(
      'SELECT access_key_id, secret_access_key, account_id, created_at FROM access_keys WHERE account_id = ? ORDER BY created_at, access_key_id', [accountId]);
    return rows.map((row) => ({ accessKeyId: row.access_key_id, secretAccessKey: row.secret_access_key, accountId: row.account_id, createdAt: Number(row.created_at) }));
  }

  async deleteAccessKey(accessKeyId: string): Promise<boolean> {
    return (await this.sql.run('DELETE FROM access_keys WHERE access_key_id = ?', [accessKeyId])).changes === 1;
  }

  async getSetting(name: string): Promise<string | undefined> {
    return (await this.sql.get<{ value: string }>('SELECT value FROM settings WHERE name = ?', [name]))?.value;
  }

  async setSettingIfAbsent(name: string, value: string): Promise<string> {
    await this.sql.run('INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT DO NOTHING', [name, value]);
    return (await this.getSetting(name))!;
  }

  async setSetting(name: string, value: string): Promise<void> {
    await this.sql.run('INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value', [name, value]);
  }

  async insertDomain(domain: DomainRecord): Promise<boolean> {
    const { changes } = await this.sql.run(
      'INSERT INTO ca_domains (account_id, region, name, encryption_key, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
      [domain.accountId, domain.region, domain.name, domain.encryptionKey, domain.createdAt]);
    return changes === 1;
  }

  async getDomain(scope: Scope, name: string): Promise<DomainRecord | undefined> {
    const row = await this.sql.get<DomainRow>(
      'SELECT * FROM ca_domains WHERE account_id = ? AND region = ? AND name = ?', [scope.accountId, scope.region, name]);
    return row && toDomain(row);
  }

  async listDomains(scope: Scope, afterName: string | undefined, limit: number): Promise<DomainRecord[]> {
    const rows = await this.sql.all<DomainRow>(
      `SELECT * FROM ca_domains WHERE account_id = ? AND region = ? AND name > ? ORDER BY name LIMIT ?`,
      [scope.accountId, scope.region, afterName ?? '', limit]);
    return rows.map(toDomain);
  }

  async deleteDomain(scope: Scope, name: string): Promise<boolean> {
    const { changes } = await this.sql.run(
      'DELETE FROM ca_domains WHERE account_id = ? AND region = ? AND name = ?', [scope.accountId, scope.region, name]);
    return changes === 1;
  }

  async countRepositories(scope: Scope, domainName: string): Promise<number> {
    const row = await this.sql.get<{ n: number | string }>(
      'SELECT COUNT(*) AS n FROM ca_repositories WHERE account_id = ? AND region = ? AND domain_name = ?',
      [scope.accountId, scope.region, domainName]);
    return Number(row?.n ?? 0);
  }

  async insertRepository(repository: RepositoryRecord): Promise<boolean> {
    const { changes } = await this.sql.run(
      `INSERT INTO ca_repositories (account_id, region, domain_name, name, description, administrator_account, created_at, upstreams)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      [repository.accountId, repository.region, repository.domainName, repository.name, repository.description ?? null,
        repository.administratorAccount, repository.createdAt, JSON.stringify(repository.upstreams)]);
    return changes === 1;
  }

  async getRepository(scope: Scope, domainName: string, name: string): Promise<RepositoryRecord | undefined> {
    const row = await this.sql.get<RepositoryRow>(
      'SELECT * FROM ca_repositories WHERE account_id = ? AND region = ? AND domain_name = ? AND name = ?',
      [scope.accountId, scope.region, domainName, name]);
    return row && toRepository(row);
  }

  async updateRepository(repository: RepositoryRecord): Promise<void> {
    await this.sql.run(
      `UPDATE ca_repositories SET description = ?, upstreams = ?
       WHERE account_id = ? AND region = ? AND domain_name = ? AND name = ?`,
      [repository.description ?? null, JSON.stringify(repository.upstreams), repository.accountId, repository.region,
        repository.domainName, repository.name]);
  }

  async listRepositories(filter: RepositoryFilter, after: RepositoryCursor | undefined, limit: number): Promise<RepositoryRecord[]> {
    const where = ['account_id = ?', 'region = ?'];
    const params: SqlValue[] = [filter.accountId, filter.region];
    if (filter.domainName !== undefined) { where.push('domain_name = ?'); params.push(filter.domainName); }
    if (filter.administratorAccount !== undefined) { where.push('administrator_account = ?'); params.push(filter.administratorAccount); }
    if (filter.namePrefix !== undefined) { where.push("name LIKE ? ESCAPE '\\'"); params.push(likePrefix(filter.namePrefix)); }
    if (after) {
      where.push('(domain_name > ? OR (domain_name = ? AND name > ?))');
      params.push(after.domainName, after.domainName, after.name);
    }
    params.push(limit);
    const rows = await this.sql.all<RepositoryRow>(
      `SELECT * FROM ca_repositories WHERE ${where.join(' AND ')} ORDER BY domain_name, name LIMIT ?`, params);
    return rows.map(toRepository);
  }

  async listDownstreams(scope: Scope, domainName: string, name: string): Promise<string[]> {
    const rows = await this.sql.all<RepositoryRow>(
      'SELECT * FROM ca_repositories WHERE account_id = ? AND region = ? AND domain_name = ? ORDER BY name',
      [scope.accountId, scope.region, domainName]);
    return rows.map(toRepository).filter((repo) => repo.upstreams.includes(name)).map((repo) => repo.name);
  }

  async deleteRepository(scope: Scope, domainName: string, name: string): Promise<boolean> {
    const { changes } = await this.sql.run(
      'DELETE FROM ca_repositories WHERE account_id = ? AND region = ? AND domain_name = ? AND name = ?',
      [scope.accountId, scope.region, domainName, name]);
    return changes === 1;
  }

  async getTags(resourceArn: string): Promise<TagRecord[]> {
    return this.sql.all<TagRecord>('SELECT tag_key AS "key", tag_value AS "value" FROM tags WHERE resource_arn = ? ORDER BY tag_key', [resourceArn]);
  }

  async putTags(resourceArn: string, tags: TagRecord[]): Promise<void> {
    for (const tag of tags) {
      await this.sql.run(
        `INSERT INTO tags (resource_arn, tag_key, tag_value) VALUES (?, ?, ?)
         ON CONFLICT (resource_arn, tag_key) DO UPDATE SET tag_value = excluded.tag_value`,
        [resourceArn, tag.key, tag.value]);
    }
  }

  async removeTags(resourceArn: string, keys: string[]): Promise<void> {
    for (const key of keys) await this.sql.run('DELETE FROM tags WHERE resource_arn = ? AND tag_key = ?', [resourceArn, key]);
  }

  async deleteAllTags(resourceArn: string): Promise<void> {
    await this.sql.run('DELETE FROM tags WHERE resource_arn = ?', [resourceArn]);
  }

  async getIdempotency(key: Omit<IdempotencyRecord, 'requestHash' | 'responseJson' | 'createdAt'>): Promise<IdempotencyRecord | undefined> {
    const row = await this.sql.get<{ request_hash: string; response_json: string; created_at: number | string }>(
      `SELECT request_hash, response_json, created_at FROM idempotency
       WHERE account_id = ? AND region = ? AND service = ? AND operation = ? AND client_token = ?`,
      [key.accountId, key.region, key.service, key.operation, key.clientToken]);
    return row && { ...key, requestHash: row.request_hash, responseJson: row.response_json, createdAt: Number(row.created_at) };
  }

  async insertIdempotency(record: IdempotencyRecord): Promise<boolean> {
    const { changes } = await this.sql.run(
      `INSERT INTO idempotency (account_id, region, service, operation, client_token, request_hash, response_json, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      [record.accountId, record.region, record.service, record.operation, record.clientToken, record.requestHash,
        record.responseJson, record.createdAt]);
    return changes === 1;
  }

  /** Rules the schema cannot state: every upstream names a repository of the same domain. */
  async logicalProblems(): Promise<string[]> {
    const rows = await this.sql.all<RepositoryRow>('SELECT * FROM ca_repositories');
    const known = new Set(rows.map((row) => `${row.account_id}/${row.region}/${row.domain_name}/${row.name}`));
    const problems: string[] = [];
    for (const repository of rows.map(toRepository)) {
      for (const upstream of repository.upstreams) {
        if (!known.has(`${repository.accountId}/${repository.region}/${repository.domainName}/${upstream}`)) {
          problems.push(`repository ${repository.domainName}/${repository.name} has a missing upstream ${upstream}`);
        }
      }
    }
    return problems;
  }
}
