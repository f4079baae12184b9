// The Store conformance suite on the PostgreSQL backend, in a database of its own; plus what only a shared
// database has to get right: instances starting together migrate once.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import pg from 'pg';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { sqliteMigrations } from '../../src/store/sqlite/migrations.js';
import { createTestDatabase } from '../helpers/postgres.js';
import { storeConformance } from './conformance.js';
import { requirePrerequisites } from '../helpers/prerequisites.js';
import { FsBlobStore } from '../../src/blobs/fs-blob-store.js';
import { BlobLifecycle, BlobVanished } from '../../src/domain/codeartifact/blob-lifecycle.js';
import { tempDir } from '../helpers/quiver.js';

await requirePrerequisites('PostgreSQL');

const database = await createTestDatabase();
after(async () => {
  await database.drop();
});

storeConformance({
  name: 'postgres',
  open: () => PostgresStore.open(database.url),
  reopen: () => PostgresStore.open(database.url),
  cleanup: async () => undefined,
});

describe('PostgreSQL migrations', () => {
  it('five instances starting at once apply each migration exactly once', async () => {
    const fresh = await createTestDatabase();
    try {
      const stores = await Promise.all(Array.from({ length: 5 }, () => PostgresStore.open(fresh.url, { max: 2 })));
      await Promise.all(stores.map((store) => store.close()));
      const client = new pg.Client({ connectionString: fresh.url });
      await client.connect();
      const rows = (await client.query('SELECT version FROM schema_migrations ORDER BY version')).rows.map((row) =>
        Number(row.version),
      );
      await client.end();
      assert.deepEqual(
        rows,
        sqliteMigrations.map((m) => m.version),
      );
    } finally {
      await fresh.drop();
    }
  });
});

describe('PostgreSQL isolation of contention-keyed writes (REPEATABLE READ)', () => {
  it('racing read-modify-writes of one row, with and without a contention key, lose no update', async () => {
    // Publishes run REPEATABLE READ under their advisory lock (postgres-store.ts, isolationOf); other writes
    // SERIALIZABLE. A row both kinds update (a package's change_seq, a version, a blob row) must still take
    // every update: first updater wins, the other fails to serialize and re-runs on the new value.
    const store = await PostgresStore.open(database.url, { max: 10 });
    try {
      const arn = 'arn:aws:test:::counter';
      await store.write((tx) => tx.putTags(arn, [{ key: 'n', value: '0' }]));
      const increment = (contention?: string) =>
        store.write(
          async (tx) => {
            const n = Number((await tx.getTags(arn)).find((tag) => tag.key === 'n')!.value);
            await new Promise((resolve) => setTimeout(resolve, 2)); // a wait inside, as on the blob store
            await tx.putTags(arn, [{ key: 'n', value: String(n + 1) }]);
          },
          contention === undefined ? {} : { contention },
        );
      // Distinct keys: the advisory locks do not queue them, so the REPEATABLE READ ones really overlap.
      await Promise.all(Array.from({ length: 30 }, (_, i) => increment(i % 2 === 0 ? `key-${i}` : undefined)));
      const final = await store.read((tx) => tx.getTags(arn));
      assert.equal(final.find((tag) => tag.key === 'n')!.value, '30');
    } finally {
      await store.close();
    }
  });
});

/** The real file blob store, with a hook that can hold the next delete (a deleter between its claim and the bytes). */
class PausableBlobStore extends FsBlobStore {
  beforeNextDelete: (() => Promise<void>) | undefined;
  override async delete(sha256: string): Promise<boolean> {
    const hook = this.beforeNextDelete;
    this.beforeNextDelete = undefined;
    await hook?.();
    return super.delete(sha256);
  }
}

