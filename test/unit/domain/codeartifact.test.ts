// The CodeArtifact domain classes over a real SQLite file and blob directory in a temporary directory: no
// server, no network. What is checked here is what a user of the API would notice — refusals and their kinds,
// upstream rules, what npm sees through upstreams, revisions, version order, bytes kept or freed.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FsBlobStore } from '../../../src/blobs/fs-blob-store.js';
import { BlobLifecycle } from '../../../src/domain/codeartifact/blob-lifecycle.js';
import { Domains } from '../../../src/domain/codeartifact/domains.js';
import { Upstreams } from '../../../src/domain/codeartifact/upstreams.js';
import { NpmPackages, type NpmRepository } from '../../../src/domain/codeartifact/npm.js';
import { parseNpmName } from '../../../src/domain/codeartifact/npm/names.js';
import { Packages } from '../../../src/domain/codeartifact/packages.js';
import { Repositories } from '../../../src/domain/codeartifact/repositories.js';
import { PackageVersions } from '../../../src/domain/codeartifact/versions.js';
import type { Caller } from '../../../src/domain/shared/caller.js';
import { CatalogError, type CatalogErrorKind } from '../../../src/domain/shared/errors.js';
import { SqliteStore } from '../../../src/store/sqlite/sqlite-store.js';

