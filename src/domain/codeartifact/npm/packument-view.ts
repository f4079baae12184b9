// Everything a packument is made of, gathered from wherever the versions live: this repository, its upstreams
// and the external registry. The document itself is rendered by the adapter (registries/npm/packument.ts).
import semver from 'semver';
import type { AssetRecord, VersionRecord } from '../../../store/records.js';
import { notFound } from '../../shared/errors.js';
import type { RegistryRepository } from '../upstreams.js';
import { allVersions, coordinatesOf, LISTED, type NpmContext } from './context.js';
import { effectiveDistTags } from './dist-tags.js';
import { npmRevision } from './documents.js';
import type { NpmName } from './names.js';

/** One version as a packument shows it, wherever it lives: this repository, an upstream, or the external registry. */
export interface NpmVersionEntry {
  version: string;
  manifest: Record<string, unknown>;
  publishedAt: number;
  updatedAt: number;
  revision: string;
  shasum?: string;
  integrity?: string;
  summary?: string;
  readme?: string;
}

export interface NpmPackageView {
  createdAt: number;
  versions: NpmVersionEntry[];
  distTags: Record<string, string>;
  /** What the view was built from (see packumentStamp); undefined when it includes an external registry's answer. */
  stamp?: string;
  /** The `_rev` a metadata PUT must send back (npmRevision of this repository's package; none when only upstreams have it). */
  rev?: string;
}

function entryOf(record: VersionRecord, asset: AssetRecord | undefined): NpmVersionEntry {
  return {
    version: record.version,
    manifest: (record.details.manifest ?? {}) as Record<string, unknown>,
    publishedAt: record.publishedAt,
    updatedAt: record.updatedAt,
    revision: record.revision,
    shasum: asset?.sha1,
    integrity: asset ? `sha512-${Buffer.from(asset.sha512, 'hex').toString('base64')}` : undefined,
    summary: record.details.summary,
    readme: record.details.readme,
  };
}

/**
 * The listed versions of this repository, then — unless the package here blocks upstreams — those of its
 * upstreams (depth-first, the first holder of a version wins) and of any external connection in the search
 * order. Tags merge the same way, an upstream's value winning a clash (as AWS documents). 404 when nobody has
 * the package.
 */
export async function packumentView(
  { store, upstreams, external }: NpmContext,
  repo: RegistryRepository,
  name: NpmName,
): Promise<NpmPackageView> {
  const gathered = await store.read(async (tx) => {
    const order = await upstreams.searchOrder(tx, coordinatesOf(repo, name));
    const entries = new Map<string, NpmVersionEntry>();
    let tags: Record<string, string> = {};
    let createdAt: number | undefined;
    for (const [index, { pkg }] of order.nodes.entries()) {
      if (!pkg) continue;
      createdAt ??= pkg.createdAt;
      const listed = (await allVersions(tx, pkg.id)).filter((v) => LISTED.has(v.status) && !entries.has(v.version));
      const assets = await tx.firstAssets(listed.map((v) => v.id));
      for (const record of listed) entries.set(record.version, entryOf(record, assets.get(record.id)));
      tags = index === 0 ? await tx.listDistTags(pkg.id) : { ...tags, ...(await tx.listDistTags(pkg.id)) };
    }
    const local = order.nodes[0]?.pkg;
    return {
      entries,
      tags,
      createdAt,
      external: order.external !== undefined,
      stamp: order.stamp,
      rev: local ? npmRevision(local) : undefined,
    };
  });
  if (gathered.external && external) {
    // An unreachable external registry must not take down what this repository and its upstreams hold.
    const remote = await external.packument(name.full).catch(() => undefined);
    for (const [version, manifest] of Object.entries(remote?.versions ?? {})) {
      if (gathered.entries.has(version)) continue;
      const dist = (manifest.dist ?? {}) as { shasum?: string; integrity?: string };
      const published = Date.parse(remote?.time?.[version] ?? '') || Date.now();
      gathered.entries.set(version, {
        version,
        manifest,
        publishedAt: published,
        updatedAt: published,
        revision: dist.integrity ?? version,
        shasum: dist.shasum,
        integrity: dist.integrity,
        summary: typeof manifest.description === 'string' ? manifest.description : undefined,
      });
    }
    gathered.tags = { ...gathered.tags, ...(remote?.['dist-tags'] ?? {}) };
    gathered.createdAt ??= remote ? Date.now() : undefined;
  }
  if (gathered.createdAt === undefined)
    throw notFound(
      'package',
      name.full,
      `Package ${name.full} not found in repository ${repo.repositoryName} or its upstreams.`,
    );
  const versions = [...gathered.entries.values()].sort((a, b) =>
    semver.valid(a.version) && semver.valid(b.version)
      ? semver.compare(a.version, b.version)
      : a.version.localeCompare(b.version),
  );
  return {
    createdAt: gathered.createdAt,
    versions,
    distTags: effectiveDistTags(
      gathered.tags,
      versions.map((v) => v.version),
    ),
    stamp: gathered.stamp,
    rev: gathered.rev,
  };
}
