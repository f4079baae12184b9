// IoT Software Package Catalog in SQL: packages and their versions (in natural version order).
import type { IotPackageRecord, IotVersionRecord, IotVersionStatus, IotVersionSummaryRecord } from '../records/iot.js';
import type { Scope } from '../records/scope.js';
import { versionSortKey } from './keys.js';
import { SqlArea, type SqlValue } from './runner.js';

export interface IotTx {
  insertIotPackage(record: IotPackageRecord): Promise<boolean>;
  getIotPackage(scope: Scope, name: string): Promise<IotPackageRecord | undefined>;
  /** The package's change stamp (migration 11: moved by every write to its versions); undefined = no package. */
  iotPackageStamp(scope: Scope, name: string): Promise<number | undefined>;
  updateIotPackage(record: IotPackageRecord): Promise<void>;
  deleteIotPackage(scope: Scope, name: string): Promise<boolean>;
  listIotPackages(scope: Scope, afterName: string | undefined, limit: number): Promise<IotPackageRecord[]>;
  countIotVersions(scope: Scope, packageName: string): Promise<number>;
  insertIotVersion(record: IotVersionRecord): Promise<boolean>;
  getIotVersion(scope: Scope, packageName: string, name: string): Promise<IotVersionRecord | undefined>;
  updateIotVersion(record: IotVersionRecord): Promise<void>;
  deleteIotVersion(scope: Scope, packageName: string, name: string): Promise<boolean>;
  /** Natural version order (1.9 before 1.10), keyset-paged after `afterName`. */
  listIotVersions(
    scope: Scope,
    packageName: string,
    status: IotVersionStatus | undefined,
    afterName: string | undefined,
    limit: number,
  ): Promise<IotVersionRecord[]>;
  /** The same page without the documents: no document read or parsed per row (a third of the cost of a page). */
  listIotVersionSummaries(
    scope: Scope,
    packageName: string,
    status: IotVersionStatus | undefined,
    afterName: string | undefined,
    limit: number,
  ): Promise<IotVersionSummaryRecord[]>;
}

interface IotPackageRow {
  account_id: string;
  region: string;
  name: string;
  description: string | null;
  default_version: string | null;
  created_at: number | string;
  updated_at: number | string;
}
interface IotVersionRow {
  account_id: string;
  region: string;
  package_name: string;
  name: string;
  status: string;
  created_at: number | string;
  updated_at: number | string;
  document: string;
}

const toIotPackage = (row: IotPackageRow): IotPackageRecord => ({
  accountId: row.account_id,
  region: row.region,
  name: row.name,
  description: row.description ?? undefined,
  defaultVersion: row.default_version ?? undefined,
  createdAt: Number(row.created_at),
  updatedAt: Number(row.updated_at),
});

const toIotVersionSummary = (row: Omit<IotVersionRow, 'document'>): IotVersionSummaryRecord => ({
  accountId: row.account_id,
  region: row.region,
  packageName: row.package_name,
  name: row.name,
  status: row.status as IotVersionStatus,
  createdAt: Number(row.created_at),
  updatedAt: Number(row.updated_at),
});

const toIotVersion = (row: IotVersionRow): IotVersionRecord => ({
  ...toIotVersionSummary(row),
  document: JSON.parse(row.document) as IotVersionRecord['document'],
});

