// What PostgresStore's connections promise beyond the Store conformance suite: the server ends a transaction
// left idle and a statement that runs away (limits sent at connection start-up), and a write's pipelined
// statements (postgres-store.ts, TransactionRunner) keep the semantics of awaiting each one: a deferred
// statement that fails fails its write, and a publish's advisory lock is released however its write ends.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import type { SqlRunner } from '../../src/store/sql/runner.js';
import type { StoreTx } from '../../src/store/store.js';
import { createTestDatabase } from '../helpers/postgres.js';
import { requirePrerequisites } from '../helpers/prerequisites.js';

await requirePrerequisites('PostgreSQL');

const database = await createTestDatabase();
after(async () => {
  await database.drop();
});

/** The connection's own runner: these tests ask PostgreSQL what no Store method asks. */
const sqlOf = (tx: StoreTx) => (tx as unknown as { sql: SqlRunner }).sql;
const audit = (principalArn: string) => ({
  at: 1,
  principalArn,
  action: 'test:Write',
  resourceArn: 'arn:aws:test:::thing',
  requestId: 'r',
  sourceAddress: '',
  outcome: 'allowed' as const,
});

describe('PostgreSQL connection limits', () => {
  it('every pooled connection, the migrating one too, has the idle-in-transaction and statement limits', async () => {
    // max 1: the one connection is the one migrations ran on (with statement_timeout lifted for them).
    const store = await PostgresStore.open(database.url, { max: 1 });
    try {
      const settings = await store.read(async (tx) => ({
        idle: await sqlOf(tx).get<{ v: string }>('SELECT current_setting($1) AS v', [
          'idle_in_transaction_session_timeout',
        ]),
        statement: await sqlOf(tx).get<{ v: string }>('SELECT current_setting($1) AS v', ['statement_timeout']),
      }));
      assert.deepEqual(settings, { idle: { v: '1min' }, statement: { v: '5min' } });
    } finally {
      await store.close();
    }
  });

  it('the database URL overrides either limit (docs/operations.md), 0 turning it off', async () => {
    const url = `${database.url}?statement_timeout=1234&idle_in_transaction_session_timeout=0`;
    const store = await PostgresStore.open(url, { max: 1 });
    try {
      const settings = await store.read((tx) =>
        sqlOf(tx).get<{ s: string; i: string }>(
          "SELECT current_setting('statement_timeout') AS s, current_setting('idle_in_transaction_session_timeout') AS i",
        ),
      );
      assert.deepEqual(settings, { s: '1234ms', i: '0' });
    } finally {
      await store.close();
    }
  });

  it('a write idle in its transaction past the limit fails, and the store goes on with a new connection', async () => {
    const store = await PostgresStore.open(database.url, { max: 1, idleInTransactionTimeoutMs: 200 });
    try {
      const arn = 'arn:aws:test:::idle';
      await assert.rejects(
        store.write(async (tx) => {
          await tx.putTags(arn, [{ key: 'k', value: 'written before the wait' }]);
          await new Promise((resolve) => setTimeout(resolve, 800));
          await tx.putTags(arn, [{ key: 'k', value: 'written after it' }]);
        }),
      );
      assert.deepEqual(await store.read((tx) => tx.getTags(arn)), []);
      await store.write((tx) => tx.putTags(arn, [{ key: 'k', value: 'v' }]));
      assert.deepEqual(await store.read((tx) => tx.getTags(arn)), [{ key: 'k', value: 'v' }]);
    } finally {
      await store.close();
    }
  });

  it('a statement running past the statement limit is cancelled (57014)', async () => {
    const store = await PostgresStore.open(database.url, { max: 1, statementTimeoutMs: 100 });
    try {
      await assert.rejects(
        store.read((tx) => sqlOf(tx).get('SELECT pg_sleep(1)')),
        (error: { code?: string }) => error.code === '57014',
      );
    } finally {
      await store.close();
    }
  });
});

describe('PostgreSQL pipelined writes', () => {
  it('a deferred statement (the audit row) that fails fails its write: nothing of it commits', async () => {
    const store = await PostgresStore.open(database.url);
    try {
      const arn = 'arn:aws:test:::deferred';
      // PostgreSQL refuses a NUL in a text parameter: the audit row fails after putTags succeeded.
      await assert.rejects(
        store.write(async (tx) => {
          await tx.putTags(arn, [{ key: 'k', value: 'v' }]);
          await tx.insertAudit(audit('arn:aws:iam::000000000000:user/a\u0000b'));
        }),
      );
      assert.deepEqual(await store.read((tx) => tx.getTags(arn)), []);
      // A deferred row that is fine commits with its write.
      await store.write(async (tx) => {
        await tx.insertAudit(audit('arn:aws:iam::000000000000:user/pipelined'));
        await tx.putTags(arn, [{ key: 'k', value: 'v' }]);
      });
      assert.deepEqual(await store.read((tx) => tx.getTags(arn)), [{ key: 'k', value: 'v' }]);
      const rows = await store.read((tx) =>
        tx.listAudit({ principalArn: 'arn:aws:iam::000000000000:user/pipelined', limit: 10 }),
      );
      assert.equal(rows.length, 1);
    } finally {
      await store.close();
    }
  });

  it("a contention key's lock is released after a write that commits, fails, or sends nothing", async () => {
    const store = await PostgresStore.open(database.url, { max: 2 });
    try {
      const arn = 'arn:aws:test:::locked';
      const options = { contention: 'pipelined-lock' };
      await store.write((tx) => tx.putTags(arn, [{ key: 'n', value: '1' }]), options);
      await assert.rejects(
        store.write(async (tx) => {
          await tx.putTags(arn, [{ key: 'n', value: '2' }]);
          throw new Error('the handler failed');
        }, options),
        /the handler failed/,
      );
      await store.write(async () => undefined, options);
      // Each write above used one of the two connections; a lock left held by either would block this one
      // (advisory locks are per session, and another session waits for it) until the test timed out.
      const writes = Array.from({ length: 4 }, (_, i) =>
        store.write((tx) => tx.putTags(arn, [{ key: 'n', value: String(10 + i) }]), options),
      );
      await Promise.all(writes);
      assert.match((await store.read((tx) => tx.getTags(arn)))[0]!.value, /^1[0-3]$/);
    } finally {
      await store.close();
    }
  });
});
