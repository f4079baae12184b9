// The NuGet view of a CodeArtifact repository, for the v3 resources (registries/nuget/): the flat container's
// version list and downloads, the registration's leaves, search, publish and unlist/relist. IDs are lowercased
// and versions normalised before anything is looked up or stored (nuget/ids.ts, nuget/versions.ts); a version
// keeps its original spelling of the prerelease label (NuGet compares labels case-insensitively, so a second
// spelling of the same version is a 409). Statuses: see formats/nuget.ts. Reads merge the repository with its
// upstreams (first holder of a version wins) and, for the flat container, the `public:nuget-org` feed; a
// .nupkg or .nuspec this repository lacks is retained from where it was found (upstreams.ts).
import type { Readable } from 'node:stream';
import type {
  AssetRecord,
  PackageCoordinates,
  PackageRecord,
  VersionDetails,
  VersionRecord,
  VersionSummaryRecord,
} from '../../store/records.js';
import type { BlobTx, CatalogTx, Store } from '../../store/store.js';
import { conflict, notFound } from '../shared/errors.js';
import { type BlobLifecycle, BlobVanished } from './blob-lifecycle.js';
import { nugetFormat } from './formats/nuget.js';
import { isNugetId, normalizeNugetId } from './nuget/ids.js';
import { type Nuspec, readNupkg } from './nuget/nuspec.js';
import { compareNugetVersionStrings, parseNugetVersion, formatVersion } from './nuget/versions.js';
import { publishContention } from './packages.js';
import { assetFrom, recordVersion } from './publishing.js';
import { repositoryNotFound } from './repositories.js';
import type { RegistryRepository, SearchNode, Upstreams } from './upstreams.js';
import { allVersionSummaries, allVersions } from './all-versions.js';

type NugetTx = CatalogTx & BlobTx;

/** What a NuGet version keeps in VersionDetails.manifest. */
export interface NugetManifest {
  nuspec: Omit<Nuspec, 'readme'>;
  /** The manifest as published, served as `{id}.nuspec`. */
  nuspecXml: string;
}

/** One version as the registration and search render it. */
export interface NugetVersionView {
  /** The stored (normalised) version. */
  version: string;
  /** Lowercased: the flat container's spelling. */
  lowerVersion: string;
  listed: boolean;
  publishedAt: number;
  /** Undefined for a version known only from the external feed's flat container. */
  nuspec?: Omit<Nuspec, 'readme'>;
}

export interface NugetPackageView {
  /** The ID as first published (its display name); the lowercased ID when no version says otherwise. */
  id: string;
  lowerId: string;
  /** In NuGet's version order, lowest first. */
  versions: NugetVersionView[];
}

/** The NuGet feed behind the `public:nuget-org` external connection, as the registries layer reaches it. */
export interface ExternalNugetFeed {
  /** The flat container's versions (lowercased) of a lowercased ID, or undefined when the feed has none. */
  versions(lowerId: string): Promise<string[] | undefined>;
  download(lowerId: string, lowerVersion: string): Promise<Buffer | undefined>;
}

export interface NugetSearchQuery {
  q: string;
  skip: number;
  take: number;
  prerelease: boolean;
  semVer2: boolean;
}

export interface PublishedNupkg {
  nuspec: Nuspec;
  version: VersionRecord;
}

export const nupkgName = (lowerId: string, lowerVersion: string) => `${lowerId}.${lowerVersion}.nupkg`;

const manifestOf = (record: VersionRecord) => record.details.manifest as unknown as NugetManifest | undefined;

/** What DescribePackageVersion, ListPackageVersionDependencies and GetPackageVersionReadme show of a nuspec. */
export function detailsOfNuspec(nuspec: Nuspec, nuspecXml: string): VersionDetails {
  const { readme, ...kept } = nuspec;
  const license = nuspec.licenseExpression ?? nuspec.licenseFile;
  return {
    displayName: nuspec.id,
    summary: nuspec.summary ?? nuspec.description,
    homePage: nuspec.projectUrl,
    sourceCodeRepository: nuspec.repository?.url,
    licenses: license || nuspec.licenseUrl ? [{ name: license, url: nuspec.licenseUrl }] : undefined,
    readme,
    dependencies: nuspec.dependencyGroups.flatMap((group) =>
      group.dependencies.map((d) => ({
        package: normalizeNugetId(d.id),
        dependencyType: group.targetFramework || undefined,
        versionRequirement: d.range,
      })),
    ),
    manifest: { nuspec: kept, nuspecXml } satisfies NugetManifest as unknown as Record<string, unknown>,
  };
}

