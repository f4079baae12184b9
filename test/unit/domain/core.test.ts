// The format-neutral core over a real SQLite file and blob directory: recordVersion's rules for extending a
// version (which formats take files after publication, identical bytes, different bytes), and Upstreams — the
// search order with origin controls, retention into every repository on the way, and the substitution guard.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FsBlobStore } from '../../../src/blobs/fs-blob-store.js';
import { BlobLifecycle } from '../../../src/domain/codeartifact/blob-lifecycle.js';
import { Domains } from '../../../src/domain/codeartifact/domains.js';
import {
  assetFrom,
  recordVersion,
  type StoredAsset,
  type VersionToRecord,
} from '../../../src/domain/codeartifact/publishing.js';
import { Repositories } from '../../../src/domain/codeartifact/repositories.js';
import { Upstreams } from '../../../src/domain/codeartifact/upstreams.js';
import type { Caller } from '../../../src/domain/shared/caller.js';
import { CatalogError } from '../../../src/domain/shared/errors.js';
import type { PackageCoordinates } from '../../../src/store/records.js';
import { SqliteStore } from '../../../src/store/sqlite/sqlite-store.js';

const caller: Caller = { accountId: '111122223333', region: 'eu-west-1', accessKeyId: 'AKIDUNIT' };
const now = Date.UTC(2026, 11, 1);
let dir: string;
let store: SqliteStore;
let lifecycle: BlobLifecycle;
let upstreams: Upstreams;

const at = (repositoryName: string, format: string, name: string): PackageCoordinates => ({
  ...caller,
  domainName: 'core',
  repositoryName,
  format,
  namespace: format === 'generic' ? 'ns' : '',
  name,
});

async function record(
  c: PackageCoordinates,
  version: string,
  files: Record<string, string>,
  extra: Partial<VersionToRecord> = {},
) {
  const assets: StoredAsset[] = [];
  for (const [name, text] of Object.entries(files))
    assets.push(assetFrom(name, await lifecycle.put(Buffer.from(text))));
  return store.write((tx) =>
    recordVersion(
      tx,
      lifecycle,
      c,
      {
        version,
        status: 'Published',
        origin: { originType: 'INTERNAL', entryRepository: c.repositoryName },
        details: (existing) => existing ?? { summary: version },
        assets,
        newPackage: { publish: 'ALLOW', upstream: 'BLOCK' },
        ifExists: 'extend',
        publish: true,
        ...extra,
      },
      now,
    ),
  );
}
const kindOf = (error: unknown) => (error instanceof CatalogError ? error.kind : String(error));

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'quiver-unit-core-'));
  store = new SqliteStore(join(dir, 'quiver.sqlite'));
  const blobs = new FsBlobStore(join(dir, 'blobs'));
  await blobs.init();
  lifecycle = new BlobLifecycle(store, blobs);
  upstreams = new Upstreams(store, lifecycle);
  await new Domains(store).create(caller, 'core', undefined, [], now);
  const repositories = new Repositories(store, lifecycle);
  // app → mid → base: retention goes into mid too.
  for (const [name, ups] of [
    ['base', []],
    ['mid', ['base']],
    ['app', ['mid']],
    ['solo', []],
  ] as const)
    await repositories.create(caller, undefined, 'core', name, { upstreams: [...ups], tags: [] }, now);
});
after(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('recordVersion', () => {
  it('a PyPI version takes more files after it is published; a generic one does not', async () => {
    const first = await record(at('solo', 'pypi', 'multi'), '1.0', { 'multi-1.0.tar.gz': 'sdist' });
    const second = await record(at('solo', 'pypi', 'multi'), '1.0', { 'multi-1.0-py3-none-any.whl': 'wheel' });
    assert.equal(second.assets.length, 1);
    assert.notEqual(second.version.revision, first.version.revision, 'a new file is a new revision');
    assert.equal(second.version.details.summary, '1.0', 'the first file’s details stay');
    await record(at('solo', 'generic', 'sealed'), '1.0', { a: 'a' });
    await assert.rejects(record(at('solo', 'generic', 'sealed'), '1.0', { b: 'b' }), (e) => kindOf(e) === 'Conflict');
  });

  it('identical bytes under a name are idempotent; different bytes are a conflict and change nothing', async () => {
    const c = at('solo', 'pypi', 'same');
    const first = await record(c, '2.0', { 'same-2.0.tar.gz': 'one' });
    const again = await record(c, '2.0', { 'same-2.0.tar.gz': 'one' });
    assert.equal(again.changed, false);
    assert.equal(again.version.revision, first.version.revision);
    await assert.rejects(record(c, '2.0', { 'same-2.0.tar.gz': 'two' }), /already exists with different content/);
  });

  it('`conflict` refuses an existing version, `publish` honours publish=BLOCK', async () => {
    const c = at('solo', 'npm', 'once');
    await record(c, '1.0.0', { 'once-1.0.0.tgz': 'x' }, { ifExists: 'conflict' });
    await assert.rejects(record(c, '1.0.0', { 'once-1.0.0.tgz': 'x' }, { ifExists: 'conflict' }), /delete it first/);
    await store.write(async (tx) =>
      tx.setPackageOrigin((await tx.getPackage(c))!.id, { publish: 'BLOCK', upstream: 'BLOCK' }),
    );
    await assert.rejects(record(c, '2.0.0', { 'once-2.0.0.tgz': 'y' }), (e) => kindOf(e) === 'AccessDenied');
  });
});

describe('Upstreams', () => {
  it('the search order is depth-first; a hit is retained in the requester and every repository on the way', async () => {
    await record(at('base', 'pypi', 'deep'), '1.0', { 'deep-1.0.tar.gz': 'deep' });
    const c = at('app', 'pypi', 'deep');
    const order = await store.read((tx) => upstreams.searchOrder(tx, c));
    assert.deepEqual(
      order.nodes.map((n) => n.path),
      [['app'], ['app', 'mid'], ['app', 'mid', 'base']],
    );
    const { hit } = await upstreams.find(c, '1.0');
    assert.deepEqual(hit?.node.path, ['app', 'mid', 'base']);
    const retained = await upstreams.retain(c, hit!, now);
    assert.deepEqual(
      retained.assets.map((a) => a.name),
      ['deep-1.0.tar.gz'],
    );
    for (const repository of ['app', 'mid']) {
      const copy = await store.read(async (tx) =>
        tx.getVersion((await tx.getPackage(at(repository, 'pypi', 'deep')))!.id, '1.0'),
      );
      assert.equal(copy?.entryRepository, 'base', `${repository} holds the copy with its origin`);
      assert.equal(copy?.revision, hit!.record.revision);
    }
  });

  it('a package with upstream=BLOCK stops the search below it, and lifts the substitution guard', async () => {
    await record(at('base', 'pypi', 'guarded'), '1.0', { 'guarded-1.0.tar.gz': 'g' });
    const c = at('app', 'pypi', 'guarded');
    await assert.rejects(upstreams.refuseIfUpstreamHas(c, '1.0', 'guarded'), /upstream=BLOCK/);
    await store.write((tx) =>
      tx.ensurePackage(at('mid', 'pypi', 'guarded'), { publish: 'ALLOW', upstream: 'BLOCK' }, now),
    );
    const order = await store.read((tx) => upstreams.searchOrder(tx, c));
    assert.deepEqual(
      order.nodes.map((n) => n.repository.name),
      ['app', 'mid'],
      'base is not searched below mid',
    );
    assert.equal((await upstreams.find(c, '1.0')).hit, undefined);
    await upstreams.refuseIfUpstreamHas(c, '1.0', 'guarded');
  });
});
