// The CodeArtifact catalog in SQL, part 4: a version's assets (the files, by blob digest), and the one-statement
// download lookup that walks repository → package → version → asset.
import type { AssetRecord, PackageCoordinates, VersionStatus } from '../records/catalog.js';
import type { Scope } from '../records/scope.js';
import { SqlArea } from './runner.js';

export interface AssetLookup {
  repositoryExists: boolean;
  packageUpstream?: 'ALLOW' | 'BLOCK';
  versionStatus?: VersionStatus;
  asset?: AssetRecord;
}

export interface CatalogAssetsTx {
  insertAsset(asset: AssetRecord): Promise<boolean>;
  getAsset(versionId: number, name: string): Promise<AssetRecord | undefined>;
  listAssets(versionId: number, afterName: string | undefined, limit: number): Promise<AssetRecord[]>;
  /** The first asset (by name) of each of these versions, in one round trip per 500 versions. */
  firstAssets(versionIds: number[]): Promise<Map<number, AssetRecord>>;
  /** Every asset of each of these versions, by name, in one round trip per 500 versions (index pages). */
  assetsOfVersions(versionIds: number[]): Promise<Map<number, AssetRecord[]>>;
  /** Removes a version's assets; returns their blob digests. */
  deleteAssets(versionId: number): Promise<string[]>;
  /** Digests of every asset of a package, or of every package in a repository. */
  assetDigestsOfPackage(packageId: number): Promise<string[]>;
  assetDigestsOfRepository(scope: Scope, domainName: string, repositoryName: string): Promise<string[]>;
  /**
   * One read for a download: does the repository exist, the package's upstream setting, the version's status and
   * the named asset — each undefined from the first missing link on. (A single statement: no transaction needed.)
   */
  lookupAsset(coordinates: PackageCoordinates, version: string, assetName: string): Promise<AssetLookup>;
}

interface AssetRow {
  version_id: number | string;
  name: string;
  sha256: string;
  size: number | string;
  md5: string;
  sha1: string;
  sha512: string;
  created_at: number | string;
}
type Nullable<T> = { [K in keyof T]: T[K] | null };

const toAsset = (row: AssetRow): AssetRecord => ({
  versionId: Number(row.version_id),
  name: row.name,
  sha256: row.sha256,
  size: Number(row.size),
  md5: row.md5,
  sha1: row.sha1,
  sha512: row.sha512,
  createdAt: Number(row.created_at),
});

export class SqlCatalogAssets extends SqlArea implements CatalogAssetsTx {
  async insertAsset(asset: AssetRecord): Promise<boolean> {
    const { changes } = await this.sql.run(
      `INSERT INTO ca_assets (version_id, name, sha256, size, md5, sha1, sha512, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT DO NOTHING`,
      [asset.versionId, asset.name, asset.sha256, asset.size, asset.md5, asset.sha1, asset.sha512, asset.createdAt],
    );
    return changes === 1;
  }

  async getAsset(versionId: number, name: string): Promise<AssetRecord | undefined> {
    const row = await this.sql.get<AssetRow>('SELECT * FROM ca_assets WHERE version_id = ? AND name = ?', [
      versionId,
      name,
    ]);
    return row && toAsset(row);
  }

  async listAssets(versionId: number, afterName: string | undefined, limit: number): Promise<AssetRecord[]> {
    const rows = await this.sql.all<AssetRow>(
      'SELECT * FROM ca_assets WHERE version_id = ? AND name > ? ORDER BY name LIMIT ?',
      [versionId, afterName ?? '', limit],
    );
    return rows.map(toAsset);
  }

  async firstAssets(versionIds: number[]): Promise<Map<number, AssetRecord>> {
    const out = new Map<number, AssetRecord>();
    for (const [versionId, assets] of await this.assetsOfVersions(versionIds)) out.set(versionId, assets[0]!);
    return out;
  }

  async assetsOfVersions(versionIds: number[]): Promise<Map<number, AssetRecord[]>> {
    const out = new Map<number, AssetRecord[]>();
    for (let start = 0; start < versionIds.length; start += 500) {
      const chunk = versionIds.slice(start, start + 500);
      const rows = await this.sql.all<AssetRow>(
        `SELECT * FROM ca_assets WHERE version_id IN (${chunk.map(() => '?').join(', ')}) ORDER BY version_id, name`,
        chunk,
      );
      for (const asset of rows.map(toAsset)) {
        const list = out.get(asset.versionId);
        if (list) list.push(asset);
        else out.set(asset.versionId, [asset]);
      }
    }
    return out;
  }

