// What every npm job in this folder is given — the catalog, the blob lifecycle, the upstream search and the
// port to the external registry — and the catalog reads they share. Statuses decide what npm sees: only
// LISTED versions are in a packument; DOWNLOADABLE ones (Published and Unlisted: a lockfile pinned to an
// Unlisted version still installs) serve their tarballs.
import { allVersions as everyVersion } from '../all-versions.js';
import type { PackageCoordinates, VersionRecord } from '../../../store/records.js';
import type { BlobTx, CatalogTx, Store } from '../../../store/store.js';
import type { BlobLifecycle } from '../blob-lifecycle.js';
import { npmFormat } from '../formats/npm.js';
import { repositoryNotFound } from '../repositories.js';
import type { RegistryRepository, Upstreams } from '../upstreams.js';
import type { NpmName } from './names.js';

/** What npm reads and writes: the catalog and the blob rows its publishes and deletes retain and release. */
export type NpmTx = CatalogTx & BlobTx;

/** A public npm registry behind an external connection (public:npmjs), as the registries layer reaches it. */
export interface ExternalNpmRegistry {
  /** The full packument, or undefined when the registry does not have the package. */
  packument(name: string): Promise<
    | {
        versions?: Record<string, Record<string, unknown>>;
        'dist-tags'?: Record<string, string>;
        time?: Record<string, string>;
      }
    | undefined
  >;
  tarball(url: string): Promise<Buffer>;
}

export interface NpmContext {
  store: Store<NpmTx>;
  blobs: BlobLifecycle;
  upstreams: Upstreams;
  external?: ExternalNpmRegistry;
}

export const LISTED = npmFormat.listed;
export const DOWNLOADABLE = npmFormat.downloadable;

export function coordinatesOf(repo: RegistryRepository, name: NpmName): PackageCoordinates {
  return { ...repo, format: npmFormat.name, namespace: name.namespace, name: name.name };
}

export async function requireRepository(tx: NpmTx, repo: RegistryRepository): Promise<void> {
  if (!(await tx.getRepository(repo, repo.domainName, repo.repositoryName)))
    throw repositoryNotFound(repo, repo.domainName, repo.repositoryName);
}

/** Every version of a package (a packument and an unpublish need them all): the shared pager. */
export const allVersions = (tx: NpmTx, packageId: number): Promise<VersionRecord[]> => everyVersion(tx, packageId);
