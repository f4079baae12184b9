// Package groups in SQL: the groups of a domain and their allowed-repository lists. Reads are by domain (and
// format): the groups a package can match are the root and those of its format, so a publish reads only those.
import type { Scope } from '../records/scope.js';
import type {
  OriginRestrictionMode,
  OriginRestrictionType,
  PackageGroupRecord,
  PackagePathCursor,
} from '../records/package-groups.js';
import { SqlArea, type SqlValue } from './runner.js';

export interface PackageGroupTx {
  /** The domain's groups, by pattern; with `format`, only the root group and that format's groups. */
  listPackageGroups(scope: Scope, domainName: string, format?: string): Promise<PackageGroupRecord[]>;
  /**
   * The groups that can match a package of this format and namespace (the root, the format's, those naming its
   * namespace or a prefix of it): what the origin check reads on every publish.
   */
  listPackageGroupsFor(
    scope: Scope,
    domainName: string,
    format: string,
    namespace: string,
  ): Promise<PackageGroupRecord[]>;
  getPackageGroup(scope: Scope, domainName: string, pattern: string): Promise<PackageGroupRecord | undefined>;
  /** False when the pattern exists already. */
  insertPackageGroup(record: PackageGroupRecord): Promise<boolean>;
  updatePackageGroup(record: PackageGroupRecord): Promise<void>;
  /** Deletes the group and its allowed-repository lists. */
  deletePackageGroup(scope: Scope, domainName: string, pattern: string): Promise<void>;
  deleteDomainPackageGroups(scope: Scope, domainName: string): Promise<void>;
  /** Adds names to a restriction's list; returns those that were not on it. */
  addAllowedRepositories(
    scope: Scope,
    domainName: string,
    pattern: string,
    type: OriginRestrictionType,
    names: string[],
  ): Promise<string[]>;
  /** Removes names from a restriction's list; returns those that were on it. */
  removeAllowedRepositories(
    scope: Scope,
    domainName: string,
    pattern: string,
    type: OriginRestrictionType,
    names: string[],
  ): Promise<string[]>;
  /** Takes a (deleted) repository off every list of the domain's groups. */
  forgetAllowedRepository(scope: Scope, domainName: string, repositoryName: string): Promise<void>;
  listAllowedRepositories(
    scope: Scope,
    domainName: string,
    pattern: string,
    type: OriginRestrictionType,
    after: string | undefined,
    limit: number,
  ): Promise<string[]>;
  countAllowedRepositories(
    scope: Scope,
    domainName: string,
    pattern: string,
  ): Promise<Partial<Record<OriginRestrictionType, number>>>;
  isAllowedRepository(
    scope: Scope,
    domainName: string,
    pattern: string,
    type: OriginRestrictionType,
    repositoryName: string,
  ): Promise<boolean>;
  /** Distinct package coordinates in a domain (any repository), in (format, namespace, name) order. */
  listDomainPackagePaths(
    scope: Scope,
    domainName: string,
    format: string | undefined,
    after: PackagePathCursor | undefined,
    limit: number,
  ): Promise<PackagePathCursor[]>;
}

interface GroupRow {
  account_id: string;
  region: string;
  domain_name: string;
  pattern: string;
  format: string;
  namespace: string | null;
  namespace_prefix: number | string;
  contact_info: string | null;
  description: string | null;
  publish_mode: string;
  external_upstream_mode: string;
  internal_upstream_mode: string;
  created_at: number | string;
}

const toGroup = (row: GroupRow): PackageGroupRecord => ({
  accountId: row.account_id,
  region: row.region,
  domainName: row.domain_name,
  pattern: row.pattern,
  format: row.format,
  namespace: row.namespace ?? undefined,
  namespacePrefix: Number(row.namespace_prefix) === 1,
  contactInfo: row.contact_info ?? undefined,
  description: row.description ?? undefined,
  modes: {
    PUBLISH: row.publish_mode as OriginRestrictionMode,
    EXTERNAL_UPSTREAM: row.external_upstream_mode as OriginRestrictionMode,
    INTERNAL_UPSTREAM: row.internal_upstream_mode as OriginRestrictionMode,
  },
  createdAt: Number(row.created_at),
});