export class SqlIot extends SqlArea implements IotTx {
  async insertIotPackage(record: IotPackageRecord): Promise<boolean> {
    const { changes } = await this.sql.run(
      `INSERT INTO iot_packages (account_id, region, name, description, default_version, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      [
        record.accountId,
        record.region,
        record.name,
        record.description ?? null,
        record.defaultVersion ?? null,
        record.createdAt,
        record.updatedAt,
      ],
    );
    return changes === 1;
  }

  async getIotPackage(scope: Scope, name: string): Promise<IotPackageRecord | undefined> {
    const row = await this.sql.get<IotPackageRow>(
      'SELECT * FROM iot_packages WHERE account_id = ? AND region = ? AND name = ?',
      [scope.accountId, scope.region, name],
    );
    return row && toIotPackage(row);
  }

  async iotPackageStamp(scope: Scope, name: string): Promise<number | undefined> {
    const row = await this.sql.get<{ change_seq: number | string }>(
      'SELECT change_seq FROM iot_packages WHERE account_id = ? AND region = ? AND name = ?',
      [scope.accountId, scope.region, name],
    );
    return row && Number(row.change_seq);
  }

  async updateIotPackage(record: IotPackageRecord): Promise<void> {
    await this.sql.run(
      'UPDATE iot_packages SET description = ?, default_version = ?, updated_at = ? WHERE account_id = ? AND region = ? AND name = ?',
      [
        record.description ?? null,
        record.defaultVersion ?? null,
        record.updatedAt,
        record.accountId,
        record.region,
        record.name,
      ],
    );
  }

  async deleteIotPackage(scope: Scope, name: string): Promise<boolean> {
    return (
      (
        await this.sql.run('DELETE FROM iot_packages WHERE account_id = ? AND region = ? AND name = ?', [
          scope.accountId,
          scope.region,
          name,
        ])
      ).changes === 1
    );
  }

  async listIotPackages(scope: Scope, afterName: string | undefined, limit: number): Promise<IotPackageRecord[]> {
    const rows = await this.sql.all<IotPackageRow>(
      'SELECT * FROM iot_packages WHERE account_id = ? AND region = ? AND name > ? ORDER BY name LIMIT ?',
      [scope.accountId, scope.region, afterName ?? '', limit],
    );
    return rows.map(toIotPackage);
  }

  async countIotVersions(scope: Scope, packageName: string): Promise<number> {
    const row = await this.sql.get<{ n: number | string }>(
      'SELECT COUNT(*) AS n FROM iot_versions WHERE account_id = ? AND region = ? AND package_name = ?',
      [scope.accountId, scope.region, packageName],
    );
    return Number(row?.n ?? 0);
  }

  async insertIotVersion(record: IotVersionRecord): Promise<boolean> {
    const { changes } = await this.sql.run(
      `INSERT INTO iot_versions (account_id, region, package_name, name, sort_key, status, created_at, updated_at, document)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      [
        record.accountId,
        record.region,
        record.packageName,
        record.name,
        versionSortKey(record.name),
        record.status,
        record.createdAt,
        record.updatedAt,
        JSON.stringify(record.document),
      ],
    );
    return changes === 1;
  }

  async getIotVersion(scope: Scope, packageName: string, name: string): Promise<IotVersionRecord | undefined> {
    const row = await this.sql.get<IotVersionRow>(
      'SELECT * FROM iot_versions WHERE account_id = ? AND region = ? AND package_name = ? AND name = ?',
      [scope.accountId, scope.region, packageName, name],
    );
    return row && toIotVersion(row);
  }

  async updateIotVersion(record: IotVersionRecord): Promise<void> {
    await this.sql.run(
      'UPDATE iot_versions SET status = ?, updated_at = ?, document = ? WHERE account_id = ? AND region = ? AND package_name = ? AND name = ?',
      [
        record.status,
        record.updatedAt,
        JSON.stringify(record.document),
        record.accountId,
        record.region,
        record.packageName,
        record.name,
      ],
    );
  }

  async deleteIotVersion(scope: Scope, packageName: string, name: string): Promise<boolean> {
    return (
      (
        await this.sql.run(
          'DELETE FROM iot_versions WHERE account_id = ? AND region = ? AND package_name = ? AND name = ?',
          [scope.accountId, scope.region, packageName, name],
        )
      ).changes === 1
    );
  }

  async listIotVersions(
    scope: Scope,
    packageName: string,
    status: IotVersionStatus | undefined,
    afterName: string | undefined,
    limit: number,
  ): Promise<IotVersionRecord[]> {
    const rows = await this.versionPage<IotVersionRow>('*', scope, packageName, status, afterName, limit);
    return rows.map(toIotVersion);
  }

  async listIotVersionSummaries(
    scope: Scope,
    packageName: string,
    status: IotVersionStatus | undefined,
    afterName: string | undefined,
    limit: number,
  ): Promise<IotVersionSummaryRecord[]> {
    const rows = await this.versionPage<Omit<IotVersionRow, 'document'>>(
      'account_id, region, package_name, name, status, created_at, updated_at',
      scope,
      packageName,
      status,
      afterName,
      limit,
    );
    return rows.map(toIotVersionSummary);
  }

  private versionPage<Row>(
    columns: string,
    scope: Scope,
    packageName: string,
    status: IotVersionStatus | undefined,
    afterName: string | undefined,
    limit: number,
  ): Promise<Row[]> {
    const where = ['account_id = ?', 'region = ?', 'package_name = ?'];
    const params: SqlValue[] = [scope.accountId, scope.region, packageName];
    if (status !== undefined) {
      where.push('status = ?');
      params.push(status);
    }
    if (afterName !== undefined) {
      where.push('(sort_key, name) > (?, ?)');
      params.push(versionSortKey(afterName), afterName);
    }
    params.push(limit);
    return this.sql.all<Row>(
      `SELECT ${columns} FROM iot_versions WHERE ${where.join(' AND ')} ORDER BY sort_key, name LIMIT ?`,
      params,
    );
  }
}
