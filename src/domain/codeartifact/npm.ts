// The npm view of a CodeArtifact repository, as the npm adapter (registries/npm/routes.ts) uses it: one facade
// over the jobs in npm/ — names, packument views, tarballs, publish, deprecate/unpublish, dist-tags.
// Statuses decide what npm sees: only Published versions are listed; Published and Unlisted tarballs download
// (a lockfile pinned to an Unlisted version still installs); Archived, Disposed and Unfinished are neither
// listed nor downloadable. dist-tags never point at a version the packument omits.
import type { Readable } from 'node:stream';
import type { AssetRecord, VersionRecord } from '../../store/records.js';
import type { Store } from '../../store/store.js';
import type { BlobLifecycle } from './blob-lifecycle.js';
import { coordinatesOf, type ExternalNpmRegistry, type NpmContext, type NpmTx } from './npm/context.js';
import { deleteDistTag, setDistTag } from './npm/dist-tags.js';
import type { NpmMetadataEdit, NpmPublish } from './npm/documents.js';
import { updateMetadata } from './npm/metadata-writes.js';
import type { NpmName } from './npm/names.js';
import { type NpmPackageView, packumentView } from './npm/packument-view.js';
import { publish } from './npm/publish.js';
import { tarball } from './npm/tarballs.js';
import type { RegistryRepository, Upstreams } from './upstreams.js';

/** The repository an npm endpoint URL names, as seen by the holder of an authorization token. */
export type NpmRepository = RegistryRepository;

export class NpmPackages {
  private readonly context: NpmContext;

  constructor(store: Store<NpmTx>, blobs: BlobLifecycle, upstreams: Upstreams, external?: ExternalNpmRegistry) {
    this.context = { store, blobs, upstreams, external };
  }

  /** A cheap validator for a cached packument: one read of repository and package records, no versions. */
  async packumentStamp(repo: NpmRepository, name: NpmName): Promise<string | undefined> {
    return this.context.upstreams.stamp(coordinatesOf(repo, name));
  }

  /** Everything a packument is made of (npm/packument-view.ts); 404 when nobody on the search path has it. */
  packument(repo: NpmRepository, name: NpmName): Promise<NpmPackageView> {
    return packumentView(this.context, repo, name);
  }

  /** A tarball's bytes, retained from an upstream or the external registry on first use (npm/tarballs.ts). */
  tarball(repo: NpmRepository, name: NpmName, file: string): Promise<{ content: Readable; asset: AssetRecord }> {
    return tarball(this.context, repo, name, file);
  }

  /** `npm publish` (npm/publish.ts). */
  publish(repo: NpmRepository, name: NpmName, body: NpmPublish, now: number): Promise<VersionRecord> {
    return publish(this.context, repo, name, body, now);
  }

  /** `npm deprecate` and `npm unpublish <pkg>@<version>` (npm/metadata-writes.ts). */
  updateMetadata(
    repo: NpmRepository,
    name: NpmName,
    edit: NpmMetadataEdit & { unpublish: boolean },
    now: number,
  ): Promise<void> {
    return updateMetadata(this.context, repo, name, edit, now);
  }

  /** `npm unpublish <pkg> --force` (DELETE <pkg>/-rev/<rev>): every version goes (the package record and its origin settings stay). */
  async unpublishAll(repo: NpmRepository, name: NpmName, rev: string): Promise<void> {
    await updateMetadata(this.context, repo, name, { rev, versions: {}, unpublish: true }, Date.now());
  }

  async distTags(repo: NpmRepository, name: NpmName): Promise<Record<string, string>> {
    return (await this.packument(repo, name)).distTags;
  }

  setDistTag(repo: NpmRepository, name: NpmName, tag: string, version: string): Promise<void> {
    return setDistTag(this.context, repo, name, tag, version);
  }

  deleteDistTag(repo: NpmRepository, name: NpmName, tag: string): Promise<void> {
    return deleteDistTag(this.context, repo, name, tag);
  }
}
