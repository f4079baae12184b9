// The RubyGems view of a CodeArtifact repository: `gem push`, `gem yank`, the compact index (/versions,
// /info/<gem>, /names), quick gemspecs and the `.gem` downloads. One CodeArtifact version holds
// one `.gem` per platform, each described in the version's manifest (`gems[platform]`: file name and gemspec).
// Statuses (formats.md §7, docs/ruby.md): Published gems are indexed; Unlisted ones (a yank) leave the index —
// so a fresh resolution never picks them — but their `.gem` and quick gemspec still download; Archived,
// Disposed and Unfinished versions are gone from both. Upstreams and the `public:rubygems` external connection
// are merged into /info (first holder of a version wins) and /versions.
import type { Readable } from 'node:stream';
import { StampedLru } from '../../cache/stamped-lru.js';
import type { AssetRecord, PackageCoordinates } from '../../store/records.js';
import type { BlobTx, CatalogTx, Store } from '../../store/store.js';
import { conflict, notFound } from '../shared/errors.js';
import { type BlobLifecycle, BlobVanished } from './blob-lifecycle.js';
import { rubyFormat } from './formats/ruby.js';
import { publishContention } from './packages.js';
import { assetFrom, recordVersion } from './publishing.js';
import { repositoryNotFound } from './repositories.js';
import { infoLine, md5Hex, namesBody, versionsBody, versionWithPlatform } from './ruby/compact-index.js';
import { gemspecYamlOf } from './ruby/gem-file.js';
import { detailsOf, gemsOf, readingsOf } from './ruby/manifest.js';
import { type Gemspec, gemFileName, gemNameProblem, parseGemspec } from './ruby/gemspec.js';
import { quickSpec } from './ruby/quick-spec.js';
import type { RegistryRepository, SearchNode, Upstreams } from './upstreams.js';
import { allVersions } from './all-versions.js';

type RubyTx = CatalogTx & BlobTx;

/** The public gem server behind `public:rubygems` (its compact index and gems), as the registries layer reaches it. */
export interface ExternalRubygems {
  /** The /versions body, or undefined when the server has none. */
  versions(): Promise<string | undefined>;
  /** The /info body of a gem, or undefined when the server does not have it. */
  info(name: string): Promise<string | undefined>;
  /** A `.gem` file by name, or undefined. */
  gem(filename: string): Promise<Buffer | undefined>;
}

/** A pushed gem, checked whole before anything is stored. */
export interface PushedGem {
  name: string;
  version: string;
  platform: string;
  /** False when the same file was there already (an identical re-push changes nothing). */
  changed: boolean;
}

/** An index line with what orders it: rubygems.org appends a version's line when it is pushed. */
interface Line {
  key: string;
  text: string;
  at: number;
}

export class RubyPackages {
  /** Each gem's /versions entry (its /info's versions and MD5) behind the gem's stamp, as routes.ts keeps /info. */
  private readonly entries: StampedLru<{ versions: string[]; md5: string }>;

  constructor(
    private readonly store: Store<RubyTx>,
    private readonly blobs: BlobLifecycle,
    private readonly upstreams: Upstreams,
    private readonly external?: ExternalRubygems,
    infoCacheBytes = 0,
  ) {
    this.entries = new StampedLru(infoCacheBytes);
  }

  private coordinates(repo: RegistryRepository, name: string): PackageCoordinates {
    const problem = gemNameProblem(name);
    if (problem) throw notFound('package', name, `No gem is named ${JSON.stringify(name)}: ${problem}.`);
    return { ...repo, format: rubyFormat.name, namespace: '', name };
  }

