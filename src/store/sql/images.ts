// Image Builder in SQL: image build versions and their package inventories.
import type { ImageFilter, ImageKey, ImagePackageMatch, ImagePackageRecord, ImageRecord } from '../records/images.js';
import type { Scope } from '../records/scope.js';
import { SqlArea, type SqlValue } from './runner.js';

export interface ImageTx {
  /** The highest build number of an image version (0 when there is none). */
  lastImageBuild(key: Omit<ImageKey, 'build'>): Promise<number>;
  insertImage(image: ImageRecord, packages: ImagePackageRecord[]): Promise<boolean>;
  getImage(key: ImageKey): Promise<ImageRecord | undefined>;
  /** The image's change stamp (migration 11: moved by every write to its packages); undefined = no image. */
  imageStamp(key: ImageKey): Promise<number | undefined>;
  deleteImage(key: ImageKey): Promise<boolean>;
  /** Build versions matching the filter, ordered by (name, major, minor, patch, build), keyset after `after`. */
  listImages(filter: ImageFilter, after: ImageKey | undefined, limit: number): Promise<ImageRecord[]>;
  listImagePackages(key: ImageKey, afterPosition: number, limit: number): Promise<ImagePackageRecord[]>;
  findImagesByPackage(
    scope: Scope,
    name: string,
    version: string | undefined,
    after: { key: ImageKey; position: number } | undefined,
    limit: number,
  ): Promise<ImagePackageMatch[]>;
}

interface ImageRow {
  account_id: string;
  region: string;
  arn_name: string;
  major: number | string;
  minor: number | string;
  patch: number | string;
  build: number | string;
  name: string;
  image_type: string;
  platform: string;
  os_version: string | null;
  description: string | null;
  package_count: number | string;
  created_at: number | string;
}

const toImage = (row: ImageRow): ImageRecord => ({
  accountId: row.account_id,
  region: row.region,
  arnName: row.arn_name,
  major: Number(row.major),
  minor: Number(row.minor),
  patch: Number(row.patch),
  build: Number(row.build),
  name: row.name,
  imageType: row.image_type as ImageRecord['imageType'],
  platform: row.platform,
  osVersion: row.os_version ?? undefined,
  description: row.description ?? undefined,
  packageCount: Number(row.package_count),
  createdAt: Number(row.created_at),
});

const imageKeyParams = (key: ImageKey): SqlValue[] => [
  key.accountId,
  key.region,
  key.arnName,
  key.major,
  key.minor,
  key.patch,
  key.build,
];
const IMAGE_KEY_WHERE =
  'account_id = ? AND region = ? AND arn_name = ? AND major = ? AND minor = ? AND patch = ? AND build = ?';

export class SqlImages extends SqlArea implements ImageTx {
  async lastImageBuild(key: Omit<ImageKey, 'build'>): Promise<number> {
    const row = await this.sql.get<{ b: number | string | null }>(
      'SELECT MAX(build) AS b FROM ib_images WHERE account_id = ? AND region = ? AND arn_name = ? AND major = ? AND minor = ? AND patch = ?',
      [key.accountId, key.region, key.arnName, key.major, key.minor, key.patch],
    );
    return Number(row?.b ?? 0);
  }

