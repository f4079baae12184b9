// The one way a version enters a repository, whoever brings it: PublishPackageVersion (generic), a registry
// client's publish (npm, twine), a copy retained from an upstream repository, and an ingest from an external
// connection. Always inside the caller's write transaction, after the bytes are in the blob store: the package
// is ensured (with the origin restrictions a new package gets), the version inserted or extended, each blob
// retained (re-checked, see blob-lifecycle.ts) and each asset row written, the revision recomputed. The origin
// controls are checked first, both the package's own and its package group's (docs/package-groups.md): a
// version enters only when both allow the way it comes.
import { createHash } from 'node:crypto';
import type { PutResult } from '../../blobs/blobs.js';
import type {
  AssetRecord,
  PackageCoordinates,
  PackageRecord,
  VersionDetails,
  VersionRecord,
  VersionStatus,
} from '../../store/records.js';
import type { BlobTx, CatalogTx } from '../../store/store.js';
import type { OriginRestrictionType } from '../../store/records.js';

/** What recording a version touches: the catalog, and the blob rows it retains. */
type PublishingTx = CatalogTx & BlobTx;
import { accessDenied, conflict, notFound } from '../shared/errors.js';
import type { BlobLifecycle } from './blob-lifecycle.js';
import { formatOf } from './formats/index.js';
import type { OriginRestrictions } from './packages.js';
import { displayName } from './packages.js';
import { originRules } from './package-groups/origin.js';

/**
 * A revision identifies a version's assets and metadata: it is derived from them, so it changes exactly when
 * they change, a status change keeps it, and an identical copy in another repository has the same one.
 */
export function revisionOf(
  version: string,
  assets: Pick<AssetRecord, 'name' | 'sha256'>[],
  details: VersionDetails,
): string {
  const sorted = [...assets]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((a) => [a.name, a.sha256]);
  return createHash('sha256')
    .update(JSON.stringify([version, sorted, details]))
    .digest('base64');
}

/** An asset whose bytes are already in the blob store. */
export type StoredAsset = Omit<AssetRecord, 'versionId' | 'createdAt'>;

export const assetFrom = (name: string, put: PutResult): StoredAsset => ({
  name,
  sha256: put.sha256,
  size: put.size,
  md5: put.md5,
  sha1: put.sha1,
  sha512: put.sha512,
});

export type VersionOrigin = Pick<VersionRecord, 'originType' | 'entryRepository' | 'entryExternalConnection'>;

export interface VersionToRecord {
  version: string;
  /** The status of a new version; an Unfinished one that receives a finished publish takes it too. */
  status: VersionStatus;
  origin: VersionOrigin;
  /** The version's details; given the existing ones when the version is extended. */
  details: (existing?: VersionDetails) => VersionDetails;
  assets: StoredAsset[];
  /** Origin restrictions of a package this creates: ALLOW/BLOCK for a publish, BLOCK/ALLOW for an upstream copy. */
  newPackage: OriginRestrictions;
  /**
   * When the version exists already:
   * - `conflict`: a 409 (npm: delete it first);
   * - `keep`: leave it as it is (a concurrent retention won);
   * - `extend`: add the assets it lacks — identical bytes are idempotent, different bytes a 409, and a version
   *   that left Unfinished takes new files only if its format appends (PyPI, Maven).
   */
  ifExists: 'conflict' | 'keep' | 'extend';
  /** A client publish: refused when the package says publish=BLOCK or its package group blocks PUBLISH here. */
  publish: boolean;
  /**
   * How a version that is not published arrives, for its package group's origin controls: from an external
   * connection of this repository, or retained from an upstream repository.
   */
  ingest?: Exclude<OriginRestrictionType, 'PUBLISH'>;
  /** Keep these (a retained copy keeps the upstream's publish time and revision). */
  publishedAt?: number;
  revision?: string;
}

export interface RecordedVersion {
  package: PackageRecord;
  version: VersionRecord;
  assets: AssetRecord[];
  /** False when the version existed and nothing changed. */
  changed: boolean;
}