export class NugetPackages {
  constructor(
    private readonly store: Store<NugetTx>,
    private readonly blobs: BlobLifecycle,
    private readonly upstreams: Upstreams,
    private readonly external?: ExternalNugetFeed,
  ) {}

  private coordinates(repo: RegistryRepository, id: string): PackageCoordinates {
    // An ID NuGet refuses names no package; it must not reach the database either (PostgreSQL refuses NUL).
    if (!isNugetId(id)) throw notFound('package', id, `No package has the ID "${id}": it is not a NuGet ID.`);
    return { ...repo, format: nugetFormat.name, namespace: '', name: normalizeNugetId(id) };
  }

  /** A validator for a cached index document (Upstreams.stamp); undefined when the external feed contributes. */
  async stamp(repo: RegistryRepository, id: string): Promise<string | undefined> {
    return this.upstreams.stamp(this.coordinates(repo, id));
  }

  /** The stored spelling of a version a URL names in any case, or undefined. */
  private async findVersion(tx: NugetTx, pkg: PackageRecord, version: string): Promise<VersionRecord | undefined> {
    const parsed = parseNugetVersion(version);
    if (!parsed) return undefined;
    const normalized = formatVersion(parsed, false);
    const exact = await tx.getVersion(pkg.id, normalized);
    if (exact) return exact;
    const lower = normalized.toLowerCase();
    return (await allVersions(tx, pkg.id)).find((v) => v.version.toLowerCase() === lower);
  }

  // Kept as methods for the search and autocomplete code below, which the `fixes` branch rewrites with calls to
  // both; inline them once that merges.
  private allVersions(tx: NugetTx, packageId: number): Promise<VersionRecord[]> {
    return allVersions(tx, packageId);
  }

  private allSummaries(tx: NugetTx, packageId: number): Promise<VersionSummaryRecord[]> {
    return allVersionSummaries(tx, packageId);
  }

  /**
   * Every downloadable version of a package — this repository's, then its upstreams' (first holder wins), then
   * (flat container only, `withExternal`) the external feed's. 404 when no one has a version. The flat container's
   * view carries no nuspec metadata (it lists versions only).
   */
  async package(repo: RegistryRepository, id: string, withExternal: boolean): Promise<NugetPackageView> {
    const c = this.coordinates(repo, id);
    const gathered = await this.store.read(async (tx) => {
      const order = await this.upstreams.searchOrder(tx, c);
      const byVersion = new Map<string, NugetVersionView>();
      for (const { pkg } of order.nodes) {
        if (!pkg) continue;
        // The flat container needs versions and statuses only: summaries, without each version's nuspec.
        const records = withExternal ? await this.allSummaries(tx, pkg.id) : await this.allVersions(tx, pkg.id);
        for (const record of records) {
          const lowerVersion = record.version.toLowerCase();
          if (byVersion.has(lowerVersion) || !nugetFormat.downloadable.has(record.status)) continue;
          byVersion.set(lowerVersion, {
            version: record.version,
            lowerVersion,
            listed: nugetFormat.listed.has(record.status),
            publishedAt: record.publishedAt,
            nuspec: withExternal ? undefined : manifestOf(record as VersionRecord)?.nuspec,
          });
        }
      }
      return { byVersion, external: order.external };
    });
    const { byVersion } = gathered;
    if (withExternal && gathered.external && this.external) {
      // An unreachable feed must not take down what this repository and its upstreams hold.
      for (const remote of (await this.external.versions(c.name).catch(() => undefined)) ?? []) {
        const parsed = parseNugetVersion(remote);
        if (!parsed) continue;
        const version = formatVersion(parsed, false);
        const lowerVersion = version.toLowerCase();
        if (!byVersion.has(lowerVersion))
          byVersion.set(lowerVersion, { version, lowerVersion, listed: true, publishedAt: 0 });
      }
    }
    if (byVersion.size === 0)
      throw notFound(
        'package',
        c.name,
        `Package ${c.name} not found in repository ${repo.repositoryName} or its upstreams.`,
      );
    const versions = [...byVersion.values()].sort((a, b) => compareNugetVersionStrings(a.version, b.version));
    const named = [...versions].reverse().find((v) => v.nuspec)?.nuspec?.id;
    return { id: named ?? c.name, lowerId: c.name, versions };
  }

