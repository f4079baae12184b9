// Panorama packages and their versions (patches). AWS retired Panorama in 2026; Quiver keeps its package
// API answering for the tooling that still speaks it. IDs, ARNs and StorageLocation follow AWS's shapes.
import type { PanoramaPackageRecord, PanoramaVersionRecord, Scope } from '../../store/records.js';
import type { PanoramaTx, Store, TagTx } from '../../store/store.js';
import type { Caller } from '../shared/caller.js';
import { ownedScope } from '../shared/caller.js';
import { conflict, invalid, notFound } from '../shared/errors.js';
import { randomString } from '../shared/ids.js';
import { isGone, statusOf, type PanoramaTiming, type PanoramaVersionStatus } from './status.js';

const BASE32_LOWER = 'abcdefghijklmnopqrstuvwxyz234567';
export const NAME_ALIAS_PREFIX = 'packageName/';

export const panoramaPackageArn = (scope: Scope, packageId: string) =>
  `arn:aws:panorama:${scope.region}:${scope.accountId}:package/${packageId}`;

/** Quiver hosts no S3 access point; these are the names such a store would use (documented in docs/behaviour.md). */
export function storageLocation(scope: Scope, packageId: string) {
  return {
    Bucket: `quiver-panorama-${scope.accountId}-${scope.region}`,
    RepoPrefixLocation: packageId,
    GeneratedPrefixLocation: `${packageId}/generated`,
    BinaryPrefixLocation: `${packageId}/binaries`,
    ManifestPrefixLocation: `${packageId}/manifests`,
  };
}

export interface PanoramaVersionView {
  package: PanoramaPackageRecord;
  record: PanoramaVersionRecord;
  status: PanoramaVersionStatus;
  isLatest: boolean;
}

const packageNotFound = (id: string) => notFound('Package', id, `Package ${id} not found.`);
const versionNotFound = (id: string, version: string, patch?: string) =>
  notFound(
    'PackageVersion',
    `${id}/${version}${patch ? `/${patch}` : ''}`,
    `Package version ${version}${patch ? ` patch ${patch}` : ''} of package ${id} not found.`,
  );

export class PanoramaPackages {
  constructor(
    private readonly store: Store<PanoramaTx & TagTx>,
    readonly timing: PanoramaTiming,
  ) {}

  scope(caller: Caller): Scope {
    return { accountId: caller.accountId, region: caller.region };
  }

  /** OwnerAccount defaults to the caller; another account is AccessDenied (Quiver has no cross-account shares). */
  owner(caller: Caller, ownerAccount: string | undefined, action: string, packageId: string): string {
    // The ARN a denial names is the owner's package, not the caller's (QA L3b).
    const owner = { accountId: ownerAccount ?? caller.accountId, region: caller.region };
    ownedScope(caller, ownerAccount, `panorama:${action}`, panoramaPackageArn(owner, packageId));
    return caller.accountId;
  }

  /** A PackageId, or its `packageName/<name>` alias as panorama-cli sends it. */
  async resolve(tx: PanoramaTx, scope: Scope, packageId: string): Promise<PanoramaPackageRecord> {
    const found = packageId.startsWith(NAME_ALIAS_PREFIX)
      ? await tx.getPanoramaPackageByName(scope, packageId.slice(NAME_ALIAS_PREFIX.length))
      : await tx.getPanoramaPackage(scope, packageId);
    if (!found) throw packageNotFound(packageId);
    return found;
  }

  async create(
    caller: Caller,
    name: string,
    tags: Record<string, string>,
    now: number,
  ): Promise<PanoramaPackageRecord> {
    const scope = this.scope(caller);
    const record: PanoramaPackageRecord = {
      ...scope,
      packageId: `package-${randomString(BASE32_LOWER, 26)}`,
      name,
      createdAt: now,
    };
    return this.store.write(async (tx) => {
      if (!(await tx.insertPanoramaPackage(record))) {
        const existing = await tx.getPanoramaPackageByName(scope, name);
        throw conflict('Package', existing?.packageId ?? name, 'Package with same name exists.');
      }
      const entries = Object.entries(tags).map(([key, value]) => ({ key, value }));
      if (entries.length > 0) await tx.putTags(panoramaPackageArn(scope, record.packageId), entries);
      return record;
    });
  }

  /** Finds or creates a package by name (import jobs name their output package). */
  async ensureByName(tx: PanoramaTx, scope: Scope, name: string, now: number): Promise<PanoramaPackageRecord> {
    const existing = await tx.getPanoramaPackageByName(scope, name);
    if (existing) return existing;
    const record: PanoramaPackageRecord = {
      ...scope,
      packageId: `package-${randomString(BASE32_LOWER, 26)}`,
      name,
      createdAt: now,
    };
    await tx.insertPanoramaPackage(record);
    return (await tx.getPanoramaPackageByName(scope, name))!;
  }

