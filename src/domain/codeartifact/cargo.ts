// The Cargo view of a CodeArtifact repository: sparse index files, .crate downloads, publish and yank. The
// index file of a crate merges this repository's versions with its upstreams' (first holder of a version wins)
// and, through `public:crates-io`, the external index's. Statuses (formats.md §7): Published → a line with
// `yanked: false`; Unlisted (cargo yank) → `yanked: true`, still downloadable; Archived, Disposed, Unfinished →
// no line and a 404. A cached index file is reused only while its stamp (Upstreams.stamp) is unchanged.
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import semver from 'semver';
import type { AssetRecord, PackageCoordinates, PackageRecord, VersionRecord } from '../../store/records.js';
import type { BlobTx, CatalogTx, Store } from '../../store/store.js';
import { conflict, notFound } from '../shared/errors.js';
import { type BlobLifecycle, BlobVanished } from './blob-lifecycle.js';
import { checkCrateFile } from './cargo/crate-file.js';
import {
  detailsOfIndexLine,
  detailsOfPublish,
  type IndexLine,
  indexLineOf,
  storedLineOf,
} from './cargo/index-lines.js';
import { canonicalCrateName, crateKey, crateNameProblem, separatorFreePrefix } from './cargo/names.js';
import { type PublishMetadata, parsePublishMetadata, splitPublishFrame } from './cargo/publish.js';
import { cargoFormat } from './formats/cargo.js';
import { publishContention } from './packages.js';
import { assetFrom, recordVersion } from './publishing.js';
import { repositoryNotFound } from './repositories.js';
import type { RegistryRepository, SearchNode, Upstreams } from './upstreams.js';
import { allVersions } from './all-versions.js';

type CargoTx = CatalogTx & BlobTx;

/** The sparse index behind `public:crates-io`, as the registries layer reaches it. */
export interface ExternalCargoIndex {
  /** The crate's index lines, or undefined when the index does not have the crate. */
  lines(name: string): Promise<IndexLine[] | undefined>;
  /** The .crate bytes of a version the index lists. */
  download(name: string, version: string, cksum: string): Promise<Buffer>;
}

/** A publish request checked whole: nothing about it is stored yet. */
export interface CheckedPublish {
  metadata: PublishMetadata;
  crate: Buffer;
  cksum: string;
}

export const crateFileName = (name: string, version: string) => `${crateKey(name)}-${version}.crate`;

const lineOf = (record: VersionRecord): IndexLine | undefined => {
  const stored = storedLineOf(record.details);
  return stored && { ...stored, yanked: record.status === 'Unlisted' };
};

export class CargoPackages {
  constructor(
    private readonly store: Store<CargoTx>,
    private readonly blobs: BlobLifecycle,
    private readonly upstreams: Upstreams,
    private readonly external?: ExternalCargoIndex,
  ) {}

  private coordinates(repo: RegistryRepository, name: string): PackageCoordinates {
    const problem = crateNameProblem(name);
    if (problem) throw notFound('package', name, `No crate is named "${name}": ${problem}.`);
    return { ...repo, format: cargoFormat.name, namespace: '', name: crateKey(name) };
  }

  /** A validator for a cached index file; undefined when the external index contributes to it. */
  async stamp(repo: RegistryRepository, name: string): Promise<string | undefined> {
    return this.upstreams.stamp(this.coordinates(repo, name));
  }

  /** The crate's index lines, oldest version first; 404 when no repository of the search order has the crate. */
  async indexFile(repo: RegistryRepository, name: string): Promise<IndexLine[]> {
    const c = this.coordinates(repo, name);
    const gathered = await this.store.read(async (tx) => {
      const order = await this.upstreams.searchOrder(tx, c);
      const byVersion = new Map<string, IndexLine>();
      let found = false;
      for (const { pkg } of order.nodes) {
        if (!pkg) continue;
        found = true;
        for (const record of await allVersions(tx, pkg.id)) {
          if (byVersion.has(record.version) || !cargoFormat.downloadable.has(record.status)) continue;
          const line = lineOf(record);
          if (line) byVersion.set(record.version, line);
        }
      }
      return { byVersion, found, external: order.external };
    });
    let found = gathered.found;
    if (gathered.external && this.external) {
      // An unreachable index must not take down what this repository and its upstreams hold.
      const remote = await this.external.lines(c.name).catch(() => undefined);
      found ||= remote !== undefined;
      for (const line of remote ?? []) if (!gathered.byVersion.has(line.vers)) gathered.byVersion.set(line.vers, line);
    }
    if (!found || gathered.byVersion.size === 0)
      throw notFound(
        'package',
        c.name,
        `Crate ${name} not found in repository ${repo.repositoryName} or its upstreams.`,
      );
    return [...gathered.byVersion.values()].sort((a, b) =>
      semver.valid(a.vers) && semver.valid(b.vers) ? semver.compare(a.vers, b.vers) : a.vers < b.vers ? -1 : 1,
    );
  }