  /** A Published or Unlisted version's .nupkg, retained from an upstream or the external feed when missing here. */
  async nupkg(
    repo: RegistryRepository,
    id: string,
    version: string,
  ): Promise<{ content: Readable; asset: AssetRecord; record: VersionRecord }> {
    const found = await this.downloadable(repo, id, version);
    const content = await this.blobs.blobs.get(found.asset.sha256);
    if (!content) throw this.missing(found.c, version);
    return { content, asset: found.asset, record: found.record };
  }

  /** A Published or Unlisted version's manifest, as it was published. */
  async nuspec(repo: RegistryRepository, id: string, version: string): Promise<string> {
    const found = await this.downloadable(repo, id, version);
    const xml = manifestOf(found.record)?.nuspecXml;
    if (xml === undefined) throw this.missing(found.c, version);
    return xml;
  }

  private missing(c: PackageCoordinates, version: string) {
    return notFound('package-version', version, `Package ${c.name} ${version} not found in ${c.repositoryName}.`);
  }

  private async downloadable(repo: RegistryRepository, id: string, version: string) {
    const c = this.coordinates(repo, id);
    const parsed = parseNugetVersion(version);
    if (!parsed) throw this.missing(c, version);
    const here = await this.store.read(async (tx) => {
      const { repository, pkg } = await tx.getRepositoryWithPackage(c);
      if (!repository) throw repositoryNotFound(c, c.domainName, c.repositoryName);
      const record = pkg && (await this.findVersion(tx, pkg, version));
      if (!record) return { pkg };
      const asset = (await tx.listAssets(record.id, undefined, 10)).find((a) => a.name.endsWith('.nupkg'));
      return { pkg, record, asset };
    });
    if (here.record) {
      if (!nugetFormat.downloadable.has(here.record.status) || !here.asset) throw this.missing(c, version);
      return { c, record: here.record, asset: here.asset };
    }
    if (here.pkg?.upstream === 'BLOCK') throw this.missing(c, version);
    const normalized = formatVersion(parsed, false);
    const retained = await this.fromUpstream(c, normalized);
    if (!retained) throw this.missing(c, version);
    return { c, ...retained };
  }

  private async fromUpstream(
    c: PackageCoordinates,
    version: string,
  ): Promise<{ record: VersionRecord; asset: AssetRecord } | undefined> {
    const now = Date.now();
    const { hit, external } = await this.upstreams.find(c, version);
    if (hit) {
      const recorded = await this.upstreams.retain(c, hit, now);
      const asset = recorded.assets.find((a) => a.name.endsWith('.nupkg'));
      return asset && { record: recorded.version, asset };
    }
    if (!external || !this.external) return undefined;
    return this.ingest(c, external, version, now);
  }

  /** Downloads a .nupkg the external feed lists, checks its manifest names this ID and version, and records it. */
  private async ingest(c: PackageCoordinates, via: SearchNode, version: string, now: number) {
    const lowerVersion = version.toLowerCase();
    const listed = await this.external!.versions(c.name).catch(() => undefined);
    if (!listed?.some((v) => v.toLowerCase() === lowerVersion)) return undefined;
    const bytes = await this.external!.download(c.name, lowerVersion);
    if (!bytes) return undefined;
    const { nuspec, nuspecXml } = readNupkg(bytes);
    if (normalizeNugetId(nuspec.id) !== c.name || nuspec.version.toLowerCase() !== lowerVersion) return undefined;
    const put = await this.blobs.put(bytes);
    const recorded = await this.upstreams.ingest(
      c,
      via,
      {
        version: nuspec.version,
        details: () => detailsOfNuspec(nuspec, nuspecXml),
        assets: [assetFrom(nupkgName(c.name, lowerVersion), put)],
      },
      now,
    );
    const asset = recorded.assets.find((a) => a.name.endsWith('.nupkg'));
    return asset && { record: recorded.version, asset };
  }

