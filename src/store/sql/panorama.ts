// Panorama in SQL: packages, their registered patch versions, and package import jobs.
import type { PanoramaImportJobRecord, PanoramaPackageRecord, PanoramaVersionRecord } from '../records/panorama.js';
import type { Scope } from '../records/scope.js';
import { SqlArea } from './runner.js';

/** A package version of one owner: the first three columns of pn_versions' primary key. */
export type PanoramaVersionKey = Pick<PanoramaVersionRecord, 'packageId' | 'ownerAccount' | 'packageVersion'>;
/** One patch: the whole primary key. */
export type PanoramaPatchKey = PanoramaVersionKey & Pick<PanoramaVersionRecord, 'patchVersion'>;

export interface PanoramaTx {
  insertPanoramaPackage(record: PanoramaPackageRecord): Promise<boolean>;
  getPanoramaPackage(scope: Scope, packageId: string): Promise<PanoramaPackageRecord | undefined>;
  getPanoramaPackageByName(scope: Scope, name: string): Promise<PanoramaPackageRecord | undefined>;
  listPanoramaPackages(scope: Scope, afterName: string | undefined, limit: number): Promise<PanoramaPackageRecord[]>;
  deletePanoramaPackage(packageId: string): Promise<void>;
  listPanoramaVersions(packageId: string): Promise<PanoramaVersionRecord[]>;
  // Reads by key, so that one version's operations cost the same in a package of 10 versions or of a million.
  // `finishedBy` leaves out the patches whose deregistration finished by then (deregistered_at <= finishedBy).
  getPanoramaPatch(key: PanoramaPatchKey): Promise<PanoramaVersionRecord | undefined>;
  /** The patch marked latest (the earliest registered should several claim it). */
  getLatestPanoramaPatch(version: PanoramaVersionKey, finishedBy: number): Promise<PanoramaVersionRecord | undefined>;
  /** The most recently registered patch not marked latest (ties: the lowest patch version). */
  getNewestUnmarkedPanoramaPatch(
    version: PanoramaVersionKey,
    finishedBy: number,
  ): Promise<PanoramaVersionRecord | undefined>;
  /** Makes `patchVersion` the one latest patch of its version (an existing row), or none when undefined. */
  setLatestPanoramaPatch(version: PanoramaVersionKey, patchVersion: string | undefined): Promise<void>;
  /** Deletes the package's patches whose deregistration finished by `finishedBy`; returns how many. */
  purgePanoramaVersions(packageId: string, finishedBy: number): Promise<number>;
  putPanoramaVersion(record: PanoramaVersionRecord): Promise<void>;
  deletePanoramaVersion(
    record: Pick<PanoramaVersionRecord, 'packageId' | 'ownerAccount' | 'packageVersion' | 'patchVersion'>,
  ): Promise<void>;
  insertPanoramaImportJob(record: PanoramaImportJobRecord): Promise<void>;
  updatePanoramaImportJob(jobId: string, document: string): Promise<void>;
  getPanoramaImportJob(scope: Scope, jobId: string): Promise<PanoramaImportJobRecord | undefined>;
  listPanoramaImportJobs(
    scope: Scope,
    after: { createdAt: number; jobId: string } | undefined,
    limit: number,
  ): Promise<PanoramaImportJobRecord[]>;
}

interface PanoramaPackageRow {
  package_id: string;
  account_id: string;
  region: string;
  name: string;
  created_at: number | string;
}
interface PanoramaVersionRow {
  package_id: string;
  owner_account: string;
  package_version: string;
  patch_version: string;
  is_latest: number;
  registered_at: number | string;
  failure: string | null;
  deregistered_at: number | string | null;
}
interface PanoramaImportJobRow {
  job_id: string;
  account_id: string;
  region: string;
  created_at: number | string;
  document: string;
}

const toPanoramaPackage = (row: PanoramaPackageRow): PanoramaPackageRecord => ({
  packageId: row.package_id,
  accountId: row.account_id,
  region: row.region,
  name: row.name,
  createdAt: Number(row.created_at),
});

const toPanoramaVersion = (row: PanoramaVersionRow): PanoramaVersionRecord => ({
  packageId: row.package_id,
  ownerAccount: row.owner_account,
  packageVersion: row.package_version,
  patchVersion: row.patch_version,
  isLatest: Number(row.is_latest) === 1,
  registeredAt: Number(row.registered_at),
  failure: row.failure ?? undefined,
  deregisteredAt: row.deregistered_at === null ? undefined : Number(row.deregistered_at),
});

