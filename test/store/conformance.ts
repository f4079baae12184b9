// The Store contract's conformance suite. Every backend runs exactly this (SQLite today; PostgreSQL
// registers itself here when it lands), so the domain can rely on one behaviour.
import { AsyncLocalStorage } from 'node:async_hooks';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RepositoryRecord } from '../../src/store/records.js';
import type { Store } from '../../src/store/store.js';
import { accessConformance } from './access-conformance.js';

export interface StoreFactory {
  name: string;
  open(): Promise<Store>;
  /** A second handle on the same data (another process or instance would see this). */
  reopen?(): Promise<Store>;
  cleanup(): Promise<void>;
}

const scope = { accountId: '111122223333', region: 'us-east-1' };
const repo = (name: string, upstreams: string[] = []): RepositoryRecord => ({
  ...scope,
  domainName: 'd',
  name,
  description: undefined,
  administratorAccount: scope.accountId,
  createdAt: 1,
  upstreams,
});

export function storeConformance(factory: StoreFactory): void {
  describe(`Store conformance: ${factory.name}`, () => {
    let store: Store;
    before(async () => {
      store = await factory.open();
      await store.write(async (tx) => {
        await tx.insertAccount({ accountId: scope.accountId, name: 'test', createdAt: 1 });
        await tx.insertDomain({ ...scope, name: 'd', encryptionKey: 'k', createdAt: 1 });
      });
    });
    after(async () => {
      await store.close();
      await factory.cleanup();
    });

    it('inserts report duplicates instead of overwriting', async () => {
      assert.equal(
        await store.write((tx) => tx.insertDomain({ ...scope, name: 'd', encryptionKey: 'other', createdAt: 2 })),
        false,
      );
      assert.equal((await store.read((tx) => tx.getDomain(scope, 'd')))?.encryptionKey, 'k');
      assert.equal(await store.write((tx) => tx.insertRepository(repo('r1'))), true);
      assert.equal(await store.write((tx) => tx.insertRepository(repo('r1'))), false);
    });

    it('a failed write commits nothing', async () => {
      await assert.rejects(
        store.write(async (tx) => {
          await tx.insertRepository(repo('doomed'));
          await tx.putTags('arn:doomed', [{ key: 'k', value: 'v' }]);
          throw new Error('boom');
        }),
        /boom/,
      );
      assert.equal(await store.read((tx) => tx.getRepository(scope, 'd', 'doomed')), undefined);
      assert.deepEqual(await store.read((tx) => tx.getTags('arn:doomed')), []);
    });

    it('readers do not see a write before it commits', async () => {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      const writing = store.write(async (tx) => {
        await tx.insertRepository(repo('pending'));
        await gate;
      });
      await new Promise((resolve) => setTimeout(resolve, 20));
      assert.equal(await store.read((tx) => tx.getRepository(scope, 'd', 'pending')), undefined);
      release();
      await writing;
      assert.ok(await store.read((tx) => tx.getRepository(scope, 'd', 'pending')));
    });

    it('concurrent writers serialise: 50 racing inserts of one name, exactly one wins', async () => {
      const results = await Promise.all(
        Array.from({ length: 50 }, () =>
          store.write(async (tx) => {
            if (await tx.getRepository(scope, 'd', 'race')) return false;
            await new Promise((resolve) => setImmediate(resolve));
            return tx.insertRepository(repo('race'));
          }),
        ),
      );
      assert.equal(results.filter(Boolean).length, 1);
    });

    it('concurrent writes (committed together on SQLite): one failing stores nothing, the rest commit, each in its own caller context', async () => {
      const caller = new AsyncLocalStorage<number>();
      const outcomes = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) =>
          caller.run(i, () =>
            store.write(async (tx) => {
              assert.equal(caller.getStore(), i, "the write runs in its caller's async context");
              await tx.insertRepository(repo(`group-${i}`));
              await tx.putTags(`arn:group-${i}`, [{ key: 'k', value: String(i) }]);
              if (i === 7) throw new Error('write 7 fails');
              return i;
            }),
          ),
        ),
      );
      assert.deepEqual(
        outcomes.map((o) => (o.status === 'fulfilled' ? o.value : (o.reason as Error).message)),
        Array.from({ length: 20 }, (_, i) => (i === 7 ? 'write 7 fails' : i)),
      );
      for (let i = 0; i < 20; i++) {
        const stored = await store.read((tx) => tx.getRepository(scope, 'd', `group-${i}`));
        assert.equal(stored !== undefined, i !== 7, `repository group-${i}`);
        assert.equal((await store.read((tx) => tx.getTags(`arn:group-${i}`))).length, i === 7 ? 0 : 1);
      }
    });

    it('nested write and read join the outer transaction', async () => {
      await assert.rejects(
        store.write(async (tx) => {
          await tx.insertRepository(repo('outer'));
          await store.write((inner) => inner.insertRepository(repo('inner')));
          assert.ok(
            await store.read((inner) => inner.getRepository(scope, 'd', 'inner')),
            'a nested read sees the open transaction',
          );
          throw new Error('roll back both');
        }),
      );
      assert.equal(await store.read((tx) => tx.getRepository(scope, 'd', 'inner')), undefined);
      assert.equal(await store.read((tx) => tx.getRepository(scope, 'd', 'outer')), undefined);
    });

    it('lists repositories by keyset in (domain, name) order, with prefix filters taken literally', async () => {
      await store.write(async (tx) => {
        for (const name of ['a_1', 'a%2', 'ab3', 'b4']) await tx.insertRepository(repo(name));
      });
      const firstPage = await store.read((tx) => tx.listRepositories({ ...scope, domainName: 'd' }, undefined, 2));
      const rest = await store.read((tx) =>
        tx.listRepositories({ ...scope, domainName: 'd' }, { domainName: 'd', name: firstPage[1]!.name }, 100),
      );
      const all = await store.read((tx) => tx.listRepositories({ ...scope, domainName: 'd' }, undefined, 100));
      assert.deepEqual(
        [...firstPage, ...rest].map((r) => r.name),
        all.map((r) => r.name),
      );
      assert.deepEqual(
        all.map((r) => r.name),
        [...all.map((r) => r.name)].sort(),
      );
      assert.deepEqual(
        (await store.read((tx) => tx.listRepositories({ ...scope, namePrefix: 'a_' }, undefined, 10))).map(
          (r) => r.name,
        ),
        ['a_1'],
      );
      assert.deepEqual(
        (await store.read((tx) => tx.listRepositories({ ...scope, namePrefix: 'a%' }, undefined, 10))).map(
          (r) => r.name,
        ),
        ['a%2'],
      );
    });

    it('keeps upstream order and finds downstreams', async () => {
      await store.write((tx) => tx.insertRepository(repo('down', ['b4', 'a_1'])));
      assert.deepEqual((await store.read((tx) => tx.getRepository(scope, 'd', 'down')))?.upstreams, ['b4', 'a_1']);
      assert.deepEqual(await store.read((tx) => tx.listDownstreams(scope, 'd', 'a_1')), ['down']);
    });

    it('tags upsert by key and delete by key', async () => {
      await store.write((tx) =>
        tx.putTags('arn:x', [
          { key: 'b', value: '1' },
          { key: 'a', value: '2' },
        ]),
      );
      await store.write((tx) => tx.putTags('arn:x', [{ key: 'b', value: '3' }]));
      await store.write((tx) => tx.removeTags('arn:x', ['a']));
      assert.deepEqual(await store.read((tx) => tx.getTags('arn:x')), [{ key: 'b', value: '3' }]);
    });

    it('settings: setIfAbsent keeps the first value', async () => {
      assert.equal(await store.write((tx) => tx.setSettingIfAbsent('s', 'first')), 'first');
      assert.equal(await store.write((tx) => tx.setSettingIfAbsent('s', 'second')), 'first');
    });

    it('idempotency records are unique per token', async () => {
      const key = { ...scope, service: 'iot', operation: 'CreatePackage', clientToken: 't'.repeat(36) };
      assert.equal(
        await store.write((tx) => tx.insertIdempotency({ ...key, requestHash: 'h', responseJson: '{}', createdAt: 1 })),
        true,
      );
      assert.equal(
        await store.write((tx) =>
          tx.insertIdempotency({ ...key, requestHash: 'h2', responseJson: '{}', createdAt: 1 }),
        ),
        false,
      );
      assert.equal((await store.read((tx) => tx.getIdempotency(key)))?.requestHash, 'h');
    });

    it('package versions: natural order keyset, batch reads and status updates', async () => {
      const coordinates = {
        ...scope,
        domainName: 'd',
        repositoryName: 'r1',
        format: 'generic',
        namespace: 'ns',
        name: 'pkg',
      };
      const pkg = await store.write((tx) => tx.ensurePackage(coordinates, { publish: 'ALLOW', upstream: 'BLOCK' }, 1));
      const names = ['1.10.0', '1.9.0', '1.2.0', '2.0.0', '10.0.0'];
      await store.write(async (tx) => {
        for (const [i, version] of names.entries()) {
          await tx.insertVersion({
            packageId: pkg.id,
            version,
            status: 'Published',
            revision: `r${i}`,
            originType: 'INTERNAL',
            publishedAt: i,
            updatedAt: i,
            details: {},
          });
        }
      });
      const first = await store.read((tx) => tx.listVersions(pkg.id, {}, 'version', undefined, 2));
      const rest = await store.read((tx) =>
        tx.listVersions(pkg.id, {}, 'version', { order: 'version', version: first[1]!.version }, 10),
      );
      assert.deepEqual(
        [...first, ...rest].map((v) => v.version),
        ['1.2.0', '1.9.0', '1.10.0', '2.0.0', '10.0.0'],
      );
      const newest = await store.read((tx) => tx.listVersions(pkg.id, {}, 'newest', undefined, 10));
      assert.deepEqual(
        newest.map((v) => v.version),
        [...names].reverse(),
      );
      const summaries = await store.read((tx) =>
        tx.listVersionSummaries(pkg.id, {}, 'version', { order: 'version', version: '1.2.0' }, 2),
      );
      assert.deepEqual(
        summaries,
        [...first, ...rest]
          .slice(1, 3)
          .map(
            ({ id, version, status, revision, originType, entryRepository, entryExternalConnection, publishedAt }) => ({
              id,
              version,
              status,
              revision,
              originType,
              entryRepository,
              entryExternalConnection,
              publishedAt,
            }),
          ),
        'summaries: the same rows, fewer columns',
      );
      const some = await store.read((tx) => tx.getVersions(pkg.id, ['2.0.0', '1.9.0', 'missing']));
      assert.deepEqual(some.map((v) => v.version).sort(), ['1.9.0', '2.0.0']);
      // The package and its versions in one statement: the same records as getPackage + getVersions.
      const joined = await store.read((tx) => tx.getPackageVersions(coordinates, ['2.0.0', '1.9.0', 'missing']));
      assert.deepEqual(joined.pkg, await store.read((tx) => tx.getPackage(coordinates)));
      assert.deepEqual(
        joined.versions.sort((a, b) => a.id - b.id),
        some.sort((a, b) => a.id - b.id),
      );
      assert.deepEqual(await store.read((tx) => tx.getPackageVersions(coordinates, ['missing'])), {
        pkg: joined.pkg,
        versions: [],
      });
      assert.deepEqual(await store.read((tx) => tx.getPackageVersions(coordinates, [])), {
        pkg: joined.pkg,
        versions: [],
      });
      assert.deepEqual(
        await store.read((tx) => tx.getPackageVersions({ ...coordinates, name: 'no-such-package' }, ['2.0.0'])),
        { versions: [] },
      );
      await store.write((tx) =>
        tx.setVersionStatus(
          some.map((v) => v.id),
          'Archived',
          9,
        ),
      );
      assert.deepEqual(
        (await store.read((tx) => tx.listVersions(pkg.id, { status: 'Archived' }, 'version', undefined, 10))).map(
          (v) => v.version,
        ),
        ['1.9.0', '2.0.0'],
      );
      assert.equal(
        (await store.read((tx) => tx.getVersion(pkg.id, '2.0.0')))?.revision,
        'r3',
        'a status change keeps the revision',
      );
      assert.equal(
        await store.write((tx) =>
          tx.insertVersion({
            packageId: pkg.id,
            version: '2.0.0',
            status: 'Published',
            revision: 'x',
            originType: 'INTERNAL',
            publishedAt: 1,
            updatedAt: 1,
            details: {},
          }),
        ),
        undefined,
      );
      const digest = 'a'.repeat(64);
      await store.write(async (tx) => {
        await tx.retainBlob(digest, 1, 1);
        for (const [version, asset] of [
          ['2.0.0', 'b.tgz'],
          ['2.0.0', 'a.tgz'],
          ['1.9.0', 'c.tgz'],
        ] as const) {
          const id = (await tx.getVersion(pkg.id, version))!.id;
          await tx.insertAsset({
            versionId: id,
            name: asset,
            sha256: digest,
            size: 1,
            md5: 'm',
            sha1: 's',
            sha512: 'x',
            createdAt: 1,
          });
        }
      });
      const firstAssets = await store.read((tx) => tx.firstAssets(some.map((v) => v.id)));
      assert.deepEqual(
        some.map((v) => firstAssets.get(v.id)?.name).sort(),
        ['a.tgz', 'c.tgz'],
        'the first asset of each version, by name',
      );
      const allAssets = await store.read((tx) => tx.assetsOfVersions(some.map((v) => v.id)));
      assert.deepEqual(
        some
          .map((v) =>
            allAssets
              .get(v.id)
              ?.map((a) => a.name)
              .join(','),
          )
          .sort(),
        ['a.tgz,b.tgz', 'c.tgz'],
        'every asset of each version, by name',
      );
      // Versions without assets are partial versions to the integrity check: remove them.
      await store.write(async (tx) => {
        await tx.deletePackage(pkg.id);
        await tx.markBlobDeletingIfUnreferenced('a'.repeat(64));
        await tx.forgetBlob('a'.repeat(64));
      });
      assert.deepEqual(await store.read((tx) => tx.listVersions(pkg.id, {}, 'version', undefined, 10)), []);
    });

    it("a package's changeSeq moves with every version, asset and dist-tag change, and only then", async () => {
      const coordinates = {
        ...scope,
        domainName: 'd',
        repositoryName: 'r1',
        format: 'npm',
        namespace: '',
        name: 'stamped',
      };
      const pkg = await store.write((tx) => tx.ensurePackage(coordinates, { publish: 'ALLOW', upstream: 'ALLOW' }, 1));
      const other = await store.write((tx) =>
        tx.ensurePackage({ ...coordinates, name: 'bystander' }, { publish: 'ALLOW', upstream: 'ALLOW' }, 1),
      );
      const seq = async (name = 'stamped') =>
        (await store.read((tx) => tx.getPackage({ ...coordinates, name })))!.changeSeq;
      const seen = [await seq()];
      const moved = async (what: string) => {
        const now = await seq();
        assert.ok(now > seen[seen.length - 1]!, `${what} moves changeSeq`);
        seen.push(now);
      };
      const id = (await store.write((tx) =>
        tx.insertVersion({
          packageId: pkg.id,
          version: '1.0.0',
          status: 'Published',
          revision: 'r',
          originType: 'INTERNAL',
          publishedAt: 1,
          updatedAt: 1,
          details: {},
        }),
      ))!.id;
      await moved('a new version');
      await store.write(async (tx) => {
        await tx.retainBlob('b'.repeat(64), 1, 1);
        await tx.insertAsset({
          versionId: id,
          name: 'stamped-1.0.0.tgz',
          sha256: 'b'.repeat(64),
          size: 1,
          md5: 'm',
          sha1: 's',
          sha512: 'x',
          createdAt: 1,
        });
      });
      await moved('a new asset');
      const lookup = (version: string, asset: string, repositoryName = 'r1') =>
        store.read((tx) => tx.lookupAsset({ ...coordinates, repositoryName }, version, asset));
      assert.deepEqual(
        { ...(await lookup('1.0.0', 'stamped-1.0.0.tgz')), asset: undefined },
        { repositoryExists: true, packageUpstream: 'ALLOW', versionStatus: 'Published', asset: undefined },
      );
      assert.equal((await lookup('1.0.0', 'stamped-1.0.0.tgz')).asset?.sha256, 'b'.repeat(64));
      assert.deepEqual(await lookup('1.0.0', 'other.tgz'), {
        repositoryExists: true,
        packageUpstream: 'ALLOW',
        versionStatus: 'Published',
        asset: undefined,
      });
      assert.deepEqual(await lookup('9.9.9', 'x.tgz'), {
        repositoryExists: true,
        packageUpstream: 'ALLOW',
        versionStatus: undefined,
        asset: undefined,
      });
      assert.deepEqual(await lookup('1.0.0', 'x.tgz', 'no-such-repository'), { repositoryExists: false });
      const both = await store.read((tx) => tx.getRepositoryWithPackage(coordinates));
      assert.equal(both.repository?.name, 'r1');
      assert.deepEqual(
        both.pkg,
        await store.read((tx) => tx.getPackage(coordinates)),
        'the same package record as getPackage',
      );
      const absent = await store.read((tx) => tx.getRepositoryWithPackage({ ...coordinates, name: 'absent' }));
      assert.equal(absent.repository?.name, 'r1');
      assert.equal(absent.pkg, undefined);
      assert.deepEqual(
        await store.read((tx) => tx.getRepositoryWithPackage({ ...coordinates, repositoryName: 'no-such-repository' })),
        {},
      );
      await store.write((tx) => tx.setVersionStatus([id], 'Unlisted', 2));
      await moved('a status change');
      await store.write((tx) => tx.setDistTag(pkg.id, 'next', '1.0.0'));
      await moved('a dist-tag');
      await store.write((tx) => tx.deleteDistTag(pkg.id, 'next'));
      await moved('a removed dist-tag');
      assert.equal(await seq('bystander'), other.changeSeq, "another package's changes leave it alone");
      await store.read((tx) => tx.listVersions(pkg.id, {}, 'version', undefined, 10));
      assert.equal(await seq(), seen[seen.length - 1], 'reads do not move it');
      await store.write(async (tx) => {
        await tx.deleteVersion(id);
        await tx.markBlobDeletingIfUnreferenced('b'.repeat(64));
        await tx.forgetBlob('b'.repeat(64));
      });
      await moved('a deleted version');
      await store.write(async (tx) => {
        await tx.deletePackage(pkg.id);
        await tx.deletePackage(other.id);
      });
    });

    it('housekeeping: untracked blobs are those with no row and no asset; adopting one makes it deleting', async () => {
      const coordinates = {
        ...scope,
        domainName: 'd',
        repositoryName: 'r1',
        format: 'generic',
        namespace: 'ns',
        name: 'gc-pkg',
      };
      const pkg = await store.write((tx) => tx.ensurePackage(coordinates, { publish: 'ALLOW', upstream: 'BLOCK' }, 1));
      const [referenced, rowOnly, untracked, alsoUntracked] = ['c', 'd', 'e', 'f'].map((c) => c.repeat(64));
      await store.write(async (tx) => {
        const version = await tx.insertVersion({
          packageId: pkg.id,
          version: '1.0.0',
          status: 'Published',
          revision: 'r',
          originType: 'INTERNAL',
          publishedAt: 1,
          updatedAt: 1,
          details: {},
        });
        await tx.retainBlob(referenced!, 1, 1);
        await tx.insertAsset({
          versionId: version!.id,
          name: 'a',
          sha256: referenced!,
          size: 1,
          md5: 'm',
          sha1: 's',
          sha512: 'x',
          createdAt: 1,
        });
        await tx.retainBlob(rowOnly!, 1, 1);
      });
      const digests = [referenced!, rowOnly!, untracked!, alsoUntracked!];
      assert.deepEqual(await store.read((tx) => tx.untrackedBlobs(digests)), [untracked, alsoUntracked]);
      const many = Array.from({ length: 1200 }, (_, i) => i.toString(16).padStart(64, '0'));
      assert.equal((await store.read((tx) => tx.untrackedBlobs([...many, referenced!]))).length, 1200, 'in chunks');
      assert.equal(await store.write((tx) => tx.adoptUntrackedBlob(referenced!, 1, 2)), false, 'referenced');
      assert.equal(await store.write((tx) => tx.adoptUntrackedBlob(rowOnly!, 1, 2)), false, 'has a row');
      assert.equal(await store.write((tx) => tx.adoptUntrackedBlob(untracked!, 1, 2)), true);
      assert.equal(await store.write((tx) => tx.adoptUntrackedBlob(untracked!, 1, 2)), false, 'once');
      assert.deepEqual(await store.read((tx) => tx.untrackedBlobs(digests)), [alsoUntracked]);
      assert.ok((await store.read((tx) => tx.blobsPendingDeletion(100))).includes(untracked!));
      assert.equal(await store.write((tx) => tx.claimBlobForDeletion(untracked!)), true, 'the usual claim');
      await store.write(async (tx) => {
        await tx.forgetBlob(untracked!);
        await tx.deletePackage(pkg.id);
        await tx.markBlobDeletingIfUnreferenced(referenced!);
        await tx.markBlobDeletingIfUnreferenced(rowOnly!);
        await tx.forgetBlob(referenced!);
        await tx.forgetBlob(rowOnly!);
      });
      assert.deepEqual(await store.read((tx) => tx.blobsPendingDeletion(100)), []);
    });

    it('housekeeping: idempotency records older than a cutoff are counted and deleted in batches', async () => {
      const key = (i: number) => ({
        ...scope,
        service: 'gc',
        operation: 'Op',
        clientToken: `token-${i}`.padEnd(36, 'x'),
      });
      await store.write(async (tx) => {
        for (let i = 0; i < 7; i++)
          await tx.insertIdempotency({ ...key(i), requestHash: 'h', responseJson: '{}', createdAt: i < 5 ? 100 : 900 });
      });
      const earlier = await store.read((tx) => tx.countIdempotencyBefore(50)); // other tests' records
      assert.equal(await store.read((tx) => tx.countIdempotencyBefore(500)), earlier + 5);
      const batches: number[] = [];
      for (let n = -1; n !== 0; ) {
        n = await store.write((tx) => tx.deleteIdempotencyBefore(500, 3));
        batches.push(n);
      }
      assert.ok(
        batches.every((n) => n <= 3),
        `batches of at most 3: ${batches}`,
      );
      assert.equal(
        batches.reduce((a, b) => a + b, 0),
        earlier + 5,
      );
      assert.equal(await store.read((tx) => tx.countIdempotencyBefore(500)), 0);
      assert.ok(await store.read((tx) => tx.getIdempotency(key(6))), 'newer records stay');
      assert.equal(await store.read((tx) => tx.getIdempotency(key(0))), undefined);
    });

    it('searchPackages finds names by prefix in every repository of the scope, ignoring ASCII case, in keyset pages', async () => {
      const other = { accountId: '444455556666', region: 'us-east-1' };
      const names = ['Left-Pad', 'left-right', 'lexer', 'leftover', 'lodash', 'le%_wild', 'LEFT'];
      await store.write(async (tx) => {
        await tx.insertRepository(repo('search-a'));
        await tx.insertRepository(repo('search-b'));
        await tx.insertAccount({ accountId: other.accountId, name: 'other', createdAt: 1 });
        await tx.insertDomain({ ...other, name: 'd', encryptionKey: 'k', createdAt: 1 });
        await tx.insertRepository({ ...repo('search-a'), ...other });
        const at = (repositoryName: string, name: string, namespace = '', where = scope) =>
          tx.ensurePackage(
            { ...where, domainName: 'd', repositoryName, format: 'npm', namespace, name },
            { publish: 'ALLOW', upstream: 'ALLOW' },
            1,
          );
        for (const name of names) await at('search-a', name);
        await at('search-b', 'left-pad');
        await at('search-b', 'left-pad', 'acme');
        await at('search-a', 'left-pad', '', other);
      });
      const page = (prefix: string, after?: { searchKey: string; id: number }, limit = 100, namespace?: string) =>
        store.read((tx) => tx.searchPackages(scope, { prefix, namespace }, after, limit));
      const label = (hits: Awaited<ReturnType<typeof page>>) =>
        hits.map((h) => `${h.pkg.repositoryName}:${h.pkg.namespace}/${h.pkg.name}`);
      const all = await page('LEFT');
      assert.deepEqual(
        all.map((h) => h.searchKey),
        ['left', 'left-pad', 'left-pad', 'left-pad', 'left-right', 'leftover'],
      );
      assert.ok(
        all.every((h) => h.pkg.accountId === scope.accountId),
        'another account with the same names is not searched',
      );
      assert.deepEqual(label(all.filter((h) => h.searchKey === 'left-pad')).sort(), [
        'search-a:/Left-Pad',
        'search-b:/left-pad',
        'search-b:acme/left-pad',
      ]);
      // Keyset pages of 2 give the same hits in the same order, each once.
      const paged: typeof all = [];
      let after: { searchKey: string; id: number } | undefined;
      for (;;) {
        const hits = await page('left', after, 2);
        paged.push(...hits);
        if (hits.length < 2) break;
        after = { searchKey: hits[1]!.searchKey, id: hits[1]!.pkg.id };
      }
      assert.deepEqual(label(paged), label(all));
      assert.deepEqual(label(await page('le%_')), ['search-a:/le%_wild'], 'LIKE wildcards are plain characters');
      assert.deepEqual(label(await page('left-pad', undefined, 100, 'acme')), ['search-b:acme/left-pad']);
      assert.deepEqual(await page('zzz'), []);
      await store.write(async (tx) => {
        for (const hit of [...all, ...(await page('l')), ...(await page('le%'))]) await tx.deletePackage(hit.pkg.id);
        const theirs = await tx.searchPackages(other, { prefix: '' }, undefined, 10);
        for (const hit of theirs) await tx.deletePackage(hit.pkg.id);
      });
    });

    it('panorama patches: point reads, the latest and the newest unmarked patch of a version, moving latest, purging by time', async () => {
      const other = { ...scope, packageId: 'package-other', name: 'other', createdAt: 1 };
      await store.write(async (tx) => {
        await tx.insertPanoramaPackage({ ...scope, packageId: 'package-conf', name: 'conf', createdAt: 1 });
        await tx.insertPanoramaPackage(other);
      });
      const v1 = { packageId: 'package-conf', ownerAccount: scope.accountId, packageVersion: '1.0' };
      const patch = (version: typeof v1, patchVersion: string, registeredAt: number, extra = {}) => ({
        ...version,
        patchVersion,
        isLatest: false,
        registeredAt,
        failure: undefined,
        deregisteredAt: undefined,
        ...extra,
      });
      // Same times for b and c: the newest is then the lower patch version, on both backends.
      const rows = [
        patch(v1, 'a', 10),
        patch(v1, 'c', 30),
        patch(v1, 'b', 30),
        patch(v1, 'gone', 40, { deregisteredAt: 50 }),
        patch(v1, 'leaving', 45, { deregisteredAt: 95, failure: 'why' }),
        patch({ ...v1, packageVersion: '2.0' }, 'z', 99, { isLatest: true }),
        patch({ ...v1, ownerAccount: '999988887777' }, 'y', 99, { isLatest: true }),
        patch({ ...v1, packageId: 'package-other' }, 'x', 99, { deregisteredAt: 50 }),
      ];
      await store.write(async (tx) => {
        for (const row of rows) await tx.putPanoramaVersion(row);
      });
      const read = <T>(fn: (tx: Parameters<Parameters<typeof store.read>[0]>[0]) => Promise<T>) => store.read(fn);

      assert.deepEqual(await read((tx) => tx.getPanoramaPatch({ ...v1, patchVersion: 'leaving' })), rows[4]);
      assert.equal(await read((tx) => tx.getPanoramaPatch({ ...v1, patchVersion: 'z' })), undefined);
      // Nothing marked in 1.0 (the other versions' and owners' latest patches do not count).
      assert.equal(await read((tx) => tx.getLatestPanoramaPatch(v1, 60)), undefined);
      assert.equal((await read((tx) => tx.getNewestUnmarkedPanoramaPatch(v1, 60)))?.patchVersion, 'leaving');
      // Deregistered at 95: gone for a cutoff of 95 (deregistered_at <= finishedBy), not for 94; then 'gone'
      // (registered at 40, deregistered at 50) is left out too, and of b and c (both 30) the lower is the newest.
      assert.equal((await read((tx) => tx.getNewestUnmarkedPanoramaPatch(v1, 94)))?.patchVersion, 'leaving');
      assert.equal((await read((tx) => tx.getNewestUnmarkedPanoramaPatch(v1, 95)))?.patchVersion, 'b');

      await store.write((tx) => tx.setLatestPanoramaPatch(v1, 'a'));
      assert.deepEqual(await read((tx) => tx.getLatestPanoramaPatch(v1, 60)), { ...rows[0], isLatest: true });
      assert.equal((await read((tx) => tx.getNewestUnmarkedPanoramaPatch(v1, 95)))?.patchVersion, 'b');
      await store.write((tx) => tx.setLatestPanoramaPatch(v1, 'c'));
      const marked = (await read((tx) => tx.listPanoramaVersions('package-conf'))).filter((v) => v.isLatest);
      assert.deepEqual(
        marked.map((v) => `${v.ownerAccount}/${v.packageVersion}/${v.patchVersion}`),
        [`${scope.accountId}/1.0/c`, '999988887777/1.0/y', `${scope.accountId}/2.0/z`],
        'one latest per version; the other version and owner keep their own',
      );
      assert.equal((await read((tx) => tx.getNewestUnmarkedPanoramaPatch(v1, 95)))?.patchVersion, 'b');
      await store.write((tx) => tx.setLatestPanoramaPatch(v1, undefined));
      assert.equal(await read((tx) => tx.getLatestPanoramaPatch(v1, 60)), undefined);
      assert.equal(
        (await read((tx) => tx.getPanoramaPatch({ ...v1, ownerAccount: '999988887777', patchVersion: 'y' })))?.isLatest,
        true,
        "another owner's latest is untouched",
      );
      // A latest patch whose deregistration finished is not the latest.
      await store.write((tx) => tx.putPanoramaVersion(patch(v1, 'c', 30, { isLatest: true, deregisteredAt: 60 })));
      assert.equal((await read((tx) => tx.getLatestPanoramaPatch(v1, 59)))?.patchVersion, 'c');
      assert.equal(await read((tx) => tx.getLatestPanoramaPatch(v1, 60)), undefined);

      // Purge: only this package's rows whose deregistration finished by the cutoff.
      assert.equal(await store.write((tx) => tx.purgePanoramaVersions('package-conf', 60)), 2);
      assert.deepEqual(
        (await read((tx) => tx.listPanoramaVersions('package-conf'))).map((v) => v.patchVersion).sort(),
        ['a', 'b', 'leaving', 'y', 'z'],
      );
      assert.equal(await store.write((tx) => tx.purgePanoramaVersions('package-conf', 60)), 0);
      assert.equal((await read((tx) => tx.listPanoramaVersions('package-other'))).length, 1);
      assert.equal(await store.write((tx) => tx.purgePanoramaVersions('package-conf', 95)), 1);
      await store.write(async (tx) => {
        await tx.deletePanoramaPackage('package-conf');
        await tx.deletePanoramaPackage('package-other');
      });
    });

    accessConformance(() => store, scope.accountId);

    it('a second handle sees committed data, and the integrity check passes', async () => {
      if (factory.reopen) {
        const other = await factory.reopen();
        try {
          assert.ok(await other.read((tx) => tx.getRepository(scope, 'd', 'r1')));
        } finally {
          await other.close();
        }
      }
      assert.deepEqual(await store.integrityProblems(), []);
    });
  });
}