  /**
   * A push (PackagePublish): the manifest is read and checked whole before anything is stored; a version that
   * exists (in any spelling of its label) is a 409 and changes nothing.
   */
  async publish(
    repo: RegistryRepository,
    bytes: Buffer,
    now: number,
    authorize: (lowerId: string) => Promise<void>,
  ): Promise<PublishedNupkg> {
    const { nuspec, nuspecXml } = readNupkg(bytes);
    const c = this.coordinates(repo, nuspec.id);
    // The package is named only inside the .nupkg: its permission is checked once the manifest is read.
    await authorize(c.name);
    const lowerVersion = nuspec.version.toLowerCase();
    await this.store.read(async (tx) => {
      if (!(await tx.getRepository(c, c.domainName, c.repositoryName)))
        throw repositoryNotFound(c, c.domainName, c.repositoryName);
    });
    await this.upstreams.refuseIfUpstreamHas(c, nuspec.version, nuspec.id, async () =>
      Boolean((await this.external?.versions(c.name))?.some((v) => v.toLowerCase() === lowerVersion)),
    );
    const put = await this.blobs.put(bytes);
    const exists = () =>
      conflict(
        'package-version',
        nuspec.version,
        `${nuspec.id} ${nuspec.version} already exists in ${c.repositoryName}; NuGet versions cannot be overwritten.`,
      );
    const recorded = await this.store
      .write(async (tx) => {
        const pkg = await tx.getPackage(c);
        if (pkg && (await this.findVersion(tx, pkg, nuspec.version))) throw exists();
        return recordVersion(
          tx,
          this.blobs,
          c,
          {
            version: nuspec.version,
            status: 'Published',
            origin: { originType: 'INTERNAL', entryRepository: c.repositoryName },
            details: () => detailsOfNuspec(nuspec, nuspecXml),
            assets: [assetFrom(nupkgName(c.name, lowerVersion), put)],
            newPackage: { publish: 'ALLOW', upstream: 'BLOCK' },
            ifExists: 'conflict',
            publish: true,
          },
          now,
        );
      }, publishContention(c))
      .catch((error: unknown) => {
        if (!(error instanceof BlobVanished)) throw error;
        throw conflict('package-version', nuspec.version, 'The package was deleted concurrently; push it again.');
      });
    return { nuspec, version: recorded.version };
  }

  /**
   * NuGet's delete (unlist) and relist: Published ↔ Unlisted, idempotent. A version NuGet clients cannot see
   * (Archived, Disposed) or that is not here is a 404, as the publish resource documents for a missing package.
   */
  async setListed(repo: RegistryRepository, id: string, version: string, listed: boolean, now: number) {
    const c = this.coordinates(repo, id);
    return this.store.write(async (tx) => {
      const pkg = await tx.getPackage(c);
      const record = pkg && (await this.findVersion(tx, pkg, version));
      if (!record || !nugetFormat.downloadable.has(record.status)) throw this.missing(c, version);
      const target = listed ? 'Published' : 'Unlisted';
      if (record.status !== target) await tx.setVersionStatus([record.id], target, now);
      return { ...record, status: target } satisfies VersionRecord;
    }, publishContention(c));
  }

  /**
   * A package's search view: its listed versions the query admits (prerelease, SemVer 2.0.0), in NuGet's order,
   * each with its nuspec; undefined when it has none.
   */
  private async searchView(tx: NugetTx, pkg: PackageRecord, query: NugetSearchQuery) {
    const versions = (await this.allVersions(tx, pkg.id))
      .filter((record) => nugetFormat.listed.has(record.status))
      .map((record) => ({ record, parsed: parseNugetVersion(record.version), nuspec: manifestOf(record)?.nuspec }))
      .filter(({ parsed, nuspec }) => parsed && nuspec)
      .filter(({ parsed, nuspec }) => (query.prerelease || !parsed!.prerelease) && (query.semVer2 || !nuspec!.semVer2))
      .sort((a, b) => compareNugetVersionStrings(a.record.version, b.record.version));
    const latest = versions[versions.length - 1]?.nuspec;
    if (!latest) return undefined;
    return {
      id: latest.id,
      lowerId: pkg.name,
      versions: versions.map(({ record, nuspec }) => ({
        version: record.version,
        lowerVersion: record.version.toLowerCase(),
        listed: true,
        publishedAt: record.publishedAt,
        nuspec,
      })),
    } satisfies NugetPackageView;
  }