  async describe(
    caller: Caller,
    packageId: string,
  ): Promise<{ record: PanoramaPackageRecord; tags: Record<string, string> }> {
    const scope = this.scope(caller);
    return this.store.read(async (tx) => {
      const record = await this.resolve(tx, scope, packageId);
      return { record, tags: await this.tagMap(tx, panoramaPackageArn(scope, record.packageId)) };
    });
  }

  async tagMap(tx: TagTx, arn: string): Promise<Record<string, string>> {
    return Object.fromEntries((await tx.getTags(arn)).map((tag) => [tag.key, tag.value]));
  }

  async list(
    caller: Caller,
    afterName: string | undefined,
    limit: number,
  ): Promise<{ record: PanoramaPackageRecord; tags: Record<string, string> }[]> {
    const scope = this.scope(caller);
    return this.store.read(async (tx) => {
      const records = await tx.listPanoramaPackages(scope, afterName, limit);
      return Promise.all(
        records.map(async (record) => ({
          record,
          tags: await this.tagMap(tx, panoramaPackageArn(scope, record.packageId)),
        })),
      );
    });
  }

  /** Without ForceDelete a package with registered versions is a Conflict; with it, everything goes. */
  async delete(caller: Caller, packageId: string, force: boolean, now: number): Promise<void> {
    const scope = this.scope(caller);
    await this.store.write(async (tx) => {
      const record = await this.resolve(tx, scope, packageId);
      const live = (await tx.listPanoramaVersions(record.packageId)).filter((v) => !isGone(v, now, this.timing));
      if (live.length > 0 && !force) {
        throw conflict(
          'Package',
          record.packageId,
          `Package ${record.packageId} has ${live.length} registered versions; deregister them or set ForceDelete.`,
        );
      }
      await tx.deletePanoramaPackage(record.packageId);
      await tx.deleteAllTags(panoramaPackageArn(scope, record.packageId));
    });
  }

  /** Deregistrations that finished by this time are gone (status.ts `isGone`): deregistered_at <= it. */
  private finishedBy(now: number): number {
    return now - this.timing.deregistrationMs;
  }

  /**
   * Every write to a package first purges its finished deregistrations (by an index of only the deregistered
   * rows), so that the version it then reads by key holds no gone patch.
   */
  private async purge(tx: PanoramaTx, packageId: string, now: number): Promise<void> {
    await tx.purgePanoramaVersions(packageId, this.finishedBy(now));
  }

  /**
   * RegisterPackageVersion. A new patch starts REGISTER_PENDING. It becomes the latest patch of its version with
   * MarkLatest, or when its version has no latest patch yet; re-registering an existing patch with MarkLatest
   * makes it latest (the CloudFormation provider's update does exactly that).
   */
  async register(
    caller: Caller,
    packageId: string,
    packageVersion: string,
    patchVersion: string,
    markLatest: boolean,
    ownerAccount: string | undefined,
    now: number,
    failure?: string,
  ): Promise<PanoramaVersionView> {
    const scope = this.scope(caller);
    const owner = this.owner(caller, ownerAccount, 'RegisterPackageVersion', packageId);
    return this.store.write(async (tx) => {
      const pkg = await this.resolve(tx, scope, packageId);
      await this.purge(tx, pkg.packageId, now);
      const version = { packageId: pkg.packageId, ownerAccount: owner, packageVersion };
      const found = await tx.getPanoramaPatch({ ...version, patchVersion });
      // A patch on its way out (DELETING) is registered afresh: its row is overwritten.
      const existing = found?.deregisteredAt === undefined ? found : undefined;
      let record: PanoramaVersionRecord = existing ?? {
        ...version,
        patchVersion,
        isLatest: false,
        registeredAt: now,
        failure,
      };
      // An existing patch changes only with MarkLatest; a new one is also made latest when no other patch is.
      let hasLatest = true;
      if (!existing) {
        const latest = await tx.getLatestPanoramaPatch(version, this.finishedBy(now));
        hasLatest = latest !== undefined && latest.patchVersion !== patchVersion && latest.deregisteredAt === undefined;
        await tx.putPanoramaVersion(record);
      }
      if (markLatest || !hasLatest) {
        await tx.setLatestPanoramaPatch(version, patchVersion);
        record = { ...record, isLatest: true };
      }
      return { package: pkg, record, status: statusOf(record, now, this.timing), isLatest: record.isLatest };
    });
  }

