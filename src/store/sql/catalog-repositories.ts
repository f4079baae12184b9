// The CodeArtifact catalog in SQL, part 1: domains and repositories (with their upstream lists).
import type { DomainRecord, RepositoryCursor, RepositoryFilter, RepositoryRecord } from '../records/catalog.js';
import type { Scope } from '../records/scope.js';
import { likePrefix } from './keys.js';
import { SqlArea, type SqlValue } from './runner.js';

export interface CatalogRepositoriesTx {
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
}

interface DomainRow {
  account_id: string;
  region: string;
  name: string;
  encryption_key: string;
  created_at: number | string;
}
export interface RepositoryRow {
  account_id: string;
  region: string;
  domain_name: string;
  name: string;
  description: string | null;
  administrator_account: string;
  created_at: number | string;
  upstreams: string | null;
  external_connection: string | null;
}

const toDomain = (row: DomainRow): DomainRecord => ({
  accountId: row.account_id,
  region: row.region,
  name: row.name,
  encryptionKey: row.encryption_key,
  createdAt: Number(row.created_at),
});

export const toRepository = (row: RepositoryRow): RepositoryRecord => ({
  accountId: row.account_id,
  region: row.region,
  domainName: row.domain_name,
  name: row.name,
  description: row.description ?? undefined,
  administratorAccount: row.administrator_account,
  createdAt: Number(row.created_at),
  upstreams: row.upstreams ? (JSON.parse(row.upstreams) as string[]) : [],
  externalConnection: row.external_connection ?? undefined,
});

export class SqlCatalogRepositories extends SqlArea implements CatalogRepositoriesTx {
  async insertDomain(domain: DomainRecord): Promise<boolean> {
    const { changes } = await this.sql.run(
      'INSERT INTO ca_domains (account_id, region, name, encryption_key, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
      [domain.accountId, domain.region, domain.name, domain.encryptionKey, domain.createdAt],
    );
    return changes === 1;
  }

  async getDomain(scope: Scope, name: string): Promise<DomainRecord | undefined> {
    const row = await this.sql.get<DomainRow>(
      'SELECT * FROM ca_domains WHERE account_id = ? AND region = ? AND name = ?',
      [scope.accountId, scope.region, name],
    );
    return row && toDomain(row);
  }

  async listDomains(scope: Scope, afterName: string | undefined, limit: number): Promise<DomainRecord[]> {
    const rows = await this.sql.all<DomainRow>(
      `SELECT * FROM ca_domains WHERE account_id = ? AND region = ? AND name > ? ORDER BY name LIMIT ?`,
      [scope.accountId, scope.region, afterName ?? '', limit],
    );
    return rows.map(toDomain);
  }

  async deleteDomain(scope: Scope, name: string): Promise<boolean> {
    const { changes } = await this.sql.run('DELETE FROM ca_domains WHERE account_id = ? AND region = ? AND name = ?', [
      scope.accountId,
      scope.region,
      name,
    ]);
    return changes === 1;
  }

  async countRepositories(scope: Scope, domainName: string): Promise<number> {
    const row = await this.sql.get<{ n: number | string }>(
      'SELECT COUNT(*) AS n FROM ca_repositories WHERE account_id = ? AND region = ? AND domain_name = ?',
      [scope.accountId, scope.region, domainName],
    );
    return Number(row?.n ?? 0);
  }

  async insertRepository(repository: RepositoryRecord): Promise<boolean> {
    const { changes } = await this.sql.run(
      `INSERT INTO ca_repositories (account_id, region, domain_name, name, description, administrator_account, created_at, upstreams)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      [
        repository.accountId,
        repository.region,
        repository.domainName,
        repository.name,
        repository.description ?? null,
        repository.administratorAccount,
        repository.createdAt,
        JSON.stringify(repository.upstreams),
      ],
    );
    return changes === 1;
  }

  async getRepository(scope: Scope, domainName: string, name: string): Promise<RepositoryRecord | undefined> {
    const row = await this.sql.get<RepositoryRow>(
      'SELECT * FROM ca_repositories WHERE account_id = ? AND region = ? AND domain_name = ? AND name = ?',
      [scope.accountId, scope.region, domainName, name],
    );
    return row && toRepository(row);
  }

  async updateRepository(repository: RepositoryRecord): Promise<void> {
    await this.sql.run(
      `UPDATE ca_repositories SET description = ?, upstreams = ?, external_connection = ?
       WHERE account_id = ? AND region = ? AND domain_name = ? AND name = ?`,
      [
        repository.description ?? null,
        JSON.stringify(repository.upstreams),
        repository.externalConnection ?? null,
        repository.accountId,
        repository.region,
        repository.domainName,
        repository.name,
      ],
    );
  }

  async listRepositories(
    filter: RepositoryFilter,
    after: RepositoryCursor | undefined,
    limit: number,
  ): Promise<RepositoryRecord[]> {
    const where = ['account_id = ?', 'region = ?'];
    const params: SqlValue[] = [filter.accountId, filter.region];
    if (filter.domainName !== undefined) {
      where.push('domain_name = ?');
      params.push(filter.domainName);
    }
    if (filter.administratorAccount !== undefined) {
      where.push('administrator_account = ?');
      params.push(filter.administratorAccount);
    }
    if (filter.namePrefix !== undefined) {
      where.push("name LIKE ? ESCAPE '\\'");
      params.push(likePrefix(filter.namePrefix));
    }
    if (after) {
      where.push('(domain_name, name) > (?, ?)');
      params.push(after.domainName, after.name);
    }
    params.push(limit);
    const rows = await this.sql.all<RepositoryRow>(
      `SELECT * FROM ca_repositories WHERE ${where.join(' AND ')} ORDER BY domain_name, name LIMIT ?`,
      params,
    );
    return rows.map(toRepository);
  }

  async listDownstreams(scope: Scope, domainName: string, name: string): Promise<string[]> {
    const rows = await this.sql.all<RepositoryRow>(
      'SELECT * FROM ca_repositories WHERE account_id = ? AND region = ? AND domain_name = ? ORDER BY name',
      [scope.accountId, scope.region, domainName],
    );
    return rows
      .map(toRepository)
      .filter((repo) => repo.upstreams.includes(name))
      .map((repo) => repo.name);
  }

  async deleteRepository(scope: Scope, domainName: string, name: string): Promise<boolean> {
    const { changes } = await this.sql.run(
      'DELETE FROM ca_repositories WHERE account_id = ? AND region = ? AND domain_name = ? AND name = ?',
      [scope.accountId, scope.region, domainName, name],
    );
    return changes === 1;
  }

  /** Integrity (Store.integrityProblems): upstreams that name a repository that does not exist. */
  async upstreamProblems(): Promise<string[]> {
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
