// The CodeArtifact catalog in SQL, part 2: packages (with their origin controls and change counter) and
// npm dist-tags.
import type {
  PackageCoordinates,
  PackageCursor,
  PackageFilter,
  PackageRecord,
  RepositoryRecord,
} from '../records/catalog.js';
import type { Scope } from '../records/scope.js';
import { type RepositoryRow, toRepository } from './catalog-repositories.js';
import { likePrefix } from './keys.js';
import { SqlArea, type SqlValue } from './runner.js';

export interface CatalogPackagesTx {
  getPackage(coordinates: PackageCoordinates): Promise<PackageRecord | undefined>;
  /** The package, created with the given origin restrictions when it does not exist yet. */
  ensurePackage(
    coordinates: PackageCoordinates,
    origin: { publish: 'ALLOW' | 'BLOCK'; upstream: 'ALLOW' | 'BLOCK' },
    now: number,
  ): Promise<PackageRecord>;
  setPackageOrigin(
    packageId: number,
    origin: { publish: 'ALLOW' | 'BLOCK'; upstream: 'ALLOW' | 'BLOCK' },
  ): Promise<void>;
  listPackages(filter: PackageFilter, after: PackageCursor | undefined, limit: number): Promise<PackageRecord[]>;
  deletePackage(packageId: number): Promise<void>;
  countPackagesInRepository(scope: Scope, domainName: string, repositoryName: string): Promise<number>;
  /** A repository and, when it has one, its package at these coordinates: one statement (the npm hot path). */
  getRepositoryWithPackage(
    coordinates: PackageCoordinates,
  ): Promise<{ repository?: RepositoryRecord; pkg?: PackageRecord }>;

  getDistTag(packageId: number, tag: string): Promise<string | undefined>;
  listDistTags(packageId: number): Promise<Record<string, string>>;
  setDistTag(packageId: number, tag: string, version: string): Promise<void>;
  deleteDistTag(packageId: number, tag: string): Promise<boolean>;
}

export interface PackageRow {
  id: number | string;
  account_id: string;
  region: string;
  domain_name: string;
  repository_name: string;
  format: string;
  namespace: string;
  name: string;
  publish: string;
  upstream: string;
  created_at: number | string;
  change_seq: number | string;
}

export const toPackage = (row: PackageRow): PackageRecord => ({
  id: Number(row.id),
  accountId: row.account_id,
  region: row.region,
  domainName: row.domain_name,
  repositoryName: row.repository_name,
  format: row.format,
  namespace: row.namespace,
  name: row.name,
  publish: row.publish as 'ALLOW' | 'BLOCK',
  upstream: row.upstream as 'ALLOW' | 'BLOCK',
  createdAt: Number(row.created_at),
  changeSeq: Number(row.change_seq),
});

export const packageKey = (c: PackageCoordinates): SqlValue[] => [
  c.accountId,
  c.region,
  c.domainName,
  c.repositoryName,
  c.format,
  c.namespace,
  c.name,
];

export class SqlCatalogPackages extends SqlArea implements CatalogPackagesTx {
  async getPackage(coordinates: PackageCoordinates): Promise<PackageRecord | undefined> {
    const row = await this.sql.get<PackageRow>(
      `SELECT * FROM ca_packages WHERE account_id = ? AND region = ? AND domain_name = ? AND repository_name = ?
       AND format = ? AND namespace = ? AND name = ?`,
      packageKey(coordinates),
    );
    return row && toPackage(row);
  }