  /** A version's .crate (Published or Unlisted), looked for upstream and in the external index when missing here. */
  async download(
    repo: RegistryRepository,
    name: string,
    version: string,
  ): Promise<{ content: Readable; asset: AssetRecord }> {
    const c = this.coordinates(repo, name);
    const filename = crateFileName(name, version);
    const missing = () => notFound('asset', filename, `Crate ${name} ${version} is not available.`);
    const found = await this.store.read((tx) => tx.lookupAsset(c, version, filename));
    if (!found.repositoryExists) throw repositoryNotFound(c, c.domainName, c.repositoryName);
    if (found.versionStatus && !cargoFormat.downloadable.has(found.versionStatus)) throw missing();
    let asset = found.asset;
    if (!asset && !found.versionStatus && found.packageUpstream !== 'BLOCK')
      asset = await this.fromUpstream(c, version, filename);
    const content = asset && (await this.blobs.blobs.get(asset.sha256));
    if (!asset || !content) throw missing();
    return { content, asset };
  }

  private async fromUpstream(c: PackageCoordinates, version: string, filename: string) {
    const now = Date.now();
    const { hit, external } = await this.upstreams.find(c, version);
    if (hit) return (await this.upstreams.retain(c, hit, now)).assets.find((a) => a.name === filename);
    if (!external || !this.external) return undefined;
    return this.ingest(c, external, version, filename, now);
  }

  /** Downloads a version the external index lists, checks it against the line's cksum, and records it. */
  private async ingest(c: PackageCoordinates, via: SearchNode, version: string, filename: string, now: number) {
    const line = (await this.external!.lines(c.name).catch(() => undefined))?.find((l) => l.vers === version);
    if (!line) return undefined;
    const bytes = await this.external!.download(line.name, version, line.cksum);
    if (createHash('sha256').update(bytes).digest('hex') !== line.cksum)
      throw conflict('asset', filename, `The external index's ${filename} does not match its checksum.`);
    const put = await this.blobs.put(bytes, line.cksum);
    const recorded = await this.upstreams.ingest(
      c,
      via,
      {
        version,
        // A version the external index yanked stays yanked here: a lockfile builds, new resolutions skip it.
        status: line.yanked ? 'Unlisted' : 'Published',
        details: () => detailsOfIndexLine(line),
        assets: [assetFrom(filename, put)],
      },
      now,
    );
    return recorded.assets.find((a) => a.name === filename);
  }

  /** Reads and checks a publish request whole (frame, metadata, .crate); 400 naming the problem. */
  async checkPublish(body: Buffer): Promise<CheckedPublish> {
    const { json, crate } = splitPublishFrame(body);
    const metadata = parsePublishMetadata(json);
    await checkCrateFile(crate, metadata.name, metadata.vers);
    return { metadata, crate, cksum: createHash('sha256').update(crate).digest('hex') };
  }

  /**
   * Records a checked publish as a Published version. The same .crate again succeeds and changes nothing;
   * other bytes for an existing version are a 409, as is a name that collides with another crate's
   * (case, or `-` against `_`).
   */
  async publish(repo: RegistryRepository, checked: CheckedPublish, now: number): Promise<void> {
    const { metadata } = checked;
    const c = this.coordinates(repo, metadata.name);
    await this.store.read(async (tx) => {
      if (!(await tx.getRepository(c, c.domainName, c.repositoryName)))
        throw repositoryNotFound(c, c.domainName, c.repositoryName);
    });
    await this.upstreams.refuseIfUpstreamHas(c, metadata.vers, metadata.name, async () =>
      Boolean((await this.external?.lines(c.name))?.some((l) => l.vers === metadata.vers)),
    );
    const put = await this.blobs.put(checked.crate, checked.cksum);
    const line = indexLineOf(metadata, checked.cksum);
    await this.store
      .write(async (tx) => {
        await refuseCollidingName(tx, c, metadata.name);
        await refuseSameSemver(tx, c, metadata.vers);
        return recordVersion(
          tx,
          this.blobs,
          c,
          {
            version: metadata.vers,
            status: 'Published',
            origin: { originType: 'INTERNAL', entryRepository: c.repositoryName },
            details: (existing) => existing ?? detailsOfPublish(metadata, line),
            assets: [assetFrom(crateFileName(metadata.name, metadata.vers), put)],
            newPackage: { publish: 'ALLOW', upstream: 'BLOCK' },
            ifExists: 'extend',
            publish: true,
          },
          now,
        );
      }, crateContention(c))
      .catch((error: unknown) => {
        if (!(error instanceof BlobVanished)) throw error;
        throw conflict('asset', metadata.name, 'The .crate was deleted by a concurrent operation; publish again.');
      });
  }

