// Maven through upstream repositories and the `public:maven-central` external connection, on the core's
// upstreams.ts: a file this repository lacks is taken from the first upstream holding its version (the whole
// version is retained here, as for every format) or, failing that, fetched from the external repository and
// ingested (Published, origin EXTERNAL) into every repository on the path; artifact metadata lists the versions
// of the whole search order and the external repository's. SNAPSHOTs are never ingested from an external
// connection (CodeArtifact: UG:maven-snapshots). An external file's bytes are taken as served: its digests are
// computed here, and its published checksum is not consulted.
import type { AssetRecord, PackageCoordinates } from '../../store/records.js';
import type { BlobLifecycle } from './blob-lifecycle.js';
import { mavenFormat } from './formats/maven.js';
import { parseUploadedMetadata } from './maven/metadata.js';
import { isSnapshot, type MavenFile, METADATA_FILE } from './maven/paths.js';
import { parsePom } from './maven/pom.js';
import { assetFrom } from './publishing.js';
import type { SearchOrder, Upstreams } from './upstreams.js';

/** A maven2 repository reached over HTTP (Maven Central, or any mirror of the layout). */
export interface ExternalMavenRepository {
  /** The bytes at a layout path, or undefined when the repository does not have it. */
  fetch(path: string): Promise<Buffer | undefined>;
}

const artifactDir = (groupId: string, artifactId: string) => `${groupId.replace(/\./g, '/')}/${artifactId}`;

export class MavenUpstreams {
  constructor(
    private readonly upstreams: Upstreams,
    private readonly blobs: BlobLifecycle,
    private readonly external?: ExternalMavenRepository,
  ) {}

  /** The file from an upstream or the external repository, retained here; undefined when nobody has it. */
  async file(c: PackageCoordinates, file: MavenFile): Promise<AssetRecord | undefined> {
    const now = Date.now();
    const { hit, external } = await this.upstreams.find(c, file.version);
    if (hit?.assets.some((a) => a.name === file.filename))
      return (await this.upstreams.retain(c, hit, now)).assets.find((a) => a.name === file.filename);
    if (hit || !external || !this.external || isSnapshot(file.version)) return undefined;
    // The version's POM comes along with any of its files: it describes the version (DescribePackageVersion,
    // dependencies) and mvn needs it beside the jar, so it must stay retained even if the source loses it.
    const pomName = `${file.artifactId}-${file.version}.pom`;
    const names = file.filename === pomName ? [pomName] : [file.filename, pomName];
    const fetched = await Promise.all(
      names.map((name) =>
        this.external!.fetch(`${artifactDir(file.groupId, file.artifactId)}/${file.version}/${name}`).catch(
          () => undefined,
        ),
      ),
    );
    if (!fetched[0]) return undefined;
    const pomBytes = fetched[names.indexOf(pomName)];
    let details = {};
    if (pomBytes) {
      try {
        details = parsePom(pomBytes).details;
      } catch {
        // A POM the external repository serves that we cannot read still downloads; it just describes nothing.
      }
    }
    const assets = [];
    for (const [i, name] of names.entries()) {
      const bytes = fetched[i];
      if (bytes) assets.push(assetFrom(name, await this.blobs.put(bytes)));
    }
    const recorded = await this.upstreams.ingest(
      c,
      external,
      {
        version: file.version,
        details: (existing) =>
          Object.keys(details).length > 0 ? { ...details, manifest: existing?.manifest } : (existing ?? {}),
        assets,
      },
      now,
    );
    return recorded.assets.find((a) => a.name === file.filename);
  }

  /** The listed versions (with their last change) of every repository in the search order, the requested one first. */
  async listed(
    order: SearchOrder,
    listVersions: (packageId: number) => Promise<{ version: string; updatedAt: number }[]>,
  ): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (const { pkg } of order.nodes) {
      if (!pkg) continue;
      for (const v of await listVersions(pkg.id)) if (!out.has(v.version)) out.set(v.version, v.updatedAt);
    }
    return out;
  }

  /** The release versions the external repository lists for an artifact (none when it is unreachable). */
  async externalVersions(c: PackageCoordinates): Promise<{ versions: string[]; updatedAt: number }> {
    const none = { versions: [], updatedAt: 0 };
    if (!this.external) return none;
    const bytes = await this.external
      .fetch(`${artifactDir(c.namespace, c.name)}/${METADATA_FILE}`)
      .catch(() => undefined);
    if (!bytes) return none;
    try {
      const metadata = parseUploadedMetadata(bytes);
      return { versions: metadata.versions.filter((v) => !isSnapshot(v)), updatedAt: metadata.lastUpdated ?? 0 };
    } catch {
      return none;
    }
  }

  /** The dependency-substitution guard (409) for a version published here that an upstream or Maven Central has. */
  async refuseIfUpstreamHas(c: PackageCoordinates, version: string): Promise<void> {
    await this.upstreams.refuseIfUpstreamHas(c, version, mavenFormat.displayName(c.namespace, c.name), async () =>
      (await this.externalVersions(c)).versions.includes(version),
    );
  }
}
