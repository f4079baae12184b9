// The PyPI view of a CodeArtifact repository: simple-index project pages, file downloads (with PEP 658
// metadata files), and uploads. Statuses (formats.md §7): Published files are listed; Unlisted ones are listed
// as yanked (PEP 592), so `pip install x==1.0` still installs them and unpinned installs skip them; Archived,
// Disposed and Unfinished versions are absent and their files 404. A cached page is reused only while its
// stamp (pageStamp) is unchanged, so a status change through the AWS API shows on the very next pip request on
// any instance.
import type { Readable } from 'node:stream';
import type { AssetRecord, PackageCoordinates, VersionDetails, VersionRecord } from '../../store/records.js';
import type { BlobTx, CatalogTx, Store } from '../../store/store.js';
import { conflict, notFound } from '../shared/errors.js';
import { type BlobLifecycle, BlobVanished } from './blob-lifecycle.js';
import { pypiFormat } from './formats/pypi.js';
import { publishContention } from './packages.js';
import { assetFrom, recordVersion, type StoredAsset } from './publishing.js';
import { extractCoreMetadata } from './pypi/distributions.js';
import { detailsOfCoreMetadata, parseCoreMetadata } from './pypi/metadata.js';
import { isPypiName, normalizePypiName, parseDistributionFilename } from './pypi/names.js';
import { type CheckedUpload, checkUpload, type PypiUpload } from './pypi/uploads.js';
import { comparePypiVersions, pep440 } from './pypi/versions.js';
import { repositoryNotFound } from './repositories.js';
import type { RegistryRepository, SearchNode, Upstreams } from './upstreams.js';
import { allVersions } from './all-versions.js';

type PypiTx = CatalogTx & BlobTx;

export const METADATA_SUFFIX = '.metadata';

/** One file of a project page, wherever it lives. */
export interface PypiFileView {
  filename: string;
  version: string;
  sha256: string;
  size: number;
  uploadedAt: number;
  requiresPython?: string;
  /** A yank reason; undefined when not yanked. */
  yanked?: string;
  coreMetadataSha256?: string;
}

export interface PypiProjectView {
  name: string;
  versions: string[];
  files: PypiFileView[];
}

/** One file as the public index behind `public:pypi` lists it (its PEP 691 JSON). */
export interface ExternalPypiFile {
  filename: string;
  url: string;
  sha256?: string;
  size?: number;
  requiresPython?: string;
  yanked?: string;
  coreMetadataSha256?: string;
  uploadedAt?: number;
}

/** The public simple index behind the `public:pypi` external connection, as the registries layer reaches it. */
export interface ExternalPypiIndex {
  /** The project's files, or undefined when the index does not have the project. */
  project(name: string): Promise<ExternalPypiFile[] | undefined>;
  download(url: string): Promise<Buffer>;
}

/** The Unlisted status as pip sees it: a yank with this reason. */
const UNLISTED_REASON = 'unlisted';

interface FileManifest {
  requiresPython?: string;
}

/** A version's details, with each file's own Requires-Python kept beside the first file's metadata. */
function withFile(details: VersionDetails, filename: string, requiresPython: string | undefined): VersionDetails {
  const manifest = details.manifest ?? {};
  const files = { ...((manifest.files as Record<string, FileManifest> | undefined) ?? {}) };
  files[filename] = requiresPython ? { requiresPython } : {};
  return { ...details, manifest: { ...manifest, files } };
}

function filesOf(record: VersionRecord, assets: AssetRecord[]): PypiFileView[] {
  const metadata = new Map(assets.filter((a) => a.name.endsWith(METADATA_SUFFIX)).map((a) => [a.name, a.sha256]));
  const manifest = (record.details.manifest?.files ?? {}) as Record<string, FileManifest>;
  return assets
    .filter((a) => !a.name.endsWith(METADATA_SUFFIX))
    .map((asset) => ({
      filename: asset.name,
      version: record.version,
      sha256: asset.sha256,
      size: asset.size,
      uploadedAt: asset.createdAt,
      requiresPython: manifest[asset.name]?.requiresPython,
      yanked: record.status === 'Unlisted' ? UNLISTED_REASON : undefined,
      coreMetadataSha256: metadata.get(`${asset.name}${METADATA_SUFFIX}`),
    }));
}

