// The batch version operations: UpdatePackageVersionsStatus, DisposePackageVersions, DeletePackageVersions
// and CopyPackageVersions. All-or-nothing, as AWS behaves today: every check runs first, inside the same
// write transaction as the changes, so two racing callers with the same expectedStatus can never both win;
// if any version fails, nothing changes and every other version is reported SKIPPED.
import type { PackageCoordinates, PackageRecord, VersionRecord, VersionStatus } from '../../store/records.js';
import type { BlobTx, CatalogTx } from '../../store/store.js';
import type { Caller } from '../shared/caller.js';
import { invalid } from '../shared/errors.js';
import { displayName, type PackageRef, type Packages } from './packages.js';
import { versionNotFound, type PackageVersions } from './versions.js';

export type BatchErrorCode =
  | 'ALREADY_EXISTS'
  | 'MISMATCHED_REVISION'
  | 'MISMATCHED_STATUS'
  | 'NOT_ALLOWED'
  | 'NOT_FOUND'
  | 'SKIPPED';

export interface BatchResult {
  successfulVersions: Record<string, { revision: string; status: VersionStatus | 'Deleted' }>;
  failedVersions: Record<string, { errorCode: BatchErrorCode; errorMessage: string }>;
}

export interface BatchConditions {
  versions: string[];
  versionRevisions?: Record<string, string>;
  expectedStatus?: string;
}

export const MAX_BATCH_VERSIONS = 100;
const UPDATABLE_TARGETS = new Set(['Published', 'Unlisted', 'Archived']);

type Check = (version: VersionRecord) => { errorCode: BatchErrorCode; errorMessage: string } | undefined;

/** The versions named by a request, in order, without repeats; versionRevisions may only name listed versions. */
function requestedVersions(conditions: BatchConditions): string[] {
  const versions = [...new Set(conditions.versions)];
  const extra = Object.keys(conditions.versionRevisions ?? {}).filter((v) => !versions.includes(v));
  if (extra.length > 0) throw invalid(`versionRevisions names versions that are not in versions: ${extra.join(', ')}`);
  // The model bounds `versions` (100) but not the `versionRevisions` map a copy may be given instead.
  if (versions.length > MAX_BATCH_VERSIONS)
    throw invalid(`At most ${MAX_BATCH_VERSIONS} versions may be given in one request.`);
  return versions;
}

/**
 * The package (404 as Packages.requirePackage answers it) and every version the request names, in one
 * statement; then checks each: returns them all, or the failures with the rest SKIPPED.
 */
async function checkAll(
  packages: Packages,
  tx: CatalogTx & BlobTx,
  c: PackageCoordinates,
  conditions: BatchConditions,
  extraCheck?: Check,
): Promise<{ pkg: PackageRecord; found: VersionRecord[]; failed?: BatchResult['failedVersions'] }> {
  let versions: string[];
  try {
    versions = requestedVersions(conditions);
  } catch (error) {
    await packages.requirePackage(tx, c); // a missing package is the answer before a malformed request
    throw error;
  }
  const read = await tx.getPackageVersions(c, versions);
  // No package: requirePackage reads again to tell a missing repository from a missing package, and throws.
  const pkg = read.pkg ?? (await packages.requirePackage(tx, c));
  const failed: BatchResult['failedVersions'] = {};
  const found: VersionRecord[] = [];
  const byName = new Map(read.versions.map((record) => [record.version, record]));
  for (const name of versions) {
    const version = byName.get(name);
    if (!version) {
      failed[name] = {
        errorCode: 'NOT_FOUND',
        errorMessage: `Could not find version ${name} of package ${displayName(c)}`,
      };
      continue;
    }
    const expectedRevision = conditions.versionRevisions?.[name];
    if (conditions.expectedStatus !== undefined && version.status !== conditions.expectedStatus) {
      failed[name] = {
        errorCode: 'MISMATCHED_STATUS',
        errorMessage: `current status: ${version.status}, expected status: ${conditions.expectedStatus}`,
      };
    } else if (expectedRevision !== undefined && expectedRevision !== version.revision) {
      failed[name] = {
        errorCode: 'MISMATCHED_REVISION',
        errorMessage: `current revision: ${version.revision}, expected revision: ${expectedRevision}`,
      };
    } else {
      const problem = extraCheck?.(version);
      if (problem) failed[name] = problem;
      else found.push(version);
    }
  }
  if (Object.keys(failed).length === 0) return { pkg, found };
  for (const name of versions) {
    failed[name] ??= { errorCode: 'SKIPPED', errorMessage: `version ${name} is skipped` };
  }
  return { pkg, found: [], failed };
}

