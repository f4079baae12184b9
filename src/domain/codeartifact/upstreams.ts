// Upstream repositories and external connections, for every format: AWS's search order (the repository, then
// its upstreams depth-first in list order, each once, at most 25), origin controls (a package with upstream=BLOCK
// in a repository stops the search below it), retention of the first hit (copied, bytes shared, into the
// requesting repository and every repository between it and the holder, so it stays installable when the
// upstream loses it), ingest from an external connection, and the dependency-substitution guard.
import type { PackageCoordinates, PackageRecord, RepositoryRecord, Scope, VersionRecord } from '../../store/records.js';
import type { BlobTx, CatalogTx, Store } from '../../store/store.js';

type UpstreamsTx = CatalogTx & BlobTx;
import { conflict, notFound } from '../shared/errors.js';
import type { BlobLifecycle } from './blob-lifecycle.js';
import { formatOf } from './formats/index.js';
import { publishContention } from './packages.js';
import { type OriginRules, originRules } from './package-groups/origin.js';
import { type RecordedVersion, type StoredAsset, type VersionToRecord, recordVersion } from './publishing.js';
import { repositoryNotFound } from './repositories.js';

/** AWS searches at most 25 repositories of an upstream graph. */
export const MAX_SEARCHED = 25;

/** The repository a registry endpoint URL names, as the holder of an authorization token sees it. */
export interface RegistryRepository extends Scope {
  domainName: string;
  repositoryName: string;
}

/** One repository of the search order, with its copy of the package and how the search got there. */
export interface SearchNode {
  repository: RepositoryRecord;
  pkg?: PackageRecord;
  /** Repository names from the requested one to this one, both included. */
  path: string[];
}

export interface SearchOrder {
  nodes: SearchNode[];
  /** The first repository (in search order) whose external connection serves this format, if it may be used. */
  external?: SearchNode;
  /**
   * Every input of an index page built from these nodes — each repository's upstream list and each package's
   * change counter and origin setting — so equal stamps mean an equal page. Undefined when an external registry
   * contributes (its answers are not ours to validate).
   */
  stamp?: string;
}

/** A version found in an upstream, with what its repository holds for it. */
export interface UpstreamHit {
  node: SearchNode;
  record: VersionRecord;
  assets: StoredAsset[];
}

/** Upstreams and external connections are consulted unless the package there says upstream=BLOCK. */
const upstreamAllowed = (pkg: PackageRecord | undefined) => pkg === undefined || pkg.upstream === 'ALLOW';

export const coordinatesIn = (c: PackageCoordinates, repositoryName: string): PackageCoordinates => ({
  ...c,
  repositoryName,
});

export class Upstreams {
  constructor(
    private readonly store: Store<UpstreamsTx>,
    private readonly blobs: BlobLifecycle,
  ) {}

  /** The search order for a package; 404 when the requested repository does not exist. */
  async searchOrder(tx: UpstreamsTx, c: PackageCoordinates): Promise<SearchOrder> {
    // The requesting repository and its package in one statement: with no upstreams, that is the whole search.
    const here = await tx.getRepositoryWithPackage(c);
    if (!here.repository) throw repositoryNotFound(c, c.domainName, c.repositoryName);
    const nodes: SearchNode[] = [];
    const connection = formatOf(c.format).externalConnection;
    // The package group's origin controls, read only when an upstream or external connection may be consulted.
    let rules: Promise<OriginRules> | undefined;
    const groupAllows = async (type: 'INTERNAL_UPSTREAM' | 'EXTERNAL_UPSTREAM', repository: string) => {
      rules ??= originRules(tx, c);
      return (await (await rules).allows(type, repository)).allowed;
    };
    const visit = async (repository: RepositoryRecord, pkg: PackageRecord | undefined, path: string[]) => {
      nodes.push({ repository, pkg, path });
      if (!upstreamAllowed(pkg)) return;
      if (repository.upstreams.length > 0 && !(await groupAllows('INTERNAL_UPSTREAM', repository.name))) return;
      for (const name of repository.upstreams) {
        if (nodes.length >= MAX_SEARCHED || nodes.some((n) => n.repository.name === name)) continue;
        const upstream = await tx.getRepository(c, c.domainName, name);
        if (!upstream) continue;
        await visit(upstream, await tx.getPackage(coordinatesIn(c, name)), [...path, name]);
      }
    };
    await visit(here.repository, here.pkg, [c.repositoryName]);
    let external: SearchNode | undefined;
    for (const n of nodes) {
      if (connection === undefined || n.repository.externalConnection !== connection || !upstreamAllowed(n.pkg))
        continue;
      if (await groupAllows('EXTERNAL_UPSTREAM', n.repository.name)) {
        external = n;
        break;
      }
    }
    const stamp = external
      ? undefined
      : JSON.stringify(
          nodes.map(({ repository, pkg }) => [
            repository.name,
            repository.upstreams,
            pkg ? [pkg.id, pkg.changeSeq, pkg.upstream] : null,
          ]),
        );
    return { nodes, external, stamp };
  }

  /** The stamp alone (see SearchOrder.stamp): a cheap validator for a cached index page. */
  async stamp(c: PackageCoordinates): Promise<string | undefined> {
    return this.store.read(async (tx) => (await this.searchOrder(tx, c)).stamp);
  }