const groupKey = (scope: Scope, domainName: string, pattern: string): SqlValue[] => [
  scope.accountId,
  scope.region,
  domainName,
  pattern,
];
const GROUP_WHERE = 'account_id = ? AND region = ? AND domain_name = ? AND pattern = ?';

export class SqlPackageGroups extends SqlArea implements PackageGroupTx {
  async listPackageGroups(scope: Scope, domainName: string, format?: string): Promise<PackageGroupRecord[]> {
    const rows =
      format === undefined
        ? await this.sql.all<GroupRow>(
            'SELECT * FROM ca_package_groups WHERE account_id = ? AND region = ? AND domain_name = ? ORDER BY pattern',
            [scope.accountId, scope.region, domainName],
          )
        : await this.sql.all<GroupRow>(
            `SELECT * FROM ca_package_groups WHERE account_id = ? AND region = ? AND domain_name = ?
             AND format IN ('', ?) ORDER BY pattern`,
            [scope.accountId, scope.region, domainName, format],
          );
    return rows.map(toGroup);
  }

  async listPackageGroupsFor(
    scope: Scope,
    domainName: string,
    format: string,
    namespace: string,
  ): Promise<PackageGroupRecord[]> {
    const rows = await this.sql.all<GroupRow>(
      `SELECT * FROM ca_package_groups WHERE account_id = ? AND region = ? AND domain_name = ? AND format IN ('', ?)
       AND (namespace IS NULL OR namespace = ? OR (namespace_prefix = 1 AND substr(?, 1, length(namespace)) = namespace))`,
      [scope.accountId, scope.region, domainName, format, namespace, namespace],
    );
    return rows.map(toGroup);
  }

  async getPackageGroup(scope: Scope, domainName: string, pattern: string): Promise<PackageGroupRecord | undefined> {
    const row = await this.sql.get<GroupRow>(
      `SELECT * FROM ca_package_groups WHERE ${GROUP_WHERE}`,
      groupKey(scope, domainName, pattern),
    );
    return row && toGroup(row);
  }