export class PypiPackages {
  constructor(
    private readonly store: Store<PypiTx>,
    private readonly blobs: BlobLifecycle,
    private readonly upstreams: Upstreams,
    private readonly external?: ExternalPypiIndex,
  ) {}

  private coordinates(repo: RegistryRepository, name: string): PackageCoordinates {
    // A name PEP 508 refuses names no project; it must not reach the database either (PostgreSQL refuses NUL).
    if (!isPypiName(name)) throw notFound('package', name, `No project is named "${name}": it is not a PEP 508 name.`);
    return { ...repo, format: pypiFormat.name, namespace: '', name: normalizePypiName(name) };
  }

  /** A validator for a cached project page (Upstreams.stamp); undefined when the page includes the external index. */
  async pageStamp(repo: RegistryRepository, name: string): Promise<string | undefined> {
    return this.upstreams.stamp(this.coordinates(repo, name));
  }

  /** The project page: this repository's files, then (first holder of a version wins) its upstreams', then the index's. */
  async project(repo: RegistryRepository, name: string): Promise<PypiProjectView> {
    const c = this.coordinates(repo, name);
    const gathered = await this.store.read(async (tx) => {
      const order = await this.upstreams.searchOrder(tx, c);
      const byVersion = new Map<string, PypiFileView[]>();
      let found = false;
      for (const { pkg } of order.nodes) {
        if (!pkg) continue;
        found = true;
        const shown = (await allVersions(tx, pkg.id)).filter(
          (record) => !byVersion.has(record.version) && pypiFormat.downloadable.has(record.status),
        );
        const assets = await tx.assetsOfVersions(shown.map((record) => record.id));
        for (const record of shown) byVersion.set(record.version, filesOf(record, assets.get(record.id) ?? []));
      }
      return { byVersion, found, external: order.external };
    });
    let found = gathered.found;
    if (gathered.external && this.external) {
      // An unreachable index must not take down what this repository and its upstreams hold.
      const remote = await this.external.project(c.name).catch(() => undefined);
      found ||= remote !== undefined;
      for (const file of remote ?? []) {
        const version = parseDistributionFilename(file.filename)?.version;
        if (!version || !file.sha256 || pep440.valid(version) === null) continue;
        const key = pep440.clean(version)!;
        const files = gathered.byVersion.get(key) ?? [];
        if (files.some((f) => f.filename === file.filename)) continue;
        files.push({
          filename: file.filename,
          version: key,
          sha256: file.sha256,
          size: file.size ?? 0,
          uploadedAt: file.uploadedAt ?? Date.now(),
          requiresPython: file.requiresPython,
          yanked: file.yanked,
          coreMetadataSha256: file.coreMetadataSha256,
        });
        gathered.byVersion.set(key, files);
      }
    }
    if (!found)
      throw notFound(
        'package',
        c.name,
        `Project ${c.name} not found in repository ${repo.repositoryName} or its upstreams.`,
      );
    const versions = [...gathered.byVersion.keys()].sort(comparePypiVersions);
    return { name: c.name, versions, files: versions.flatMap((v) => gathered.byVersion.get(v)!) };
  }

  /**
   * A file's bytes — a distribution or its `.metadata` — from a Published or Unlisted version. A file this
   * repository lacks is looked for upstream, then in the external index, and retained here (see upstreams.ts).
   */
  async file(
    repo: RegistryRepository,
    name: string,
    version: string,
    filename: string,
  ): Promise<{ content: Readable; asset: AssetRecord }> {
    const c = this.coordinates(repo, name);
    const missing = () => notFound('asset', filename, `File ${filename} of ${c.name} ${version} not found.`);
    const found = await this.store.read((tx) => tx.lookupAsset(c, version, filename));
    if (!found.repositoryExists) throw repositoryNotFound(c, c.domainName, c.repositoryName);
    if (found.versionStatus && !pypiFormat.downloadable.has(found.versionStatus)) throw missing();
    let asset = found.asset;
    // A version here may hold only some of its files (an sdist retained, the wheel not yet): look upstream for the rest.
    if (!asset && found.packageUpstream !== 'BLOCK') asset = await this.fromUpstream(c, version, filename);
    const content = asset && (await this.blobs.blobs.get(asset.sha256));
    if (!asset || !content) throw missing();
    return { content, asset };
  }