const toPanoramaImportJob = (row: PanoramaImportJobRow): PanoramaImportJobRecord => ({
  jobId: row.job_id,
  accountId: row.account_id,
  region: row.region,
  createdAt: Number(row.created_at),
  document: row.document,
});

export class SqlPanorama extends SqlArea implements PanoramaTx {
  async insertPanoramaPackage(record: PanoramaPackageRecord): Promise<boolean> {
    const { changes } = await this.sql.run(
      'INSERT INTO pn_packages (package_id, account_id, region, name, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
      [record.packageId, record.accountId, record.region, record.name, record.createdAt],
    );
    return changes === 1;
  }

  async getPanoramaPackage(scope: Scope, packageId: string): Promise<PanoramaPackageRecord | undefined> {
    const row = await this.sql.get<PanoramaPackageRow>(
      'SELECT * FROM pn_packages WHERE account_id = ? AND region = ? AND package_id = ?',
      [scope.accountId, scope.region, packageId],
    );
    return row && toPanoramaPackage(row);
  }

  async getPanoramaPackageByName(scope: Scope, name: string): Promise<PanoramaPackageRecord | undefined> {
    const row = await this.sql.get<PanoramaPackageRow>(
      'SELECT * FROM pn_packages WHERE account_id = ? AND region = ? AND name = ?',
      [scope.accountId, scope.region, name],
    );
    return row && toPanoramaPackage(row);
  }

  async listPanoramaPackages(
    scope: Scope,
    afterName: string | undefined,
    limit: number,
  ): Promise<PanoramaPackageRecord[]> {
    const rows = await this.sql.all<PanoramaPackageRow>(
      'SELECT * FROM pn_packages WHERE account_id = ? AND region = ? AND name > ? ORDER BY name LIMIT ?',
      [scope.accountId, scope.region, afterName ?? '', limit],
    );
    return rows.map(toPanoramaPackage);
  }

  async deletePanoramaPackage(packageId: string): Promise<void> {
    await this.sql.run('DELETE FROM pn_packages WHERE package_id = ?', [packageId]);
  }

  async listPanoramaVersions(packageId: string): Promise<PanoramaVersionRecord[]> {
    const rows = await this.sql.all<PanoramaVersionRow>(
      'SELECT * FROM pn_versions WHERE package_id = ? ORDER BY registered_at, patch_version',
      [packageId],
    );
    return rows.map(toPanoramaVersion);
  }

  async getPanoramaPatch(key: PanoramaPatchKey): Promise<PanoramaVersionRecord | undefined> {
    const row = await this.sql.get<PanoramaVersionRow>(
      'SELECT * FROM pn_versions WHERE package_id = ? AND owner_account = ? AND package_version = ? AND patch_version = ?',
      [key.packageId, key.ownerAccount, key.packageVersion, key.patchVersion],
    );
    return row && toPanoramaVersion(row);
  }

  // Both seek pn_versions_by_latest (migration 12): (version key, is_latest, registered_at DESC, patch_version).
  // is_latest is a literal so that the planner can seek on it.
  async getLatestPanoramaPatch(
    version: PanoramaVersionKey,
    finishedBy: number,
  ): Promise<PanoramaVersionRecord | undefined> {
    const row = await this.sql.get<PanoramaVersionRow>(
      `SELECT * FROM pn_versions WHERE package_id = ? AND owner_account = ? AND package_version = ? AND is_latest = 1
         AND (deregistered_at IS NULL OR deregistered_at > ?)
       ORDER BY registered_at, patch_version LIMIT 1`,
      [version.packageId, version.ownerAccount, version.packageVersion, finishedBy],
    );
    return row && toPanoramaVersion(row);
  }

  async getNewestUnmarkedPanoramaPatch(
    version: PanoramaVersionKey,
    finishedBy: number,
  ): Promise<PanoramaVersionRecord | undefined> {
    const row = await this.sql.get<PanoramaVersionRow>(
      `SELECT * FROM pn_versions WHERE package_id = ? AND owner_account = ? AND package_version = ? AND is_latest = 0
         AND (deregistered_at IS NULL OR deregistered_at > ?)
       ORDER BY registered_at DESC, patch_version LIMIT 1`,
      [version.packageId, version.ownerAccount, version.packageVersion, finishedBy],
    );
    return row && toPanoramaVersion(row);
  }