  async deleteAssets(versionId: number): Promise<string[]> {
    const rows = await this.sql.all<{ sha256: string }>('SELECT sha256 FROM ca_assets WHERE version_id = ?', [
      versionId,
    ]);
    await this.sql.run('DELETE FROM ca_assets WHERE version_id = ?', [versionId]);
    return rows.map((row) => row.sha256);
  }

  async assetDigestsOfPackage(packageId: number): Promise<string[]> {
    const rows = await this.sql.all<{ sha256: string }>(
      'SELECT DISTINCT a.sha256 FROM ca_assets a JOIN ca_package_versions v ON v.id = a.version_id WHERE v.package_id = ?',
      [packageId],
    );
    return rows.map((row) => row.sha256);
  }

  async assetDigestsOfRepository(scope: Scope, domainName: string, repositoryName: string): Promise<string[]> {
    const rows = await this.sql.all<{ sha256: string }>(
      `SELECT DISTINCT a.sha256 FROM ca_assets a JOIN ca_package_versions v ON v.id = a.version_id JOIN ca_packages p ON p.id = v.package_id
       WHERE p.account_id = ? AND p.region = ? AND p.domain_name = ? AND p.repository_name = ?`,
      [scope.accountId, scope.region, domainName, repositoryName],
    );
    return rows.map((row) => row.sha256);
  }

  async lookupAsset(c: PackageCoordinates, version: string, assetName: string): Promise<AssetLookup> {
    const row = await this.sql.get<
      { repository: string; upstream: string | null; status: string | null } & Nullable<AssetRow>
    >(
      `SELECT r.name AS repository, p.upstream, v.status, a.version_id, a.name, a.sha256, a.size, a.md5, a.sha1, a.sha512, a.created_at
       FROM ca_repositories r
       LEFT JOIN ca_packages p ON p.account_id = r.account_id AND p.region = r.region AND p.domain_name = r.domain_name
         AND p.repository_name = r.name AND p.format = ? AND p.namespace = ? AND p.name = ?
       LEFT JOIN ca_package_versions v ON v.package_id = p.id AND v.version = ?
       LEFT JOIN ca_assets a ON a.version_id = v.id AND a.name = ?
       WHERE r.account_id = ? AND r.region = ? AND r.domain_name = ? AND r.name = ?`,
      [c.format, c.namespace, c.name, version, assetName, c.accountId, c.region, c.domainName, c.repositoryName],
    );
    if (!row) return { repositoryExists: false };
    return {
      repositoryExists: true,
      packageUpstream: (row.upstream ?? undefined) as AssetLookup['packageUpstream'],
      versionStatus: (row.status ?? undefined) as VersionStatus | undefined,
      asset: row.version_id === null ? undefined : toAsset(row as AssetRow),
    };
  }

  /** Integrity (Store.integrityProblems): only Disposed versions have no assets; assets' blobs are live. */
  async assetProblems(): Promise<string[]> {
    const problems: string[] = [];
    const bare = await this.sql.all<{ id: number; version: string; name: string; status: string }>(
      `SELECT v.id, v.version, p.name, v.status FROM ca_package_versions v JOIN ca_packages p ON p.id = v.package_id
       WHERE v.status <> 'Disposed' AND NOT EXISTS (SELECT 1 FROM ca_assets a WHERE a.version_id = v.id) LIMIT 100`,
    );
    for (const row of bare)
      problems.push(`package ${row.name} version ${row.version} (${row.status}) has no assets: a partial version`);
    const dying = await this.sql.all<{ sha256: string }>(
      `SELECT DISTINCT a.sha256 FROM ca_assets a JOIN blobs b ON b.sha256 = a.sha256 WHERE b.state <> 'live' LIMIT 100`,
    );
    for (const row of dying) problems.push(`blob ${row.sha256} is referenced by an asset but marked for deletion`);
    return problems;
  }
}