export class VersionBatches {
  constructor(
    private readonly packages: Packages,
    private readonly versions: PackageVersions,
  ) {}

  private get store() {
    return this.packages.store;
  }

  async updateStatus(
    caller: Caller,
    ref: PackageRef,
    conditions: BatchConditions,
    targetStatus: string,
    now: number,
  ): Promise<BatchResult> {
    if (!UPDATABLE_TARGETS.has(targetStatus)) {
      throw invalid(
        `targetStatus ${targetStatus} is not allowed: UpdatePackageVersionsStatus sets Published, Unlisted or Archived ` +
          '(use DisposePackageVersions to dispose, DeletePackageVersions to delete).',
      );
    }
    const c = this.packages.coordinates(caller, ref, 'UpdatePackageVersionsStatus');
    return this.store.write(async (tx) => {
      const { found, failed } = await checkAll(this.packages, tx, c, conditions, (version) =>
        version.status === 'Disposed'
          ? {
              errorCode: 'NOT_ALLOWED',
              errorMessage: `version ${version.version} is Disposed: a disposed version can only be deleted`,
            }
          : undefined,
      );
      if (failed) return { successfulVersions: {}, failedVersions: failed };
      const successfulVersions: BatchResult['successfulVersions'] = {};
      await tx.setVersionStatus(
        found.filter((v) => v.status !== targetStatus).map((v) => v.id),
        targetStatus as VersionStatus,
        now,
      );
      for (const version of found)
        successfulVersions[version.version] = { revision: version.revision, status: targetStatus as VersionStatus };
      return { successfulVersions, failedVersions: {} };
    });
  }

  /** Disposed: assets (and their bytes, unless another version shares them) are deleted; metadata stays. */
  async dispose(caller: Caller, ref: PackageRef, conditions: BatchConditions, now: number): Promise<BatchResult> {
    return this.removeAssets(caller, ref, conditions, 'DisposePackageVersions', 'Disposed', (tx, version) =>
      tx.setVersionStatus([version.id], 'Disposed', now),
    );
  }

  /** Deleted from any status, Disposed included; the version may then be published again. */
  async delete(
    caller: Caller,
    ref: PackageRef,
    conditions: Omit<BatchConditions, 'versionRevisions'>,
  ): Promise<BatchResult> {
    return this.removeAssets(caller, ref, conditions, 'DeletePackageVersions', 'Deleted', (tx, version) =>
      tx.deleteVersion(version.id),
    );
  }

  /** Dispose and delete alike: check all, drop the assets, then the bytes nothing else uses (after commit). */
  private async removeAssets(
    caller: Caller,
    ref: PackageRef,
    conditions: BatchConditions,
    action: string,
    outcome: 'Disposed' | 'Deleted',
    finish: (tx: CatalogTx & BlobTx, version: VersionRecord) => Promise<void>,
  ): Promise<BatchResult> {
    const c = this.packages.coordinates(caller, ref, action);
    const { result, doomed } = await this.store.write(async (tx) => {
      const { found, failed } = await checkAll(this.packages, tx, c, conditions);
      if (failed) return { result: { successfulVersions: {}, failedVersions: failed }, doomed: [] as string[] };
      const successfulVersions: BatchResult['successfulVersions'] = {};
      const digests: string[] = [];
      for (const version of found) {
        digests.push(...(await tx.deleteAssets(version.id)));
        await finish(tx, version);
        successfulVersions[version.version] = { revision: version.revision, status: outcome };
      }
      return {
        result: { successfulVersions, failedVersions: {} },
        doomed: await this.packages.blobs.markUnreferenced(tx, digests),
      };
    });
    await this.packages.blobs.deleteDoomed(doomed);
    return result;
  }