describe('PostgreSQL: a blob deleter racing a publish of the same bytes', () => {
  // BlobLifecycle's protocol (blob-lifecycle.ts): a deleter claims the `deleting` row, deletes the bytes and
  // forgets the row in one transaction; a publish retains the row, checks the bytes and inserts its asset in one.
  // The two must serialise on the blob row, whichever comes first: never a committed asset without bytes.
  const scope = { accountId: '111122223333', region: 'us-east-1' };
  const coordinates = { ...scope, domainName: 'race', repositoryName: 'r', format: 'generic', namespace: 'ns' };

  async function setUp(name: string) {
    const dir = tempDir('quiver-blobrace-');
    const blobs = new PausableBlobStore(dir);
    await blobs.init();
    const store = await PostgresStore.open(database.url, { max: 6 });
    const lifecycle = new BlobLifecycle(store, blobs);
    const watcher = new pg.Client({ connectionString: database.url });
    await watcher.connect();
    const versionId = await store.write(async (tx) => {
      if (!(await tx.getDomain(scope, 'race'))) {
        await tx.insertAccount({ accountId: scope.accountId, name: 'test', createdAt: 1 });
        await tx.insertDomain({ ...scope, name: 'race', encryptionKey: 'k', createdAt: 1 });
        await tx.insertRepository({
          ...scope,
          domainName: 'race',
          name: 'r',
          description: undefined,
          administratorAccount: scope.accountId,
          createdAt: 1,
          upstreams: [],
        });
      }
      const pkg = await tx.ensurePackage({ ...coordinates, name }, { publish: 'ALLOW', upstream: 'BLOCK' }, 1);
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
      return version!.id;
    });
    // The bytes are there and their row is `deleting`: the last version using them was just disposed.
    const put = await blobs.put(Buffer.from(`the same content, ${name}`));
    await store.write(async (tx) => {
      await tx.retainBlob(put.sha256, put.size, 1);
      assert.equal(await tx.markBlobDeletingIfUnreferenced(put.sha256), true);
    });
    /** The publish's transaction, as recordVersion's insertAssets runs it; `between` runs after the retain. */
    const publish = (between: () => Promise<void> = async () => undefined) =>
      store
        .write(
          async (tx) => {
            await lifecycle.retain(tx, put, 2);
            await between();
            await tx.insertAsset({ ...put, versionId, name: 'a.bin', createdAt: 2 });
          },
          { contention: `publish:${name}` },
        )
        .then(
          () => 'published' as const,
          (error: unknown) => error,
        );
    /** Waits until `work` settles or one of this database's sessions waits on a row lock. */
    const settledOrBlocked = async (work: Promise<unknown>) => {
      let settled = false;
      void work.then(() => (settled = true));
      for (let i = 0; i < 500; i++) {
        if (settled) return 'settled';
        const { rows } = await watcher.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        );
        if (rows[0].n > 0) return 'blocked';
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      throw new Error('neither settled nor blocked after 5 s');
    };
    const asset = () => store.read((tx) => tx.getAsset(versionId, 'a.bin'));
    const close = async () => {
      await watcher.end();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    };
    return { blobs, lifecycle, put, publish, settledOrBlocked, asset, close };
  }

  it('deleter claims first: the publish waits for it, then finds the bytes gone (BlobVanished), no asset', async () => {
    const race = await setUp('deleter-first');
    try {
      let claimed!: () => void;
      const atDelete = new Promise<void>((resolve) => (claimed = resolve));
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      race.blobs.beforeNextDelete = async () => {
        claimed();
        await released;
      };
      const deleting = race.lifecycle.deleteDoomed([race.put.sha256]);
      await atDelete; // claimed, bytes not yet deleted, transaction open
      const publishing = race.publish();
      // With a read-only claim the publish commits here, its byte check passing on bytes about to go.
      const meanwhile = await race.settledOrBlocked(publishing);
      release();
      await deleting;
      const outcome = await publishing;
      const bytes = await race.blobs.has(race.put.sha256);
      assert.ok(
        outcome instanceof BlobVanished,
        `publish answered ${String(outcome)}; asset ${(await race.asset()) ? 'committed' : 'absent'}, bytes ${bytes ? 'present' : 'gone'}`,
      );
      assert.equal(await race.asset(), undefined, 'no asset was committed');
      assert.equal(bytes, false, "the deleter's bytes are gone, as it decided");
      assert.equal(meanwhile, 'blocked', 'the publish waited on the claimed blob row');
    } finally {
      await race.close();
    }
  });

  it('publish retains first: the deleter waits for its commit, then sees the reference and keeps the bytes', async () => {
    const race = await setUp('publish-first');
    try {
      let retained!: () => void;
      const atRetained = new Promise<void>((resolve) => (retained = resolve));
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      const publishing = race.publish(async () => {
        retained();
        await released;
      });
      await atRetained; // row retained, bytes checked, asset not yet inserted, transaction open
      const deleting = race.lifecycle.deleteDoomed([race.put.sha256]);
      const meanwhile = await race.settledOrBlocked(deleting);
      release();
      assert.equal(await publishing, 'published');
      await deleting;
      assert.ok(await race.asset(), 'the asset is committed');
      assert.equal(await race.blobs.has(race.put.sha256), true, 'and its bytes are still there');
      assert.equal(await race.lifecycle.sweep(), 0, 'nothing is left pending deletion');
      assert.equal(meanwhile, 'blocked', 'the deleter waited on the retained blob row');
    } finally {
      await race.close();
    }
  });
});