export async function recordVersion(
  tx: PublishingTx,
  blobs: BlobLifecycle,
  c: PackageCoordinates,
  input: VersionToRecord,
  now: number,
): Promise<RecordedVersion> {
  const via: OriginRestrictionType | undefined = input.publish ? 'PUBLISH' : input.ingest;
  if (via) {
    const { allowed, decidedBy } = await (await originRules(tx, c)).allows(via, c.repositoryName);
    if (!allowed) throw blockedByGroup(c, input.version, via, decidedBy);
  }
  const pkg = await tx.ensurePackage(c, input.newPackage, now);
  if (input.publish && pkg.publish === 'BLOCK') {
    throw accessDenied(
      `Publishing to package ${displayName(c)} in repository ${c.repositoryName} is blocked by its origin configuration (publish=BLOCK).`,
    );
  }
  const existing = await tx.getVersion(pkg.id, input.version);
  if (!existing) {
    const details = input.details();
    const created = await tx.insertVersion({
      packageId: pkg.id,
      version: input.version,
      status: input.status,
      revision: input.revision ?? revisionOf(input.version, input.assets, details),
      ...input.origin,
      publishedAt: input.publishedAt ?? now,
      updatedAt: now,
      details,
    });
    if (!created)
      throw conflict(
        'package-version',
        input.version,
        `Package version ${input.version} was created concurrently; retry the request.`,
      );
    const assets = await insertAssets(tx, blobs, created.id, input.assets, now);
    return { package: pkg, version: created, assets, changed: true };
  }
  if (input.ifExists === 'keep') return { package: pkg, version: existing, assets: [], changed: false };
  if (input.ifExists === 'conflict')
    throw conflict(
      'package-version',
      input.version,
      `Cannot publish over the existing version ${displayName(c)}@${input.version}; delete it first.`,
    );

  const fresh: StoredAsset[] = [];
  const same: AssetRecord[] = [];
  for (const asset of input.assets) {
    const there = await tx.getAsset(existing.id, asset.name);
    if (!there) fresh.push(asset);
    else if (there.sha256 !== asset.sha256)
      throw conflict(
        'asset',
        asset.name,
        `Asset ${asset.name} of version ${input.version} already exists with different content.`,
      );
    else same.push(there);
  }
  const finishing = existing.status === 'Unfinished' && input.status !== 'Unfinished';
  if (fresh.length === 0) {
    // The same bytes again: idempotent, as AWS treats an identical re-publish.
    if (!finishing) return { package: pkg, version: existing, assets: same, changed: false };
    const finished = { ...existing, status: input.status, updatedAt: now };
    await tx.updateVersion(finished);
    return { package: pkg, version: finished, assets: same, changed: true };
  }
  const appendable = formatOf(c.format).appendAssets
    ? existing.status !== 'Archived' && existing.status !== 'Disposed'
    : existing.status === 'Unfinished';
  if (!appendable)
    throw conflict(
      'package-version',
      input.version,
      formatOf(c.format).appendAssets
        ? `Package version ${input.version} is ${existing.status}: files cannot be added to it.`
        : `Package version ${input.version} is ${existing.status}: assets can be added only while a version is Unfinished.`,
    );
  const inserted = await insertAssets(tx, blobs, existing.id, fresh, now);
  const details = input.details(existing.details);
  const all = await tx.listAssets(existing.id, undefined, 100_000);
  const updated: VersionRecord = {
    ...existing,
    status: finishing || existing.status === 'Unfinished' ? input.status : existing.status,
    revision: revisionOf(input.version, all, details),
    details,
    updatedAt: now,
  };
  await tx.updateVersion(updated);
  return { package: pkg, version: updated, assets: [...same, ...inserted], changed: true };
}

/** Publishing is refused (403, as for publish=BLOCK); an ingest finds nothing (404, as for upstream=BLOCK). */
function blockedByGroup(c: PackageCoordinates, version: string, via: OriginRestrictionType, group: string) {
  const what = `${displayName(c)}@${version}`;
  const setting = `the origin configuration of package group ${group} (${via})`;
  return via === 'PUBLISH'
    ? accessDenied(`Publishing ${what} to repository ${c.repositoryName} is blocked by ${setting}.`)
    : notFound(
        'package-version',
        version,
        `${what}: entering repository ${c.repositoryName} is blocked by ${setting}.`,
      );
}

async function insertAssets(
  tx: PublishingTx,
  blobs: BlobLifecycle,
  versionId: number,
  assets: StoredAsset[],
  now: number,
): Promise<AssetRecord[]> {
  const out: AssetRecord[] = [];
  for (const asset of assets) {
    await blobs.retain(tx, asset, now);
    const record = { ...asset, versionId, createdAt: now };
    await tx.insertAsset(record);
    out.push(record);
  }
  return out;
}