  async insertImage(image: ImageRecord, packages: ImagePackageRecord[]): Promise<boolean> {
    const { changes } = await this.sql.run(
      `INSERT INTO ib_images (account_id, region, arn_name, major, minor, patch, build, name, image_type, platform, os_version, description,
         package_count, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      [
        ...imageKeyParams(image),
        image.name,
        image.imageType,
        image.platform,
        image.osVersion ?? null,
        image.description ?? null,
        image.packageCount,
        image.createdAt,
      ],
    );
    if (changes !== 1) return false;
    const key = imageKeyParams(image);
    // Multi-row inserts: an inventory of thousands of packages is a handful of statements, not thousands.
    for (let start = 0; start < packages.length; start += 90) {
      const chunk = packages.slice(start, start + 90);
      await this.sql.run(
        `INSERT INTO ib_image_packages (account_id, region, arn_name, major, minor, patch, build, position, package_name, package_version)
         VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
        chunk.flatMap((pkg) => [...key, pkg.position, pkg.name, pkg.version]),
      );
    }
    return true;
  }

  async getImage(key: ImageKey): Promise<ImageRecord | undefined> {
    const row = await this.sql.get<ImageRow>(`SELECT * FROM ib_images WHERE ${IMAGE_KEY_WHERE}`, imageKeyParams(key));
    return row && toImage(row);
  }

  async imageStamp(key: ImageKey): Promise<number | undefined> {
    const row = await this.sql.get<{ change_seq: number | string }>(
      `SELECT change_seq FROM ib_images WHERE ${IMAGE_KEY_WHERE}`,
      imageKeyParams(key),
    );
    return row && Number(row.change_seq);
  }

  async deleteImage(key: ImageKey): Promise<boolean> {
    return (await this.sql.run(`DELETE FROM ib_images WHERE ${IMAGE_KEY_WHERE}`, imageKeyParams(key))).changes === 1;
  }

  async listImages(filter: ImageFilter, after: ImageKey | undefined, limit: number): Promise<ImageRecord[]> {
    const where = ['account_id = ?', 'region = ?'];
    const params: SqlValue[] = [filter.accountId, filter.region];
    const equal: [string, SqlValue | undefined][] = [
      ['arn_name', filter.arnName],
      ['major', filter.major],
      ['minor', filter.minor],
      ['patch', filter.patch],
      ['name', filter.name],
      ['platform', filter.platform],
      ['os_version', filter.osVersion],
      ['image_type', filter.imageType],
    ];
    for (const [column, value] of equal)
      if (value !== undefined) {
        where.push(`${column} = ?`);
        params.push(value);
      }
    if (after) {
      where.push('(arn_name, major, minor, patch, build) > (?, ?, ?, ?, ?)');
      params.push(after.arnName, after.major, after.minor, after.patch, after.build);
    }
    params.push(limit);
    const rows = await this.sql.all<ImageRow>(
      `SELECT * FROM ib_images WHERE ${where.join(' AND ')} ORDER BY arn_name, major, minor, patch, build LIMIT ?`,
      params,
    );
    return rows.map(toImage);
  }

  async listImagePackages(key: ImageKey, afterPosition: number, limit: number): Promise<ImagePackageRecord[]> {
    const rows = await this.sql.all<{ position: number | string; package_name: string; package_version: string }>(
      `SELECT position, package_name, package_version FROM ib_image_packages WHERE ${IMAGE_KEY_WHERE} AND position > ? ORDER BY position LIMIT ?`,
      [...imageKeyParams(key), afterPosition, limit],
    );
    return rows.map((row) => ({
      position: Number(row.position),
      name: row.package_name,
      version: row.package_version,
    }));
  }

  async findImagesByPackage(
    scope: Scope,
    name: string,
    version: string | undefined,
    after: { key: ImageKey; position: number } | undefined,
    limit: number,
  ): Promise<ImagePackageMatch[]> {
    const where = ['p.account_id = ?', 'p.region = ?', 'p.package_name = ?'];
    const params: SqlValue[] = [scope.accountId, scope.region, name];
    if (version !== undefined) {
      where.push('p.package_version = ?');
      params.push(version);
    }
    if (after) {
      where.push('(p.arn_name, p.major, p.minor, p.patch, p.build, p.position) > (?, ?, ?, ?, ?, ?)');
      params.push(
        after.key.arnName,
        after.key.major,
        after.key.minor,
        after.key.patch,
        after.key.build,
        after.position,
      );
    }
    params.push(limit);
    const rows = await this.sql.all<
      ImageRow & { position: number | string; package_name: string; package_version: string }
    >(
      `SELECT i.*, p.position, p.package_name, p.package_version FROM ib_image_packages p
       JOIN ib_images i ON i.account_id = p.account_id AND i.region = p.region AND i.arn_name = p.arn_name AND i.major = p.major
         AND i.minor = p.minor AND i.patch = p.patch AND i.build = p.build
       WHERE ${where.join(' AND ')} ORDER BY p.arn_name, p.major, p.minor, p.patch, p.build, p.position LIMIT ?`,
      params,
    );
    return rows.map((row) => ({
      image: toImage(row),
      package: { position: Number(row.position), name: row.package_name, version: row.package_version },
    }));
  }
}