const caller: Caller = { accountId: '111122223333', region: 'eu-west-1', accessKeyId: 'AKIDUNIT' };
const now = Date.UTC(2026, 11, 1);
let dir: string;
let store: SqliteStore;
let blobs: FsBlobStore;
let domains: Domains;
let repositories: Repositories;
let versions: PackageVersions;
let npm: NpmPackages;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'quiver-unit-'));
  store = new SqliteStore(join(dir, 'quiver.sqlite'));
  blobs = new FsBlobStore(join(dir, 'blobs'));
  await blobs.init();
  const lifecycle = new BlobLifecycle(store, blobs);
  domains = new Domains(store);
  repositories = new Repositories(store, lifecycle);
  versions = new PackageVersions(new Packages(store, lifecycle));
  npm = new NpmPackages(store, lifecycle, new Upstreams(store, lifecycle));
  await domains.create(caller, 'acme', undefined, [], now);
});
after(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function refusal(work: Promise<unknown>, kind: CatalogErrorKind, message: RegExp): Promise<void> {
  await assert.rejects(work, (error: unknown) => {
    assert.ok(error instanceof CatalogError, String(error));
    assert.equal(error.kind, kind, error.message);
    assert.match(error.message, message);
    return true;
  });
}

const createRepository = (name: string, upstreams: string[] = []) =>
  repositories.create(caller, undefined, 'acme', name, { upstreams, tags: [] }, now);

describe('domains', () => {
  it('exist once per account and region; another account’s domain is access denied', async () => {
    await refusal(domains.create(caller, 'acme', undefined, [], now), 'Conflict', /Domain already exists/);
    assert.equal((await domains.describe(caller, undefined, 'acme')).name, 'acme');
    await refusal(domains.describe(caller, undefined, 'nope'), 'NotFound', /Domain not found. Domain: nope/);
    await refusal(domains.describe(caller, '999999999999', 'acme'), 'AccessDenied', /not authorized/);
    const elsewhere = { ...caller, region: 'us-east-1' };
    await refusal(domains.describe(elsewhere, undefined, 'acme'), 'NotFound', /Domain not found/);
  });
});

describe('repositories and their upstreams', () => {
  before(async () => {
    await createRepository('base');
    await createRepository('middle', ['base']);
    await createRepository('top', ['middle']);
  });

  it('an upstream graph may not gain a cycle, however long', async () => {
    await refusal(
      repositories.update(caller, undefined, 'acme', 'base', { upstreams: ['top'] }),
      'Invalid',
      /Upstreams of base would form a cycle/,
    );
    await refusal(createRepository('self', ['self']), 'Invalid', /cannot be an upstream of itself/);
    assert.deepEqual((await repositories.describe(caller, undefined, 'acme', 'base')).upstreams, []);
  });

  it('a diamond is not a cycle', async () => {
    const diamond = await createRepository('diamond', ['top', 'base']);
    assert.deepEqual(diamond.upstreams, ['top', 'base']);
  });

  it('upstreams must exist, be listed once, and number at most 10', async () => {
    await refusal(createRepository('r1', ['missing']), 'NotFound', /Repository not found. Repository: missing/);
    await refusal(createRepository('r2', ['base', 'base']), 'Invalid', /listed more than once/);
    const many = Array.from({ length: 11 }, (_, i) => `u${i}`);
    await refusal(createRepository('r3', many), 'QuotaExceeded', /at most 10 upstream repositories; 11 were given/);
  });

  it('a repository that is another’s upstream cannot be deleted', async () => {
    await refusal(
      repositories.delete(caller, undefined, 'acme', 'middle'),
      'Conflict',
      /middle is an upstream of top. Remove it from their upstreams first/,
    );
  });
});

describe('npm through upstreams', () => {
  const repo = (repositoryName: string): NpmRepository => ({ ...caller, domainName: 'acme', repositoryName });
  const name = parseNpmName('@acme/widget');
  const tarball = (version: string) => Buffer.from(`tarball of ${version}`);
  const publish = (repository: string, version: string, tags: Record<string, string> = { latest: version }) =>
    npm.publish(
      repo(repository),
      name,
      {
        manifest: {
          name: name.full,
          version,
          description: `widget ${version}`,
          dist: { integrity: `sha512-${createHash('sha512').update(tarball(version)).digest('base64')}` },
        },
        tarball: tarball(version),
        tags,
      },
      now,
    );

  before(async () => {
    await publish('base', '1.9.0');
    await publish('base', '1.10.0');
  });

  it('a downstream repository’s packument holds the upstream’s versions and tags', async () => {
    const view = await npm.packument(repo('top'), name);
    assert.deepEqual(
      view.versions.map((v) => v.version),
      ['1.9.0', '1.10.0'],
    );
    assert.deepEqual(view.distTags, { latest: '1.10.0' });
    await refusal(
      npm.packument(repo('top'), parseNpmName('absent')),
      'NotFound',
      /not found in repository top or its upstreams/,
    );
  });

  it('a version can be published once; a tag must name a Published version; latest stays', async () => {
    await refusal(publish('base', '1.9.0'), 'Conflict', /Cannot publish over the existing version @acme\/widget@1.9.0/);
    await refusal(publish('base', 'one'), 'Invalid', /npm versions are semver/);
    await npm.setDistTag(repo('base'), name, 'stable', '1.9.0');
    assert.deepEqual(await npm.distTags(repo('base'), name), { latest: '1.10.0', stable: '1.9.0' });
    await refusal(npm.setDistTag(repo('base'), name, 'next', '3.0.0'), 'NotFound', /@acme\/widget@3.0.0 not found/);
    await refusal(npm.setDistTag(repo('base'), name, '^1.0.0', '1.9.0'), 'Invalid', /looks like a version range/);
    await refusal(npm.deleteDistTag(repo('base'), name, 'latest'), 'Invalid', /latest tag cannot be removed/);
  });
});

describe('generic versions', () => {
  const ref = (repository: string) => ({
    domain: 'acme',
    repository,
    format: 'generic',
    namespace: 'tools',
    package: 'cli',
  });
  const content = Buffer.from('the same bytes');
  const sha256 = createHash('sha256').update(content).digest('hex');
  const publish = (repository: string, version: string) =>
    versions.publish(caller, ref(repository), version, 'cli.bin', content, sha256, false, now);

  it('an identical copy in another repository has the same revision', async () => {
    await createRepository('copy-a');
    await createRepository('copy-b');
    const a = await publish('copy-a', '1.0.0');
    const b = await publish('copy-b', '1.0.0');
    assert.equal(a.version.revision, b.version.revision);
    assert.notEqual((await publish('copy-a', '1.0.1')).version.revision, a.version.revision);
  });

  it('are listed in natural version order (1.9 before 1.10), as the sort key stores them', async () => {
    await createRepository('ordered');
    for (const version of ['1.10.0', '1.9.0', '10.0.0', '2.0.0']) await publish('ordered', version);
    const listed = await versions.list(caller, ref('ordered'), {}, 'version', undefined, 10);
    assert.deepEqual(
      listed.versions.map((v) => v.version),
      ['1.9.0', '1.10.0', '2.0.0', '10.0.0'],
    );
  });

  it('a wrong SHA-256 is refused before anything is recorded', async () => {
    await refusal(
      versions.publish(caller, ref('copy-a'), '2.0.0', 'cli.bin', content, '0'.repeat(64), false, now),
      'Invalid',
      /does not match assetSHA256/,
    );
    await refusal(versions.describe(caller, ref('copy-a'), '2.0.0'), 'NotFound', /Package version not found/);
  });

  it('bytes stay while any repository references them, and are deleted with the last one', async () => {
    await repositories.delete(caller, undefined, 'acme', 'copy-a');
    assert.equal(await blobs.has(sha256), true, 'copy-b and ordered still reference the bytes');
    await repositories.delete(caller, undefined, 'acme', 'copy-b');
    await repositories.delete(caller, undefined, 'acme', 'ordered');
    assert.equal(await blobs.has(sha256), false);
  });
});
