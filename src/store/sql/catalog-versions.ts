// The CodeArtifact catalog in SQL, part 3: package versions, paged in natural version order or newest first.
import type {
  NewVersion,
  PackageCoordinates,
  PackageRecord,
  VersionCursor,
  VersionFilter,
  VersionRecord,
  VersionStatus,
  VersionSummaryRecord,
} from '../records/catalog.js';
import { packageKey, type PackageRow, toPackage } from './catalog-packages.js';
import { versionSortKey } from './keys.js';
import { SqlArea, type SqlRunner, type SqlValue } from './runner.js';

export interface CatalogVersionsTx {
  getVersion(packageId: number, version: string): Promise<VersionRecord | undefined>;
  /** Several versions in one round trip (batch operations name up to 100). */
  getVersions(packageId: number, versions: string[]): Promise<VersionRecord[]>;
  /**
   * The package and those of the named versions it has, in one statement (a batch's first read: one round
   * trip, not two, on PostgreSQL); `pkg` undefined when the package does not exist.
   */
  getPackageVersions(
    c: PackageCoordinates,
    versions: string[],
  ): Promise<{ pkg?: PackageRecord; versions: VersionRecord[] }>;
  /** False when the version already exists in the package. */
  insertVersion(version: NewVersion): Promise<VersionRecord | undefined>;
  updateVersion(version: VersionRecord): Promise<void>;
  /**
   * Status changes keep the revision (AWS keeps it too); callers check conditions inside the same write.
   * Deferred (SqlRunner.defer): on PostgreSQL the UPDATE goes out with the write's next statement or COMMIT,
   * and a failure fails the write there; a caller must not act outside the database on its success meanwhile.
   */
  setVersionStatus(versionIds: number[], status: VersionStatus, now: number): Promise<void>;
  deleteVersion(versionId: number): Promise<void>;
  listVersions(
    packageId: number,
    filter: VersionFilter,
    order: 'version' | 'newest',
    after: VersionCursor | undefined,
    limit: number,
  ): Promise<VersionRecord[]>;
  /** listVersions without the descriptive columns: the same rows, in the same order, for pages of summaries. */
  listVersionSummaries(
    packageId: number,
    filter: VersionFilter,
    order: 'version' | 'newest',
    after: VersionCursor | undefined,
    limit: number,
  ): Promise<VersionSummaryRecord[]>;
  /** The most recently created version with status Published. */
  latestPublishedVersion(packageId: number): Promise<VersionRecord | undefined>;
}

interface VersionRow {
  id: number | string;
  package_id: number | string;
  version: string;
  status: string;
  revision: string;
  origin_type: string;
  entry_repository: string | null;
  entry_external_connection: string | null;
  published_at: number | string;
  updated_at: number | string;
  details: string;
}
type VersionSummaryRow = Pick<
  VersionRow,
  | 'id'
  | 'version'
  | 'status'
  | 'revision'
  | 'origin_type'
  | 'entry_repository'
  | 'entry_external_connection'
  | 'published_at'
>;

const toVersion = (row: VersionRow): VersionRecord => ({
  id: Number(row.id),
  packageId: Number(row.package_id),
  version: row.version,
  status: row.status as VersionStatus,
  revision: row.revision,
  originType: row.origin_type as VersionRecord['originType'],
  entryRepository: row.entry_repository ?? undefined,
  entryExternalConnection: row.entry_external_connection ?? undefined,
  publishedAt: Number(row.published_at),
  updatedAt: Number(row.updated_at),
  details: JSON.parse(row.details) as VersionRecord['details'],
});

const toVersionSummary = (row: VersionSummaryRow): VersionSummaryRecord => ({
  id: Number(row.id),
  version: row.version,
  status: row.status as VersionStatus,
  revision: row.revision,
  originType: row.origin_type as VersionRecord['originType'],
  entryRepository: row.entry_repository ?? undefined,
  entryExternalConnection: row.entry_external_connection ?? undefined,
  publishedAt: Number(row.published_at),
});

const VERSION_COLUMNS =
  'id, package_id, version, status, revision, origin_type, entry_repository, entry_external_connection, published_at, updated_at, details';
/** VERSION_COLUMNS of `v`, each as v_<column>, beside another table's columns. */
const PREFIXED_VERSION_COLUMNS = VERSION_COLUMNS.split(', ')
  .map((column) => `v.${column} AS v_${column}`)
  .join(', ');
const VERSION_SUMMARY_COLUMNS =
  'id, version, status, revision, origin_type, entry_repository, entry_external_connection, published_at';

/** One page of a package's versions, reading only `columns`: listVersions and listVersionSummaries share it. */
async function versionPage<Row>(
  sql: SqlRunner,
  columns: string,
  packageId: number,
  filter: VersionFilter,
  order: 'version' | 'newest',
  after: VersionCursor | undefined,
  limit: number,
): Promise<Row[]> {
  const where = ['package_id = ?'];
  const params: SqlValue[] = [packageId];
  if (filter.status !== undefined) {
    where.push('status = ?');
    params.push(filter.status);
  }
  if (filter.originType !== undefined) {
    where.push('origin_type = ?');
    params.push(filter.originType);
  }
  if (after?.order === 'version') {
    const sortKey = versionSortKey(after.version);
    // A row-value comparison, not an OR of columns: only this form becomes an index range (flat paging).
    where.push('(sort_key, version) > (?, ?)');
    params.push(sortKey, after.version);
  } else if (after?.order === 'newest') {
    where.push('id < ?');
    params.push(after.id);
  }
  params.push(limit);
  const orderBy = order === 'version' ? 'sort_key, version' : 'id DESC';
  return sql.all<Row>(
    `SELECT ${columns} FROM ca_package_versions WHERE ${where.join(' AND ')} ORDER BY ${orderBy} LIMIT ?`,
    params,
  );
}