  /**
   * The first upstream (not the requested repository) holding the version in a status its clients may download,
   * with the assets the format needs from it; or, when none does, the node whose external connection to ask.
   */
  async find(
    c: PackageCoordinates,
    version: string,
  ): Promise<{ hit?: UpstreamHit; external?: SearchNode; order: SearchOrder }> {
    const { downloadable } = formatOf(c.format);
    return this.store.read(async (tx) => {
      const order = await this.searchOrder(tx, c);
      for (const node of order.nodes.slice(1)) {
        const record = node.pkg && (await tx.getVersion(node.pkg.id, version));
        if (!record || !downloadable.has(record.status)) continue;
        const assets = await tx.listAssets(record.id, undefined, 100_000);
        return { hit: { node, record, assets }, order };
      }
      return { external: order.external, order };
    });
  }

  /** Copies an upstream's version into every repository on the path to it (the holder excepted). */
  async retain(c: PackageCoordinates, hit: UpstreamHit, now: number): Promise<RecordedVersion> {
    const { record } = hit;
    return this.recordAlong(c, hit.node.path.slice(0, -1), false, now, {
      version: record.version,
      status: record.status,
      origin: {
        originType: record.originType,
        entryRepository: record.entryRepository,
        entryExternalConnection: record.entryExternalConnection,
      },
      details: () => record.details,
      assets: hit.assets,
      publishedAt: record.publishedAt,
      revision: record.revision,
    });
  }

  /**
   * Records a version fetched from an external connection in the repository that has the connection and every
   * repository between it and the requested one; 404 when the package here blocks upstreams (set meanwhile).
   * Published, unless the external registry marks it withdrawn (a yanked crate comes in Unlisted).
   */
  async ingest(
    c: PackageCoordinates,
    via: SearchNode,
    input: Pick<VersionToRecord, 'version' | 'details' | 'assets'> & { status?: 'Published' | 'Unlisted' },
    now: number,
  ): Promise<RecordedVersion> {
    return this.recordAlong(c, via.path, true, now, {
      ...input,
      status: input.status ?? 'Published',
      origin: { originType: 'EXTERNAL', entryExternalConnection: via.repository.externalConnection },
    });
  }

  /** `external`: the last repository of `path` ingests from its external connection. */
  private async recordAlong(
    c: PackageCoordinates,
    path: string[],
    external: boolean,
    now: number,
    input: Pick<VersionToRecord, 'version' | 'status' | 'origin' | 'details' | 'assets' | 'publishedAt' | 'revision'>,
  ): Promise<RecordedVersion> {
    return this.store.write(async (tx) => {
      let here: RecordedVersion | undefined;
      for (const [i, repositoryName] of path.entries()) {
        const into = coordinatesIn(c, repositoryName);
        // The search skipped packages that block upstreams; one may have been set to BLOCK since.
        if ((await tx.getPackage(into))?.upstream === 'BLOCK')
          throw notFound(
            'package-version',
            input.version,
            `${formatOf(c.format).displayName(c.namespace, c.name)}@${input.version}: ingestion is blocked by ` +
              `the package's origin configuration in ${repositoryName}.`,
          );
        const recorded = await recordVersion(
          tx,
          this.blobs,
          into,
          {
            ...input,
            newPackage: { publish: 'BLOCK', upstream: 'ALLOW' },
            // A format whose versions take files one at a time may hold part of a version already: add the rest.
            ifExists: formatOf(c.format).appendAssets ? 'extend' : 'keep',
            publish: false,
            // The repository with the external connection ingests; every one on the way retains from upstream.
            ingest: external && i === path.length - 1 ? 'EXTERNAL_UPSTREAM' : 'INTERNAL_UPSTREAM',
          },
          now,
        );
        here ??= recorded;
      }
      // A concurrent retention won: read what it stored.
      return here!.changed
        ? here!
        : { ...here!, assets: await tx.listAssets(here!.version.id, undefined, 100_000), changed: false };
    }, publishContention(c));
  }

  /**
   * AWS's guard against dependency substitution: while a package takes versions from upstream (no package here
   * yet, or upstream=ALLOW), a version an upstream or the external registry already has cannot be published
   * here (409). With upstream=BLOCK it can. `externalHas` asks the format's public registry.
   */
  async refuseIfUpstreamHas(
    c: PackageCoordinates,
    version: string,
    displayName: string,
    externalHas?: (via: SearchNode) => Promise<boolean>,
  ): Promise<void> {
    const { internal, external } = await this.store.read(async (tx) => {
      const order = await this.searchOrder(tx, c);
      if (!upstreamAllowed(order.nodes[0]!.pkg)) return { internal: false };
      for (const node of order.nodes.slice(1)) {
        if (node.pkg && (await tx.getVersion(node.pkg.id, version))) return { internal: true };
      }
      return { internal: false, external: order.external };
    });
    const remote = external && externalHas ? await externalHas(external).catch(() => false) : false;
    if (internal || remote) {
      throw conflict(
        'package-version',
        version,
        `${displayName}@${version} is available from an upstream of ${c.repositoryName}; ` +
          'to publish it here, set its origin configuration to upstream=BLOCK.',
      );
    }
  }
}
