// The Store contract: everything the domain may ask of metadata storage, and nothing about how.
// Backends (SQLite, PostgreSQL) implement it and pass one conformance suite (test/store/).
//
// StoreTx is the sum of one interface per area, each declared beside its SQL in sql/<area>.ts with its
// records in records/<area>.ts. A domain class names only the slice it uses (`Store<IotTx & TagTx>`), so
// what a change can reach is visible in its type, and adding a query to one area touches no other area.
//
// Transactions: `write` runs its work in one serialisable transaction and commits all or nothing;
// a `write` or `read` called while a `write` is active in the same async context joins it, so a domain
// operation can be composed into a larger one (e.g. the clientToken idempotency wrapper) unchanged.
import type { AccessTx } from './sql/access.js';
import type { BlobTx } from './sql/blobs.js';
import type { CatalogAssetsTx } from './sql/catalog-assets.js';
import type { CatalogPackagesTx } from './sql/catalog-packages.js';
import type { CatalogRepositoriesTx } from './sql/catalog-repositories.js';
import type { CatalogSearchTx } from './sql/catalog-search.js';
import type { CatalogVersionsTx } from './sql/catalog-versions.js';
import type { IdempotencyTx } from './sql/idempotency.js';
import type { IdentityTx, SettingTx } from './sql/identity.js';
import type { ImageTx } from './sql/images.js';
import type { IotTx } from './sql/iot.js';
import type { PackageGroupTx } from './sql/package-groups.js';
import type { PanoramaTx } from './sql/panorama.js';
import type { TagTx } from './sql/tags.js';

export type {
  AccessTx,
  BlobTx,
  CatalogAssetsTx,
  CatalogPackagesTx,
  CatalogRepositoriesTx,
  CatalogSearchTx,
  CatalogVersionsTx,
  IdempotencyTx,
  IdentityTx,
  ImageTx,
  IotTx,
  PackageGroupTx,
  PanoramaTx,
  SettingTx,
  TagTx,
};
export type { AssetLookup } from './sql/catalog-assets.js';

/**
 * The CodeArtifact catalog: domains and repositories, packages and dist-tags, versions, assets, search by name,
 * package groups (whose origin controls every way a version enters a repository consults).
 */
export type CatalogTx = CatalogRepositoriesTx &
  CatalogPackagesTx &
  CatalogVersionsTx &
  CatalogAssetsTx &
  CatalogSearchTx &
  PackageGroupTx;

/** Everything a transaction can do: the sum of the areas. */
export type StoreTx = IdentityTx & AccessTx & CatalogTx & BlobTx & TagTx & IdempotencyTx & PanoramaTx & IotTx & ImageTx;

export interface WriteOptions {
  /**
   * Writes naming the same key are known to touch the same rows (a package's versions and its change counter):
   * a backend whose writers run concurrently runs them one after another instead of letting them conflict and
   * retry. (SQLite has one writer anyway; PostgreSQL takes an advisory lock before the transaction begins, and
   * runs it REPEATABLE READ: the lock, the keys and row-level write conflicts carry its invariants, see
   * store/postgres/postgres-store.ts. A write whose check reads rows outside its key must name a key that
   * covers them: that write skew is not caught.)
   */
  contention?: string;
}

/**
 * A Store whose transactions show the slice `Tx` of StoreTx. The composition root opens one `Store` (all of
 * StoreTx) and hands it to every domain class; each class declares the slice it uses, e.g. `Store<IotTx & TagTx>`.
 */
export interface Store<Tx = StoreTx> {
  readonly backend: string;
  /**
   * Runs `work` outside any transaction: each statement sees the latest commit when it runs, so two reads in one
   * `read` may see different commits (reads are not a snapshot). A single-statement read (e.g. lookupAsset) is
   * consistent by itself; work that needs several reads to agree runs in `write`. Inside an active `write`, joins it.
   */
  read<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  write<T>(work: (tx: Tx) => Promise<T>, options?: WriteOptions): Promise<T>;
  /** Problems a consistency check finds (empty when the catalog is consistent). */
  integrityProblems(): Promise<string[]>;
  close(): Promise<void>;
}