  /**
   * DeregisterPackageVersion: the patch is DELETING for a moment, then gone. When it was the latest patch,
   * UpdatedLatestPatchVersion names its successor (which must be registered); otherwise no patch is latest.
   */
  async deregister(
    caller: Caller,
    packageId: string,
    packageVersion: string,
    patchVersion: string,
    ownerAccount: string | undefined,
    updatedLatest: string | undefined,
    now: number,
  ): Promise<void> {
    const scope = this.scope(caller);
    const owner = this.owner(caller, ownerAccount, 'DeregisterPackageVersion', packageId);
    await this.store.write(async (tx) => {
      const pkg = await this.resolve(tx, scope, packageId);
      await this.purge(tx, pkg.packageId, now);
      const version = { packageId: pkg.packageId, ownerAccount: owner, packageVersion };
      const target = await tx.getPanoramaPatch({ ...version, patchVersion });
      if (!target) throw versionNotFound(pkg.packageId, packageVersion, patchVersion);
      if (target.deregisteredAt !== undefined) return; // already on its way out
      if (updatedLatest !== undefined) {
        if (updatedLatest === patchVersion)
          throw invalid('UpdatedLatestPatchVersion must name another patch than the one being deregistered.');
        const successor = await tx.getPanoramaPatch({ ...version, patchVersion: updatedLatest });
        if (!successor || successor.deregisteredAt !== undefined)
          throw versionNotFound(pkg.packageId, packageVersion, updatedLatest);
        await tx.setLatestPanoramaPatch(version, updatedLatest);
      }
      await tx.putPanoramaVersion({ ...target, isLatest: false, deregisteredAt: now });
    });
  }

  /** Every live patch of a package with its derived status, newest registration first (the web catalog's list). */
  async versions(caller: Caller, packageId: string, now: number): Promise<PanoramaVersionView[]> {
    const scope = this.scope(caller);
    return this.store.read(async (tx) => {
      const pkg = await this.resolve(tx, scope, packageId);
      return (await tx.listPanoramaVersions(pkg.packageId))
        .filter((v) => v.ownerAccount === caller.accountId && !isGone(v, now, this.timing))
        .sort((a, b) => b.registeredAt - a.registeredAt)
        .map((record) => ({
          package: pkg,
          record,
          status: statusOf(record, now, this.timing),
          isLatest: record.isLatest,
        }));
    });
  }

  /** DescribePackageVersion: the named patch, or without one the latest patch (else the newest registered). */
  async describeVersion(
    caller: Caller,
    packageId: string,
    packageVersion: string,
    patchVersion: string | undefined,
    ownerAccount: string | undefined,
    now: number,
  ): Promise<PanoramaVersionView> {
    const scope = this.scope(caller);
    const owner = this.owner(caller, ownerAccount, 'DescribePackageVersion', packageId);
    return this.store.read(async (tx) => {
      const pkg = await this.resolve(tx, scope, packageId);
      const version = { packageId: pkg.packageId, ownerAccount: owner, packageVersion };
      let record: PanoramaVersionRecord | undefined;
      if (patchVersion !== undefined) {
        record = await tx.getPanoramaPatch({ ...version, patchVersion });
        if (record && isGone(record, now, this.timing)) record = undefined;
      } else {
        // No patch is latest only when every live patch is unmarked: then the newest of those is the newest.
        const finishedBy = this.finishedBy(now);
        record =
          (await tx.getLatestPanoramaPatch(version, finishedBy)) ??
          (await tx.getNewestUnmarkedPanoramaPatch(version, finishedBy));
      }
      if (!record) throw versionNotFound(pkg.packageId, packageVersion, patchVersion);
      return { package: pkg, record, status: statusOf(record, now, this.timing), isLatest: record.isLatest };
    });
  }

  private async requireArn(tx: PanoramaTx & TagTx, caller: Caller, arn: string, action = 'TagResource'): Promise<void> {
    const match = /^arn:aws:panorama:([^:]+):(\d{12}):package\/(package-[a-z0-9]+)$/.exec(arn);
    if (!match) throw notFound('Resource', arn, `Resource ${arn} not found: Quiver tags Panorama packages.`);
    ownedScope(caller, match[2], `panorama:${action}`, arn);
    if (match[1] !== caller.region || !(await tx.getPanoramaPackage(this.scope(caller), match[3]!))) {
      throw notFound('Package', arn, `Resource ${arn} not found.`);
    }
  }

  async tag(caller: Caller, arn: string, tags: Record<string, string>): Promise<void> {
    await this.store.write(async (tx) => {
      await this.requireArn(tx, caller, arn);
      const merged = { ...(await this.tagMap(tx, arn)), ...tags };
      if (Object.keys(merged).length > 50)
        throw invalid(`A resource can have at most 50 tags; ${arn} would have ${Object.keys(merged).length}.`);
      await tx.putTags(
        arn,
        Object.entries(tags).map(([key, value]) => ({ key, value })),
      );
    });
  }

  async untag(caller: Caller, arn: string, keys: string[]): Promise<void> {
    await this.store.write(async (tx) => {
      await this.requireArn(tx, caller, arn);
      await tx.removeTags(arn, keys);
    });
  }

  async listTags(caller: Caller, arn: string): Promise<Record<string, string>> {
    return this.store.read(async (tx) => {
      await this.requireArn(tx, caller, arn, 'ListTagsForResource');
      return this.tagMap(tx, arn);
    });
  }
}