  /** `cargo yank` (Published → Unlisted) and `cargo yank --undo` (Unlisted → Published); 404 for other statuses. */
  async setYanked(repo: RegistryRepository, name: string, version: string, yanked: boolean, now: number) {
    const c = this.coordinates(repo, name);
    await this.store.write(async (tx) => {
      if (!(await tx.getRepository(c, c.domainName, c.repositoryName)))
        throw repositoryNotFound(c, c.domainName, c.repositoryName);
      const pkg = await tx.getPackage(c);
      const record = pkg && (await tx.getVersion(pkg.id, version));
      if (!record || !cargoFormat.downloadable.has(record.status))
        throw notFound('package-version', version, `Crate ${name} has no version ${version} in ${c.repositoryName}.`);
      const status = yanked ? 'Unlisted' : 'Published';
      if (record.status !== status) await tx.updateVersion({ ...record, status, updatedAt: now });
    }, crateContention(c));
  }
}

/** crates.io's uniqueness: no second crate whose name differs only in case or in `-` against `_`. */
/**
 * The contention key of a crate's writes: its canonical name, not its package. `foo-bar` and `foo_bar` are two
 * packages but one crate, and refuseCollidingName reads the other spelling's package before writing its own:
 * writes of colliding spellings must queue on one lock so that check sees the other's commit (publishes run
 * REPEATABLE READ, which does not catch that write skew; store/postgres/postgres-store.ts).
 */
const crateContention = (c: PackageCoordinates) => publishContention({ ...c, name: canonicalCrateName(c.name) });

async function refuseCollidingName(tx: CargoTx, c: PackageCoordinates, name: string): Promise<void> {
  const canonical = canonicalCrateName(name);
  const similar: PackageRecord[] = [];
  for (;;) {
    const last = similar[similar.length - 1];
    const page = await tx.listPackages(
      { ...c, format: c.format, namespace: '', namePrefix: separatorFreePrefix(name) },
      last && { format: last.format, namespace: last.namespace, name: last.name },
      1000,
    );
    similar.push(...page);
    if (page.length < 1000) break;
  }
  const other = similar.find((p) => p.name !== c.name && canonicalCrateName(p.name) === canonical);
  if (other)
    throw conflict('package', name, `A crate named ${other.name} exists already; ${name} would be the same crate.`);
  const pkg = similar.find((p) => p.name === c.name);
  const first = pkg && (await tx.listVersions(pkg.id, {}, 'newest', undefined, 1))[0];
  const spelled = first && storedLineOf(first.details)?.name;
  if (spelled && spelled !== name)
    throw conflict('package', name, `This crate is spelled ${spelled}; publish it under that name.`);
}

/**
 * Build metadata does not make another version (semver §10; crates.io refuses `1.0.0+b` beside `1.0.0+a`, and
 * cargo could not tell the two lines apart). The same version string again is recordVersion's idempotent case.
 */
async function refuseSameSemver(tx: CargoTx, c: PackageCoordinates, vers: string): Promise<void> {
  const pkg = await tx.getPackage(c);
  if (!pkg) return;
  const core = vers.split('+', 1)[0]!;
  const candidates = [
    ...((await tx.getVersion(pkg.id, core)) ? [core] : []),
    // `+` sorts before `-` and digits, so every `<core>+…` follows `<core>` directly in version order.
    ...(await tx.listVersionSummaries(pkg.id, {}, 'version', { order: 'version', version: core }, 100))
      .map((v) => v.version)
      .filter((v) => v.startsWith(`${core}+`)),
  ];
  const other = candidates.find((v) => v !== vers);
  if (other)
    throw conflict(
      'package-version',
      vers,
      `Version ${other} exists already: ${vers} differs only in build metadata, which does not make another version.`,
    );
}