  /** `gem push`: the whole `.gem` checked (tar, gemspec, name, version) before a byte is stored. */
  async push(
    repo: RegistryRepository,
    bytes: Buffer,
    now: number,
    authorize: (name: string) => Promise<void>,
  ): Promise<PushedGem> {
    const spec = parseGemspec(await gemspecYamlOf(bytes));
    const c = this.coordinates(repo, spec.name);
    await authorize(spec.name);
    const file = gemFileName(spec.name, spec.version, spec.platform);
    await this.store.read(async (tx) => {
      if (!(await tx.getRepository(c, c.domainName, c.repositoryName)))
        throw repositoryNotFound(c, c.domainName, c.repositoryName);
    });
    const key = versionWithPlatform(spec.version, spec.platform);
    await this.upstreams.refuseIfUpstreamHas(c, spec.version, c.name, async () =>
      Boolean((await this.external?.info(c.name))?.split('\n').some((line) => line.split(' ', 1)[0] === key)),
    );
    const put = await this.blobs.put(bytes);
    const recorded = await this.store
      .write(
        (tx) =>
          recordVersion(
            tx,
            this.blobs,
            c,
            {
              version: spec.version,
              status: 'Published',
              origin: { originType: 'INTERNAL', entryRepository: c.repositoryName },
              details: (existing) => detailsOf(spec, file, existing),
              assets: [assetFrom(file, put)],
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
        throw conflict('asset', file, 'The gem was deleted by a concurrent operation while it was pushed; push again.');
      });
    return { name: spec.name, version: spec.version, platform: spec.platform, changed: recorded.changed };
  }

  /** `gem yank`: the version becomes Unlisted (its gems leave the index and stay downloadable). */
  async yank(repo: RegistryRepository, name: string, version: string, platform: string | undefined, now: number) {
    const c = this.coordinates(repo, name);
    await this.store.write(async (tx) => {
      if (!(await tx.getRepository(c, c.domainName, c.repositoryName)))
        throw repositoryNotFound(c, c.domainName, c.repositoryName);
      const pkg = await tx.getPackage(c);
      const record = pkg && (await tx.getVersion(pkg.id, version));
      const shown = record && (record.status === 'Published' || record.status === 'Unlisted');
      if (!shown || (platform && platform !== 'ruby' && !gemsOf(record.details)[platform]))
        throw notFound(
          'package-version',
          version,
          `${versionWithPlatform(version, platform ?? 'ruby')} of ${name} is not in repository ${c.repositoryName}.`,
        );
      if (record.status === 'Published') await tx.setVersionStatus([record.id], 'Unlisted', now);
    }, publishContention(c));
  }

  /** A validator for a cached /info file (Upstreams.stamp); undefined when the external server contributes. */
  async stamp(repo: RegistryRepository, name: string): Promise<string | undefined> {
    return this.upstreams.stamp(this.coordinates(repo, name));
  }

  /** The /info body of a gem across the search order; 404 when no repository or the external server has it. */
  async info(repo: RegistryRepository, name: string): Promise<string> {
    const body = await this.infoOrUndefined(repo, name);
    if (body === undefined)
      throw notFound('package', name, `Gem ${name} not found in repository ${repo.repositoryName} or its upstreams.`);
    return body;
  }

  private async infoOrUndefined(repo: RegistryRepository, name: string): Promise<string | undefined> {
    const c = this.coordinates(repo, name);
    const { lines, held, external } = await this.store.read(async (tx) => {
      const order = await this.upstreams.searchOrder(tx, c);
      const lines: Line[] = [];
      // A version a repository holds (Published or Unlisted) hides the upstreams' copies of it, as in the search
      // order of a download: an Unlisted one is left out of the index, not replaced by an upstream's.
      const held = new Set<string>();
      for (const { pkg } of order.nodes) {
        if (!pkg) continue;
        const mine = (await allVersions(tx, pkg.id)).filter(
          (r) => rubyFormat.downloadable.has(r.status) && !held.has(r.version),
        );
        for (const r of mine) held.add(r.version);
        const shown = mine.filter((r) => rubyFormat.listed.has(r.status));
        const assets = await tx.assetsOfVersions(shown.map((r) => r.id));
        for (const record of shown) {
          for (const gem of Object.values(gemsOf(record.details))) {
            const asset = assets.get(record.id)?.find((a) => a.name === gem.file);
            if (!asset) continue;
            const text = infoLine({ version: record.version, spec: gem.spec, sha256: asset.sha256 });
            lines.push({ key: text.split(' ', 1)[0]!, text, at: asset.createdAt });
          }
        }
      }
      return { lines, held, external: order.external };
    });
    if (external && this.external) {
      // An unreachable server must not take down what this repository and its upstreams hold.
      const remote = await this.external.info(c.name).catch(() => undefined);
      // Verbatim when nothing here has the gem, so the MD5 the server's /versions states stays right.
      if (remote !== undefined && held.size === 0) return remote;
      for (const text of remote?.split('\n') ?? []) {
        const head = text.split(' ', 1)[0]!;
        if (!/^[0-9]/.test(head)) continue; // the `---` line, blanks, anything that is not a version line
        const dash = head.indexOf('-');
        if (held.has(dash < 0 ? head : head.slice(0, dash))) continue;
        lines.push({ key: head, text, at: Number.MAX_SAFE_INTEGER });
      }
    }
    if (lines.length === 0) return undefined;
    const ordered = [...lines].sort((a, b) => a.at - b.at || (a.key < b.key ? -1 : 1));
    return `---\n${ordered.map((l) => `${l.text}\n`).join('')}`;
  }

  /** Every gem name of the repository and its upstreams (and the external server's, when one is connected). */
  private async allNames(repo: RegistryRepository): Promise<{ local: string[]; external?: SearchNode }> {
    return this.store.read(async (tx) => {
      // The search order of a name no package has: every repository of the graph.
      const order = await this.upstreams.searchOrder(tx, { ...repo, format: rubyFormat.name, namespace: '', name: '' });
      const names = new Set<string>();
      for (const { repository } of order.nodes) {
        let after: { format: string; namespace: string; name: string } | undefined;
        for (;;) {
          const page = await tx.listPackages(
            { ...repo, repositoryName: repository.name, format: rubyFormat.name },
            after,
            1000,
          );
          for (const pkg of page) names.add(pkg.name);
          if (page.length < 1000) break;
          after = page[page.length - 1]!;
        }
      }
      return { local: [...names], external: order.external };
    });
  }

  /** /versions: each gem's versions and the MD5 of the very /info body served for it. */
  async versions(repo: RegistryRepository): Promise<string> {
    const { local, external } = await this.allNames(repo);
    const createdAt = await this.store.read(
      async (tx) => (await tx.getRepository(repo, repo.domainName, repo.repositoryName))?.createdAt ?? 0,
    );
    const entries = new Map<string, { name: string; versions: string[]; infoMd5: string }>();
    for (const name of local) {
      // One stamp read per gem while its entry is kept: at an equal stamp a rebuilt /info is the same bytes.
      const key = JSON.stringify([repo, name]);
      const stamp = await this.stamp(repo, name);
      let kept = stamp === undefined ? undefined : this.entries.get(key, stamp);
      if (!kept) {
        const body = await this.infoOrUndefined(repo, name);
        if (body === undefined) continue;
        const versions = body
          .split('\n')
          .slice(1)
          .filter(Boolean)
          .map((line) => line.split(' ', 1)[0]!);
        kept = { versions, md5: md5Hex(body) };
        if (stamp !== undefined) this.entries.set(key, stamp, kept, 128 + versions.join(',').length * 2);
      }
      entries.set(name, { name, versions: kept.versions, infoMd5: kept.md5 });
    }
    if (external && this.external) {
      const remote = await this.external.versions().catch(() => undefined);
      for (const line of remote?.split('---\n', 2)[1]?.split('\n') ?? []) {
        const [name, list, md5] = line.split(' ');
        if (!name || !list || !md5 || entries.has(name) || local.includes(name)) continue;
        const known = entries.get(`\0${name}`)?.versions ?? [];
        const versions = list.split(',');
        const kept = [...known, ...versions.filter((v) => !v.startsWith('-'))].filter(
          (v) => !versions.includes(`-${v}`),
        );
        entries.set(`\0${name}`, { name, versions: kept, infoMd5: md5 });
      }
    }
    return versionsBody(new Date(createdAt), [...entries.values()]);
  }

  async names(repo: RegistryRepository): Promise<string> {
    const body = await this.versions(repo);
    return namesBody(
      body
        .split('---\n', 2)[1]!
        .split('\n')
        .filter(Boolean)
        .map((line) => line.split(' ', 1)[0]!),
    );
  }

  /** A `.gem` by file name, from a Published or Unlisted version here, upstream (retained) or external (ingested). */
  async gem(repo: RegistryRepository, filename: string): Promise<{ content: Readable; asset: AssetRecord }> {
    const found = await this.locate(repo, filename);
    const content = await this.blobs.blobs.get(found.asset.sha256);
    if (!content) throw notFound('asset', filename, `Gem file ${filename} not found.`);
    return { content, asset: found.asset };
  }

  /** The quick gemspec of `<name>-<version>[-<platform>].gemspec.rz`: Marshal, deflated. */
  async quickSpec(repo: RegistryRepository, specFile: string): Promise<Buffer> {
    const { spec } = await this.locate(repo, `${specFile.slice(0, -'.gemspec.rz'.length)}.gem`);
    return quickSpec(spec);
  }

  private async locate(repo: RegistryRepository, filename: string): Promise<{ asset: AssetRecord; spec: Gemspec }> {
    const missing = () =>
      notFound('asset', filename, `Gem file ${filename} not found in repository ${repo.repositoryName}.`);
    if (!filename.endsWith('.gem')) throw missing();
    const readings = readingsOf(filename.slice(0, -'.gem'.length));
    for (const reading of readings) {
      const c = this.coordinates(repo, reading.name);
      const here = await this.store.read(async (tx) => {
        const lookup = await tx.lookupAsset(c, reading.version, filename);
        if (!lookup.repositoryExists) throw repositoryNotFound(c, c.domainName, c.repositoryName);
        if (!lookup.asset || !lookup.versionStatus || !rubyFormat.downloadable.has(lookup.versionStatus))
          return { lookup };
        const pkg = await tx.getPackage(c);
        const record = pkg && (await tx.getVersion(pkg.id, reading.version));
        return { lookup, record };
      });
      if (here.lookup.versionStatus && !rubyFormat.downloadable.has(here.lookup.versionStatus)) throw missing();
      const spec = here.record && gemsOf(here.record.details)[reading.platform]?.spec;
      if (here.lookup.asset && spec) return { asset: here.lookup.asset, spec };
      if (here.lookup.packageUpstream === 'BLOCK') continue;
      const { hit } = await this.upstreams.find(c, reading.version);
      const upstreamSpec = hit && gemsOf(hit.record.details)[reading.platform]?.spec;
      if (hit && upstreamSpec && hit.assets.some((a) => a.name === filename)) {
        const retained = await this.upstreams.retain(c, hit, Date.now());
        const asset = retained.assets.find((a) => a.name === filename);
        if (asset) return { asset, spec: upstreamSpec };
      }
    }
    const ingested = readings.length > 0 ? await this.ingest(repo, filename) : undefined;
    if (!ingested) throw missing();
    return ingested;
  }

  /** Downloads a gem the external server has, checks it is the file named, and records it. */
  private async ingest(
    repo: RegistryRepository,
    filename: string,
  ): Promise<{ asset: AssetRecord; spec: Gemspec } | undefined> {
    if (!this.external) return undefined;
    const first = readingsOf(filename.slice(0, -'.gem'.length))[0]!;
    const { external } = await this.upstreams.find(this.coordinates(repo, first.name), first.version);
    if (!external) return undefined;
    const bytes = await this.external.gem(filename).catch(() => undefined);
    if (!bytes) return undefined;
    let spec: Gemspec;
    try {
      spec = parseGemspec(await gemspecYamlOf(bytes));
    } catch {
      return undefined;
    }
    if (gemFileName(spec.name, spec.version, spec.platform) !== filename) return undefined;
    const c = this.coordinates(repo, spec.name);
    // The upstream search may end elsewhere for the gem's real name; ask again under it.
    const { external: via } = await this.upstreams.find(c, spec.version);
    if (!via) return undefined;
    // The checksum the server's own index states must be the file's (a server answering other bytes is refused).
    const key = versionWithPlatform(spec.version, spec.platform);
    const line = (await this.external.info(c.name).catch(() => undefined))
      ?.split('\n')
      .find((l) => l.split(' ', 1)[0] === key);
    const expected = /\|(?:.*,)?checksum:([0-9a-f]{64})/.exec(line ?? '')?.[1];
    if (!line) return undefined;
    const put = await this.blobs.put(bytes, expected);
    const recorded = await this.upstreams.ingest(
      c,
      via,
      {
        version: spec.version,
        details: (existing) => detailsOf(spec, filename, existing),
        assets: [assetFrom(filename, put)],
      },
      Date.now(),
    );
    const asset = recorded.assets.find((a) => a.name === filename);
    return asset && { asset, spec };
  }
}
