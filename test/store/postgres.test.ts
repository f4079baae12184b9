// The Store conformance suite on the PostgreSQL backend, in a database of its own; plus what only a shared
// database has to get right: instances starting together migrate once.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import pg from 'pg';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { sqliteMigrations } from '../../src/store/sqlite/migrations.js';
import { createTestDatabase } from '../helpers/postgres.js';
import { storeConformance } from './conformance.js';
import { requirePrerequisites } from '../helpers/prerequisites.js';

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