  async ensurePackage(
    coordinates: PackageCoordinates,
    origin: { publish: 'ALLOW' | 'BLOCK'; upstream: 'ALLOW' | 'BLOCK' },
    now: number,
  ): Promise<PackageRecord> {
    await this.sql.run(
      `INSERT INTO ca_packages (account_id, region, domain_name, repository_name, format, namespace, name, publish, upstream, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      [...packageKey(coordinates), origin.publish, origin.upstream, now],
    );
    return (await this.getPackage(coordinates))!;
  }

  async setPackageOrigin(
    packageId: number,
    origin: { publish: 'ALLOW' | 'BLOCK'; upstream: 'ALLOW' | 'BLOCK' },
  ): Promise<void> {
    await this.sql.run('UPDATE ca_packages SET publish = ?, upstream = ? WHERE id = ?', [
      origin.publish,
      origin.upstream,
      packageId,
    ]);
  }

  async listPackages(filter: PackageFilter, after: PackageCursor | undefined, limit: number): Promise<PackageRecord[]> {
    const where = ['account_id = ?', 'region = ?', 'domain_name = ?', 'repository_name = ?'];
    const params: SqlValue[] = [filter.accountId, filter.region, filter.domainName, filter.repositoryName];
    if (filter.format !== undefined) {
      where.push('format = ?');
      params.push(filter.format);
    }
    if (filter.namespace !== undefined) {
      where.push('namespace = ?');
      params.push(filter.namespace);
    }
    if (filter.namePrefix !== undefined) {
      where.push("name LIKE ? ESCAPE '\\'");
      params.push(likePrefix(filter.namePrefix));
    }
    if (filter.publish !== undefined) {
      where.push('publish = ?');
      params.push(filter.publish);
    }
    if (filter.upstream !== undefined) {
      where.push('upstream = ?');
      params.push(filter.upstream);
    }
    if (after) {
      where.push('(format, namespace, name) > (?, ?, ?)');
      params.push(after.format, after.namespace, after.name);
    }
    params.push(limit);
    const rows = await this.sql.all<PackageRow>(
      `SELECT * FROM ca_packages WHERE ${where.join(' AND ')} ORDER BY format, namespace, name LIMIT ?`,
      params,
    );
    return rows.map(toPackage);
  }

  async deletePackage(packageId: number): Promise<void> {
    await this.sql.run('DELETE FROM ca_packages WHERE id = ?', [packageId]);
  }

  async countPackagesInRepository(scope: Scope, domainName: string, repositoryName: string): Promise<number> {
    const row = await this.sql.get<{ n: number | string }>(
      'SELECT COUNT(*) AS n FROM ca_packages WHERE account_id = ? AND region = ? AND domain_name = ? AND repository_name = ?',
      [scope.accountId, scope.region, domainName, repositoryName],
    );
    return Number(row?.n ?? 0);
  }

  async getRepositoryWithPackage(
    c: PackageCoordinates,
  ): Promise<{ repository?: RepositoryRecord; pkg?: PackageRecord }> {
    const row = await this.sql.get<
      RepositoryRow & {
        p_id: number | string | null;
        p_publish: string;
        p_upstream: string;
        p_created_at: number | string;
        p_change_seq: number | string;
      }
    >(
      `SELECT r.*, p.id AS p_id, p.publish AS p_publish, p.upstream AS p_upstream, p.created_at AS p_created_at, p.change_seq AS p_change_seq
       FROM ca_repositories r
       LEFT JOIN ca_packages p ON p.account_id = r.account_id AND p.region = r.region AND p.domain_name = r.domain_name
         AND p.repository_name = r.name AND p.format = ? AND p.namespace = ? AND p.name = ?
       WHERE r.account_id = ? AND r.region = ? AND r.domain_name = ? AND r.name = ?`,
      [c.format, c.namespace, c.name, c.accountId, c.region, c.domainName, c.repositoryName],
    );
    if (!row) return {};
    return {
      repository: toRepository(row),
      pkg:
        row.p_id === null
          ? undefined
          : toPackage({
              id: row.p_id,
              account_id: c.accountId,
              region: c.region,
              domain_name: c.domainName,
              repository_name: c.repositoryName,
              format: c.format,
              namespace: c.namespace,
              name: c.name,
              publish: row.p_publish,
              upstream: row.p_upstream,
              created_at: row.p_created_at,
              change_seq: row.p_change_seq,
            }),
    };
  }

  async getDistTag(packageId: number, tag: string): Promise<string | undefined> {
    return (
      await this.sql.get<{ version: string }>('SELECT version FROM ca_dist_tags WHERE package_id = ? AND tag = ?', [
        packageId,
        tag,
      ])
    )?.version;
  }

  async listDistTags(packageId: number): Promise<Record<string, string>> {
    const rows = await this.sql.all<{ tag: string; version: string }>(
      'SELECT tag, version FROM ca_dist_tags WHERE package_id = ? ORDER BY tag',
      [packageId],
    );
    return Object.fromEntries(rows.map((row) => [row.tag, row.version]));
  }

  async setDistTag(packageId: number, tag: string, version: string): Promise<void> {
    await this.sql.run(
      'INSERT INTO ca_dist_tags (package_id, tag, version) VALUES (?, ?, ?) ON CONFLICT (package_id, tag) DO UPDATE SET version = excluded.version',
      [packageId, tag, version],
    );
  }

  async deleteDistTag(packageId: number, tag: string): Promise<boolean> {
    return (
      (await this.sql.run('DELETE FROM ca_dist_tags WHERE package_id = ? AND tag = ?', [packageId, tag])).changes === 1
    );
  }
}