  async insertPackageGroup(r: PackageGroupRecord): Promise<boolean> {
    const { changes } = await this.sql.run(
      `INSERT INTO ca_package_groups (account_id, region, domain_name, pattern, format, namespace, namespace_prefix,
         contact_info, description, publish_mode, external_upstream_mode, internal_upstream_mode, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      [
        ...groupKey(r, r.domainName, r.pattern),
        r.format,
        r.namespace ?? null,
        r.namespacePrefix ? 1 : 0,
        r.contactInfo ?? null,
        r.description ?? null,
        r.modes.PUBLISH,
        r.modes.EXTERNAL_UPSTREAM,
        r.modes.INTERNAL_UPSTREAM,
        r.createdAt,
      ],
    );
    return changes > 0;
  }

  async updatePackageGroup(r: PackageGroupRecord): Promise<void> {
    await this.sql.run(
      `UPDATE ca_package_groups SET contact_info = ?, description = ?, publish_mode = ?, external_upstream_mode = ?,
         internal_upstream_mode = ? WHERE ${GROUP_WHERE}`,
      [
        r.contactInfo ?? null,
        r.description ?? null,
        r.modes.PUBLISH,
        r.modes.EXTERNAL_UPSTREAM,
        r.modes.INTERNAL_UPSTREAM,
        ...groupKey(r, r.domainName, r.pattern),
      ],
    );
  }

  async deletePackageGroup(scope: Scope, domainName: string, pattern: string): Promise<void> {
    const key = groupKey(scope, domainName, pattern);
    await this.sql.run(`DELETE FROM ca_package_group_repositories WHERE ${GROUP_WHERE}`, key);
    await this.sql.run(`DELETE FROM ca_package_groups WHERE ${GROUP_WHERE}`, key);
  }

  async deleteDomainPackageGroups(scope: Scope, domainName: string): Promise<void> {
    const key = [scope.accountId, scope.region, domainName];
    const where = 'account_id = ? AND region = ? AND domain_name = ?';
    await this.sql.run(`DELETE FROM ca_package_group_repositories WHERE ${where}`, key);
    await this.sql.run(`DELETE FROM ca_package_groups WHERE ${where}`, key);
  }

  async addAllowedRepositories(
    scope: Scope,
    domainName: string,
    pattern: string,
    type: OriginRestrictionType,
    names: string[],
  ): Promise<string[]> {
    const added: string[] = [];
    for (const name of names) {
      const { changes } = await this.sql.run(
        `INSERT INTO ca_package_group_repositories (account_id, region, domain_name, pattern, restriction_type,
           repository_name) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
        [...groupKey(scope, domainName, pattern), type, name],
      );
      if (changes > 0) added.push(name);
    }
    return added;
  }

  async removeAllowedRepositories(
    scope: Scope,
    domainName: string,
    pattern: string,
    type: OriginRestrictionType,
    names: string[],
  ): Promise<string[]> {
    const removed: string[] = [];
    for (const name of names) {
      const { changes } = await this.sql.run(
        `DELETE FROM ca_package_group_repositories WHERE ${GROUP_WHERE} AND restriction_type = ? AND repository_name = ?`,
        [...groupKey(scope, domainName, pattern), type, name],
      );
      if (changes > 0) removed.push(name);
    }
    return removed;
  }

  async forgetAllowedRepository(scope: Scope, domainName: string, repositoryName: string): Promise<void> {
    await this.sql.run(
      `DELETE FROM ca_package_group_repositories WHERE account_id = ? AND region = ? AND domain_name = ?
       AND repository_name = ?`,
      [scope.accountId, scope.region, domainName, repositoryName],
    );
  }

  async listAllowedRepositories(
    scope: Scope,
    domainName: string,
    pattern: string,
    type: OriginRestrictionType,
    after: string | undefined,
    limit: number,
  ): Promise<string[]> {
    const rows = await this.sql.all<{ repository_name: string }>(
      `SELECT repository_name FROM ca_package_group_repositories WHERE ${GROUP_WHERE} AND restriction_type = ?
       AND repository_name > ? ORDER BY repository_name LIMIT ?`,
      [...groupKey(scope, domainName, pattern), type, after ?? '', limit],
    );
    return rows.map((row) => row.repository_name);
  }

  async countAllowedRepositories(
    scope: Scope,
    domainName: string,
    pattern: string,
  ): Promise<Partial<Record<OriginRestrictionType, number>>> {
    const rows = await this.sql.all<{ restriction_type: string; n: number | string }>(
      `SELECT restriction_type, COUNT(*) AS n FROM ca_package_group_repositories WHERE ${GROUP_WHERE}
       GROUP BY restriction_type`,
      groupKey(scope, domainName, pattern),
    );
    return Object.fromEntries(rows.map((row) => [row.restriction_type, Number(row.n)]));
  }

  async isAllowedRepository(
    scope: Scope,
    domainName: string,
    pattern: string,
    type: OriginRestrictionType,
    repositoryName: string,
  ): Promise<boolean> {
    const row = await this.sql.get<{ one: number }>(
      `SELECT 1 AS one FROM ca_package_group_repositories WHERE ${GROUP_WHERE} AND restriction_type = ?
       AND repository_name = ?`,
      [...groupKey(scope, domainName, pattern), type, repositoryName],
    );
    return row !== undefined;
  }

  async listDomainPackagePaths(
    scope: Scope,
    domainName: string,
    format: string | undefined,
    after: PackagePathCursor | undefined,
    limit: number,
  ): Promise<PackagePathCursor[]> {
    const where = ['account_id = ?', 'region = ?', 'domain_name = ?'];
    const params: SqlValue[] = [scope.accountId, scope.region, domainName];
    if (format !== undefined) {
      where.push('format = ?');
      params.push(format);
    }
    if (after) {
      where.push('(format, namespace, name) > (?, ?, ?)');
      params.push(after.format, after.namespace, after.name);
    }
    params.push(limit);
    return this.sql.all<PackagePathCursor>(
      `SELECT DISTINCT format, namespace, name FROM ca_packages WHERE ${where.join(' AND ')}
       ORDER BY format, namespace, name LIMIT ?`,
      params,
    );
  }
}