  private async fromUpstream(
    c: PackageCoordinates,
    version: string,
    filename: string,
  ): Promise<AssetRecord | undefined> {
    const now = Date.now();
    const { hit, external } = await this.upstreams.find(c, version);
    if (hit?.assets.some((a) => a.name === filename))
      return (await this.upstreams.retain(c, hit, now)).assets.find((a) => a.name === filename);
    if (hit || !external || !this.external) return undefined;
    return this.ingest(c, external, version, filename, now);
  }

  /** Downloads a file the external index lists, checks its sha256, and records it with its core metadata. */
  private async ingest(
    c: PackageCoordinates,
    via: SearchNode,
    version: string,
    filename: string,
    now: number,
  ): Promise<AssetRecord | undefined> {
    const distribution = filename.endsWith(METADATA_SUFFIX) ? filename.slice(0, -METADATA_SUFFIX.length) : filename;
    const dist = parseDistributionFilename(distribution);
    const listed = dist && (await this.external!.project(c.name))?.find((f) => f.filename === distribution);
    if (!dist || !listed) return undefined;
    if (!pep440.eq(dist.version, version)) return undefined;
    const bytes = await this.external!.download(listed.url);
    const put = await this.blobs.put(bytes, listed.sha256);
    const assets: StoredAsset[] = [assetFrom(distribution, put)];
    const metadata = await extractCoreMetadata(dist.kind, distribution, bytes).catch(() => undefined);
    const core = metadata && parseCoreMetadata(metadata.toString('utf8'));
    if (metadata && dist.kind === 'wheel')
      assets.push(assetFrom(distribution + METADATA_SUFFIX, await this.blobs.put(metadata)));
    const recorded = await this.upstreams.ingest(
      c,
      via,
      {
        version,
        details: (existing) =>
          withFile(existing ?? (core ? detailsOfCoreMetadata(core) : {}), distribution, core?.requiresPython),
        assets,
      },
      now,
    );
    return recorded.assets.find((a) => a.name === filename);
  }

  /**
   * A legacy upload (twine): checked whole before anything is stored, then added to its version — a new
   * version, or another file of an existing one. The same file name again with the same bytes succeeds and
   * changes nothing; with different bytes it is a 409 and changes nothing.
   */
  async upload(repo: RegistryRepository, upload: PypiUpload, now: number): Promise<CheckedUpload> {
    const checked = await checkUpload(upload);
    const c = this.coordinates(repo, checked.name);
    await this.store.read(async (tx) => {
      if (!(await tx.getRepository(c, c.domainName, c.repositoryName)))
        throw repositoryNotFound(c, c.domainName, c.repositoryName);
    });
    await this.upstreams.refuseIfUpstreamHas(c, checked.version, c.name, async () =>
      Boolean(
        (await this.external?.project(c.name))?.some((f) => {
          const v = parseDistributionFilename(f.filename)?.version;
          return v !== undefined && pep440.valid(v) !== null && pep440.eq(v, checked.version);
        }),
      ),
    );
    const put = await this.blobs.put(checked.content, checked.sha256);
    const assets = [assetFrom(checked.filename, put)];
    if (checked.dist.kind === 'wheel')
      assets.push(assetFrom(checked.filename + METADATA_SUFFIX, await this.blobs.put(checked.metadata)));
    await this.store
      .write(
        (tx) =>
          recordVersion(
            tx,
            this.blobs,
            c,
            {
              version: checked.version,
              status: 'Published',
              origin: { originType: 'INTERNAL', entryRepository: c.repositoryName },
              details: (existing) =>
                withFile(
                  existing ?? detailsOfCoreMetadata(checked.core),
                  checked.filename,
                  checked.core.requiresPython,
                ),
              assets,
              newPackage: { publish: 'ALLOW', upstream: 'BLOCK' },
              ifExists: 'extend',
              publish: true,
            },
            now,
          ),
        publishContention(c),
      )
      .catch((error: unknown) => {
        if (!(error instanceof BlobVanished)) throw error;
        throw conflict(
          'asset',
          checked.filename,
          'The file was deleted by a concurrent operation while it was uploaded; retry the upload.',
        );
      });
    return checked;
  }
}
