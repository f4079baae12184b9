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