  /**
   * The nuspec of the version searchView would call latest, reading version summaries and the details of as few
   * versions as it takes (usually one), instead of every version's details. Ties in NuGet's order resolve as there
   * (the last in the store's order wins), so the answer is the same.
   */
  private async latestSearchable(tx: NugetTx, pkg: PackageRecord, query: NugetSearchQuery) {
    const candidates = (await this.allSummaries(tx, pkg.id))
      .filter((summary) => nugetFormat.listed.has(summary.status))
      .map((summary) => ({ summary, parsed: parseNugetVersion(summary.version) }))
      .filter(({ parsed }) => parsed && (query.prerelease || !parsed.prerelease))
      .sort((a, b) => compareNugetVersionStrings(a.summary.version, b.summary.version));
    for (let i = candidates.length - 1; i >= 0; i--) {
      const record = await tx.getVersion(pkg.id, candidates[i]!.summary.version);
      const nuspec = record && manifestOf(record)?.nuspec;
      if (nuspec && (query.semVer2 || !nuspec.semVer2)) return nuspec;
    }
    return undefined;
  }

  /**
   * search-autocomplete-service-resource "Enumerate package versions": the listed versions (full spelling) of one
   * ID in this repository that the query admits; one package is read, not the repository.
   */
  async searchableVersions(repo: RegistryRepository, id: string, query: NugetSearchQuery): Promise<string[]> {
    if (!isNugetId(id)) return [];
    const c = this.coordinates(repo, id);
    return this.store.read(async (tx) => {
      const pkg = await tx.getPackage(c);
      const view = pkg && (await this.searchView(tx, pkg, query));
      return view?.versions.map((v) => v.nuspec!.fullVersion) ?? [];
    });
  }

  /**
   * Search over this repository's packages (its upstreams are not searched): an ID, title, tag or description
   * containing `q` (case-insensitive), listed versions only, prerelease and SemVer 2.0.0 versions only when asked.
   * Whether a package is a hit needs its latest searchable version only; the order (an exact ID match first, as
   * nuget.org ranks it, then by ID) needs names only; so every version is read for the `skip`/`take` page alone.
   */
  async search(
    repo: RegistryRepository,
    query: NugetSearchQuery,
  ): Promise<{ total: number; hits: NugetPackageView[] }> {
    const terms = query.q.toLowerCase().split(/\s+/).filter(Boolean);
    const exact = query.q.trim().toLowerCase();
    return this.store.read(async (tx) => {
      const matches: PackageRecord[] = [];
      let after: PackageRecord | undefined;
      for (;;) {
        const page = await tx.listPackages(
          { ...repo, format: nugetFormat.name },
          after && { format: after.format, namespace: after.namespace, name: after.name },
          500,
        );
        for (const pkg of page) {
          const latest = await this.latestSearchable(tx, pkg, query);
          if (!latest) continue;
          const haystack = [pkg.name, latest.title ?? '', latest.description ?? '', ...latest.tags]
            .join(' ')
            .toLowerCase();
          if (terms.every((term) => haystack.includes(term))) matches.push(pkg);
        }
        if (page.length < 500) break;
        after = page[page.length - 1];
      }
      matches.sort((a, b) => Number(b.name === exact) - Number(a.name === exact) || (a.name < b.name ? -1 : 1));
      const hits: NugetPackageView[] = [];
      for (const pkg of matches.slice(query.skip, query.skip + query.take)) {
        const view = await this.searchView(tx, pkg, query);
        if (view) hits.push(view);
      }
      return { total: matches.length, hits };
    });
  }
}