  async setLatestPanoramaPatch(version: PanoramaVersionKey, patchVersion: string | undefined): Promise<void> {
    const key = [version.packageId, version.ownerAccount, version.packageVersion];
    // Only the rows that change are written: the marked ones (found by the index) and the chosen one.
    const clear = `UPDATE pn_versions SET is_latest = 0
       WHERE package_id = ? AND owner_account = ? AND package_version = ? AND is_latest = 1`;
    if (patchVersion === undefined) {
      await this.sql.run(clear, key);
      return;
    }
    await this.sql.run(`${clear} AND patch_version <> ?`, [...key, patchVersion]);
    await this.sql.run(
      `UPDATE pn_versions SET is_latest = 1
       WHERE package_id = ? AND owner_account = ? AND package_version = ? AND patch_version = ? AND is_latest = 0`,
      [...key, patchVersion],
    );
  }

  async purgePanoramaVersions(packageId: string, finishedBy: number): Promise<number> {
    // pn_versions_deregistered (migration 12) holds only deregistered rows: this reads what it deletes, no more.
    const { changes } = await this.sql.run('DELETE FROM pn_versions WHERE package_id = ? AND deregistered_at <= ?', [
      packageId,
      finishedBy,
    ]);
    return changes;
  }

  async putPanoramaVersion(record: PanoramaVersionRecord): Promise<void> {
    await this.sql.run(
      `INSERT INTO pn_versions (package_id, owner_account, package_version, patch_version, is_latest, registered_at, failure, deregistered_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (package_id, owner_account, package_version, patch_version) DO UPDATE SET
         is_latest = excluded.is_latest, registered_at = excluded.registered_at, failure = excluded.failure, deregistered_at = excluded.deregistered_at`,
      [
        record.packageId,
        record.ownerAccount,
        record.packageVersion,
        record.patchVersion,
        record.isLatest ? 1 : 0,
        record.registeredAt,
        record.failure ?? null,
        record.deregisteredAt ?? null,
      ],
    );
  }

  async deletePanoramaVersion(
    record: Pick<PanoramaVersionRecord, 'packageId' | 'ownerAccount' | 'packageVersion' | 'patchVersion'>,
  ): Promise<void> {
    await this.sql.run(
      'DELETE FROM pn_versions WHERE package_id = ? AND owner_account = ? AND package_version = ? AND patch_version = ?',
      [record.packageId, record.ownerAccount, record.packageVersion, record.patchVersion],
    );
  }

  async insertPanoramaImportJob(record: PanoramaImportJobRecord): Promise<void> {
    await this.sql.run(
      'INSERT INTO pn_import_jobs (job_id, account_id, region, created_at, document) VALUES (?, ?, ?, ?, ?)',
      [record.jobId, record.accountId, record.region, record.createdAt, record.document],
    );
  }

  async updatePanoramaImportJob(jobId: string, document: string): Promise<void> {
    await this.sql.run('UPDATE pn_import_jobs SET document = ? WHERE job_id = ?', [document, jobId]);
  }

  async getPanoramaImportJob(scope: Scope, jobId: string): Promise<PanoramaImportJobRecord | undefined> {
    const row = await this.sql.get<PanoramaImportJobRow>(
      'SELECT * FROM pn_import_jobs WHERE account_id = ? AND region = ? AND job_id = ?',
      [scope.accountId, scope.region, jobId],
    );
    return row && toPanoramaImportJob(row);
  }

  async listPanoramaImportJobs(
    scope: Scope,
    after: { createdAt: number; jobId: string } | undefined,
    limit: number,
  ): Promise<PanoramaImportJobRecord[]> {
    const rows = await this.sql.all<PanoramaImportJobRow>(
      `SELECT * FROM pn_import_jobs WHERE account_id = ? AND region = ? AND (created_at, job_id) > (?, ?)
       ORDER BY created_at, job_id LIMIT ?`,
      [scope.accountId, scope.region, after?.createdAt ?? -1, after?.jobId ?? '', limit],
    );
    return rows.map(toPanoramaImportJob);
  }
}