  /**
   * CopyPackageVersions between two repositories of one domain. `versions` XOR `versionRevisions`.
   * An identical version already in the destination is left alone and reported in neither map; a different
   * one is ALREADY_EXISTS unless allowOverwrite. Copies keep status, revision, origin and asset bytes.
   */
  async copy(
    caller: Caller,
    ref: Omit<PackageRef, 'repository'> & { sourceRepository: string; destinationRepository: string },
    selection: { versions?: string[]; versionRevisions?: Record<string, string> },
    allowOverwrite: boolean,
    now: number,
  ): Promise<BatchResult> {
    const hasVersions = selection.versions !== undefined && selection.versions.length > 0;
    const hasRevisions = selection.versionRevisions !== undefined && Object.keys(selection.versionRevisions).length > 0;
    if (hasVersions === hasRevisions)
      throw invalid('You must specify versions or versionRevisions. You cannot specify both.');
    if (ref.sourceRepository === ref.destinationRepository)
      throw invalid('The source and destination repositories must differ.');
    const source = this.packages.coordinates(
      caller,
      { ...ref, repository: ref.sourceRepository },
      'CopyPackageVersions',
    );
    const destination = { ...source, repositoryName: ref.destinationRepository };
    const conditions: BatchConditions = hasVersions
      ? { versions: selection.versions! }
      : { versions: Object.keys(selection.versionRevisions!), versionRevisions: selection.versionRevisions };

    const { result, doomed } = await this.store.write(async (tx) => {
      await this.packages.requireRepository(tx, destination);
      // The destination's package and its copies of the named versions in one statement; then the source's.
      // Past the batch bound nothing is read here: checkAll answers that request with its ValidationException
      // (an unbounded versionRevisions map would otherwise reach the database as one IN list of every key).
      const named = [...new Set(conditions.versions)];
      const there =
        named.length > MAX_BATCH_VERSIONS
          ? { pkg: undefined, versions: [] }
          : await tx.getPackageVersions(destination, named);
      const destinationPackage = there.pkg;
      const existing = new Map(there.versions.map((version) => [version.version, version]));
      const {
        pkg: sourcePackage,
        found,
        failed,
      } = await checkAll(this.packages, tx, source, conditions, (version) => {
        if (version.status === 'Disposed')
          return {
            errorCode: 'NOT_ALLOWED',
            errorMessage: `Version ${version.version} is Disposed and cannot be copied`,
          };
        const there = existing.get(version.version);
        if (there && there.revision !== version.revision && !allowOverwrite) {
          return { errorCode: 'ALREADY_EXISTS', errorMessage: `Version ${version.version} already exists` };
        }
        return undefined;
      });
      if (failed) {
        for (const [name, failure] of Object.entries(failed)) {
          if (failure.errorCode === 'SKIPPED') failure.errorMessage = `Version ${name} was skipped`;
        }
        return { result: { successfulVersions: {}, failedVersions: failed }, doomed: [] as string[] };
      }
      const target =
        destinationPackage ??
        (await tx.ensurePackage(
          destination,
          { publish: sourcePackage.publish, upstream: sourcePackage.upstream },
          now,
        ));
      const successfulVersions: BatchResult['successfulVersions'] = {};
      const replaced: string[] = [];
      for (const version of found) {
        const there = existing.get(version.version);
        if (there && there.revision === version.revision) continue; // identical: nothing to do, reported nowhere
        if (there) {
          replaced.push(...(await tx.deleteAssets(there.id)));
          await tx.deleteVersion(there.id);
        }
        const copy = await tx.insertVersion({ ...version, packageId: target.id, updatedAt: now });
        if (!copy) throw versionNotFound(destination, version.version);
        for (const asset of await tx.listAssets(version.id, undefined, 100_000)) {
          await tx.retainBlob(asset.sha256, asset.size, now);
          await tx.insertAsset({ ...asset, versionId: copy.id });
        }
        successfulVersions[version.version] = { revision: version.revision, status: version.status };
      }
      return {
        result: { successfulVersions, failedVersions: {} },
        doomed: await this.packages.blobs.markUnreferenced(tx, replaced),
      };
    });
    await this.packages.blobs.deleteDoomed(doomed);
    return result;
  }
}