export class SqlCatalogVersions extends SqlArea implements CatalogVersionsTx {
  async getVersion(packageId: number, version: string): Promise<VersionRecord | undefined> {
    const row = await this.sql.get<VersionRow>(
      `SELECT ${VERSION_COLUMNS} FROM ca_package_versions WHERE package_id = ? AND version = ?`,
      [packageId, version],
    );
    return row && toVersion(row);
  }

  async getVersions(packageId: number, versions: string[]): Promise<VersionRecord[]> {
    if (versions.length === 0) return [];
    const rows = await this.sql.all<VersionRow>(
      `SELECT ${VERSION_COLUMNS} FROM ca_package_versions WHERE package_id = ? AND version IN (${versions.map(() => '?').join(', ')})`,
      [packageId, ...versions],
    );
    return rows.map(toVersion);
  }

  async getPackageVersions(
    c: PackageCoordinates,
    versions: string[],
  ): Promise<{ pkg?: PackageRecord; versions: VersionRecord[] }> {
    if (versions.length === 0) {
      const row = await this.sql.get<PackageRow>(
        `SELECT * FROM ca_packages WHERE account_id = ? AND region = ? AND domain_name = ? AND repository_name = ?
         AND format = ? AND namespace = ? AND name = ?`,
        packageKey(c),
      );
      return { pkg: row && toPackage(row), versions: [] };
    }
    // One row per found version (or one with v_id NULL when none is): the package's columns repeat on each.
    const rows = await this.sql.all<PackageRow & Record<`v_${keyof VersionRow}`, unknown>>(
      `SELECT p.*, ${PREFIXED_VERSION_COLUMNS} FROM ca_packages p
       LEFT JOIN ca_package_versions v ON v.package_id = p.id AND v.version IN (${versions.map(() => '?').join(', ')})
       WHERE p.account_id = ? AND p.region = ? AND p.domain_name = ? AND p.repository_name = ?
       AND p.format = ? AND p.namespace = ? AND p.name = ?`,
      [...versions, ...packageKey(c)],
    );
    if (rows.length === 0) return { versions: [] };
    const found = rows
      .filter((row) => row.v_id !== null)
      .map((row) =>
        toVersion(
          Object.fromEntries(
            VERSION_COLUMNS.split(', ').map((k) => [k, row[`v_${k}` as `v_${keyof VersionRow}`]]),
          ) as unknown as VersionRow,
        ),
      );
    return { pkg: toPackage(rows[0]!), versions: found };
  }

  async insertVersion(version: NewVersion): Promise<VersionRecord | undefined> {
    const { changes } = await this.sql.run(
      `INSERT INTO ca_package_versions (package_id, version, sort_key, status, revision, origin_type, entry_repository,
         entry_external_connection, published_at, updated_at, details)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      [
        version.packageId,
        version.version,
        versionSortKey(version.version),
        version.status,
        version.revision,
        version.originType,
        version.entryRepository ?? null,
        version.entryExternalConnection ?? null,
        version.publishedAt,
        version.updatedAt,
        JSON.stringify(version.details),
      ],
    );
    return changes === 1 ? this.getVersion(version.packageId, version.version) : undefined;
  }

  async updateVersion(version: VersionRecord): Promise<void> {
    await this.sql.run(
      'UPDATE ca_package_versions SET status = ?, revision = ?, updated_at = ?, details = ? WHERE id = ?',
      [version.status, version.revision, version.updatedAt, JSON.stringify(version.details), version.id],
    );
  }

  async setVersionStatus(versionIds: number[], status: VersionStatus, now: number): Promise<void> {
    if (versionIds.length === 0) return;
    await this.sql.defer(
      `UPDATE ca_package_versions SET status = ?, updated_at = ? WHERE id IN (${versionIds.map(() => '?').join(', ')})`,
      [status, now, ...versionIds],
    );
  }

  async deleteVersion(versionId: number): Promise<void> {
    await this.sql.run('DELETE FROM ca_package_versions WHERE id = ?', [versionId]);
  }

  async listVersions(
    packageId: number,
    filter: VersionFilter,
    order: 'version' | 'newest',
    after: VersionCursor | undefined,
    limit: number,
  ): Promise<VersionRecord[]> {
    return (await versionPage<VersionRow>(this.sql, VERSION_COLUMNS, packageId, filter, order, after, limit)).map(
      toVersion,
    );
  }

  async listVersionSummaries(
    packageId: number,
    filter: VersionFilter,
    order: 'version' | 'newest',
    after: VersionCursor | undefined,
    limit: number,
  ): Promise<VersionSummaryRecord[]> {
    const rows = await versionPage<VersionSummaryRow>(
      this.sql,
      VERSION_SUMMARY_COLUMNS,
      packageId,
      filter,
      order,
      after,
      limit,
    );
    return rows.map(toVersionSummary);
  }

  async latestPublishedVersion(packageId: number): Promise<VersionRecord | undefined> {
    const row = await this.sql.get<VersionRow>(
      `SELECT ${VERSION_COLUMNS} FROM ca_package_versions WHERE package_id = ? AND status = 'Published' ORDER BY id DESC LIMIT 1`,
      [packageId],
    );
    return row && toVersion(row);
  }
}
