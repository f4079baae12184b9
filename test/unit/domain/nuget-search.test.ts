// What NuGet search and autocomplete read (learn.microsoft.com/nuget/api/search-query-service-resource,
// search-autocomplete-service-resource): on a repository of 300 packages, `autocomplete?id=` and a search whose
// page holds one package read every version of that one package only, not of the whole repository. The store is
// the real SQLite store; a Proxy only counts which packages' full version lists are read.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { strToU8, zipSync } from 'fflate';
import { FsBlobStore } from '../../../src/blobs/fs-blob-store.js';
import { BlobLifecycle } from '../../../src/domain/codeartifact/blob-lifecycle.js';
import { Domains } from '../../../src/domain/codeartifact/domains.js';
import { NugetPackages, type NugetSearchQuery } from '../../../src/domain/codeartifact/nuget.js';
import { Repositories } from '../../../src/domain/codeartifact/repositories.js';
import { Upstreams } from '../../../src/domain/codeartifact/upstreams.js';
import type { Caller } from '../../../src/domain/shared/caller.js';
import { SqliteStore } from '../../../src/store/sqlite/sqlite-store.js';

const caller: Caller = { accountId: '111122223333', region: 'eu-west-1', accessKeyId: 'AKIDUNIT' };
const now = Date.UTC(2026, 11, 1);
const repo = { accountId: caller.accountId, region: caller.region, domainName: 'acme', repositoryName: 'wide' };
let dir: string;
let store: SqliteStore;
let nuget: NugetPackages;
/** Package IDs (store ids) whose every version was read, one entry per read. */
const fullReads: number[] = [];

const nupkg = (id: string, version: string) =>
  Buffer.from(
    zipSync({
      [`${id}.nuspec`]: strToU8(
        '<?xml version="1.0" encoding="utf-8"?><package><metadata>' +
          `<id>${id}</id><version>${version}</version><authors>Unit</authors><description>The ${id} package</description>` +
          '</metadata></package>',
      ),
    }),
  );

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'quiver-unit-'));
  store = new SqliteStore(join(dir, 'quiver.sqlite'));
  const blobs = new FsBlobStore(join(dir, 'blobs'));
  await blobs.init();
  const lifecycle = new BlobLifecycle(store, blobs);
  await new Domains(store).create(caller, 'acme', undefined, [], now);
  await new Repositories(store, lifecycle).create(caller, undefined, 'acme', 'wide', { upstreams: [], tags: [] }, now);
  const counting = new Proxy(store, {
    get(target, key, receiver) {
      if (key !== 'read') return Reflect.get(target, key, receiver);
      return (work: (tx: object) => Promise<unknown>) =>
        target.read((tx) =>
          work(
            new Proxy(tx, {
              get(txTarget, txKey, txReceiver) {
                const value = Reflect.get(txTarget, txKey, txReceiver);
                if (txKey !== 'listVersions' || typeof value !== 'function') return value;
                return (packageId: number, ...rest: unknown[]) => {
                  fullReads.push(packageId);
                  return value.call(txTarget, packageId, ...rest);
                };
              },
            }),
          ),
        );
    },
  });
  nuget = new NugetPackages(counting as SqliteStore, lifecycle, new Upstreams(store, lifecycle));
  for (let i = 0; i < 300; i++) await nuget.publish(repo, nupkg(`Wide.Pkg${i}`, '1.0.0'), now, async () => {});
  await nuget.publish(repo, nupkg('Wide.Pkg150', '1.1.0'), now, async () => {});
});
after(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const query = (q: string, take = 20): NugetSearchQuery => ({ q, skip: 0, take, prerelease: false, semVer2: false });

describe('NuGet search and autocomplete read the packages they answer with', () => {
  it('"Enumerate package versions" (autocomplete?id=) reads one package', async () => {
    fullReads.length = 0;
    assert.deepEqual(await nuget.searchableVersions(repo, 'wide.PKG150', query('')), ['1.0.0', '1.1.0']);
    assert.equal(new Set(fullReads).size, 1, `versions of ${new Set(fullReads).size} packages read`);
  });

  it('search?q=<one id>&take=1 reads every version of that package only', async () => {
    fullReads.length = 0;
    const { total, hits } = await nuget.search(repo, query('Wide.Pkg150', 1));
    assert.equal(total, 1);
    assert.deepEqual(
      hits.map((h) => [h.id, h.versions.map((v) => v.version)]),
      [['Wide.Pkg150', ['1.0.0', '1.1.0']]],
    );
    assert.equal(new Set(fullReads).size, 1, `versions of ${new Set(fullReads).size} packages read`);
  });

  it('a search matching 111 packages reads the versions of its page only', async () => {
    fullReads.length = 0;
    const { total, hits } = await nuget.search(repo, { ...query('wide.pkg1', 3), skip: 2 });
    assert.equal(total, 111);
    assert.deepEqual(
      hits.map((h) => h.id),
      ['Wide.Pkg100', 'Wide.Pkg101', 'Wide.Pkg102'],
    );
    assert.equal(new Set(fullReads).size, 3);
  });
});
