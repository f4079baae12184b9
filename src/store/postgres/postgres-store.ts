// The scale-out Store: PostgreSQL through `pg`. Several Quiver instances share one database.
// - Writes run in SERIALIZABLE transactions and are retried on serialization failures (40001) and
//   deadlocks (40P01), so a check-then-write inside `write` behaves exactly as under SQLite's single writer:
//   of two racing conditional updates, one commits and the other re-runs and sees its result.
// - Writes naming a contention key (publishes: WriteOptions.contention) run REPEATABLE READ after taking the
//   key's advisory lock; see `isolationOf` for why they must not run SERIALIZABLE.
// - Reads outside a write run statement by statement on the pool (each sees committed data), with no
//   BEGIN/COMMIT round trips; reads that must agree are one statement.
// - A write's statements are pipelined on its connection (TransactionRunner): N awaited statements, N + 1
//   round trips.
// - Migrations run once, under an advisory lock, however many instances start together.
import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import type { Store, StoreTx, WriteOptions } from '../store.js';
import type { SqlRunner, SqlValue } from '../sql/runner.js';
import { SqlStoreTx } from '../sql/sql-tx.js';
import { postgresMigrations } from './migrations.js';

// BIGINT (int8) and COUNT(*) come back as JS numbers: every value Quiver stores is far below 2^53.
pg.types.setTypeParser(20, (text) => Number(text));

const MIGRATION_LOCK = 7_151_515_001;
/**
 * A write transaction idle this long is ended by the server (its connection closed, the write fails): Quiver's
 * writes wait inside a transaction only on the blob store's existence checks and deletes, milliseconds to seconds.
 */
const IDLE_IN_TRANSACTION_TIMEOUT_MS = 60_000;
/**
 * No statement runs longer: request statements take milliseconds, and the bulk ones of `quiver gc`, backups and
 * integrity checks on millions of versions fit well inside. Migrations and their lock wait are exempt (migrate).
 */
const STATEMENT_TIMEOUT_MS = 300_000;
const RETRYABLE = new Set(['40001', '40P01']);
// Writers to one package all move its change_seq (migration 7), so concurrent ones conflict on that row and
// retry. Publishes avoid that with WriteOptions.contention; for the other writes (status changes, deletes),
// exponential backoff with full jitter (capped at 250 ms) spreads the retries so they stop colliding.
const MAX_ATTEMPTS = 20;

/**
 * Why a publish (a write with a contention key) runs REPEATABLE READ, not SERIALIZABLE. PostgreSQL's SSI keeps
 * B-tree predicate locks per *index page*, and every publish reads index pages that every other publish writes:
 * the rightmost leaf of ca_packages_pkey and ca_package_versions_pkey (identity keys are appended there, and the
 * change_seq triggers of migration 7 look the new rows up by id), and the leaf of the package-name indexes
 * (ensurePackage's ON CONFLICT probe and getPackage; neighbouring names share a leaf). Two publishes of
 * *different* packages therefore each read what the other wrote — a cycle, one is aborted with 40001 — and
 * with each transaction also waiting on the blob store (BlobLifecycle.retain checks the bytes inside it), a
 * burst of 8–16 keeps aborting some publish until its 20 attempts are spent: a 500 (test/scaleout/
 * concurrent-publishes.test.ts). Those conflicts are false: no row is shared. What a publish relies on holds
 * without predicate locks:
 * - uniqueness of packages, versions, assets and dist-tags: primary keys + ON CONFLICT (a conflicting row this
 *   snapshot cannot see is a 40001 and a retry, in REPEATABLE READ too);
 * - check-then-write on the package's own rows (version exists? publish=BLOCK? npm's _rev): the advisory lock
 *   is taken before BEGIN, so the snapshot follows the previous holder's commit;
 * - the change counters and every row another writer also updates (change_seq, versions, the blob row a
 *   dispose marks): first updater wins, the other gets 40001 and re-runs, so no update is lost;
 * - a package or repository deleted concurrently: the foreign-key checks fail to serialize (40001) and retry;
 * - the package-group check: still read inside the writing transaction, from a snapshot taken after the lock; a
 *   group change committed meanwhile orders after the publish, as SERIALIZABLE would order it too (a group
 *   write reads nothing a publish writes).
 * What REPEATABLE READ does not catch is write skew: a check that reads rows *other* than the key's and writes
 * its own. A publish with such a check names a key that covers both (cargo's colliding spellings share one,
 * domain/codeartifact/cargo.ts crateContention). Every other write keeps SERIALIZABLE: they are few, and their
 * conditional updates are written for it.
 */
const isolationOf = (options: WriteOptions) => (options.contention !== undefined ? 'REPEATABLE READ' : 'SERIALIZABLE');

interface Statement {
  text: string;
  /** Set for statements worth preparing: each connection then parses and plans it once, not per query. */
  name?: string;
}

/** Statements with more parameters than this are built per call (IN lists) and are not prepared. */
const PREPARED_MAX_PARAMS = 16;
const statements = new Map<string, Statement>();

/** `?` placeholders (the shared SQL's) → `$1, $2, …`. The shared SQL never has `?` inside a string literal. */
function statementFor(sql: string): Statement {
  let statement = statements.get(sql);
  if (statement === undefined) {
    let n = 0;
    const text = sql.replace(/\?/g, () => `$${++n}`);
    statement = n <= PREPARED_MAX_PARAMS ? { text, name: `quiver_${statements.size}` } : { text };
    statements.set(sql, statement);
  }
  return statement;
}

function query(sql: string, params: SqlValue[]): pg.QueryConfig {
  const { text, name } = statementFor(sql);
  return name ? { name, text, values: params as unknown[] } : { text, values: params as unknown[] };
}

/** Reads outside a write: each statement on whichever pooled connection is free, on its own (autocommit). */
class PoolRunner implements SqlRunner {
  constructor(private readonly pool: pg.Pool) {}

  async all<T>(sql: string, params: SqlValue[] = []): Promise<T[]> {
    return (await this.pool.query(query(sql, params))).rows as T[];
  }

  async get<T>(sql: string, params: SqlValue[] = []): Promise<T | undefined> {
    return (await this.pool.query(query(sql, params))).rows[0] as T | undefined;
  }

  async run(sql: string, params: SqlValue[] = []): Promise<{ changes: number }> {
    return { changes: (await this.pool.query(query(sql, params))).rowCount ?? 0 };
  }

  async defer(sql: string, params: SqlValue[] = []): Promise<void> {
    await this.pool.query(query(sql, params));
  }
}

/**
 * One write transaction on one connection, pipelined (pg's pipeline mode: a query is written at once, not after
 * the previous one's answer). What the transaction opens with (the publish lock, BEGIN) goes out with its first
 * statement; a deferred statement (SqlRunner.defer: the audit row) goes out at once and its answer is checked
 * with the next statement's or COMMIT's; COMMIT and the lock's release go out together. PostgreSQL runs a
 * connection's queries in the order they were written, so each runs exactly as if the previous had been
 * awaited: the lock is held before BEGIN, the snapshot is taken by the first statement, after the lock. A
 * write of N statements is N + 1 round trips instead of N + 3 (N + 5 with a lock).
 */
class TransactionRunner implements SqlRunner {
  private opening: pg.QueryConfig[] | undefined;
  /** Sent, answer not yet checked (each has a catch attached, so a failure is not unhandled meanwhile). */
  private unchecked: Promise<unknown>[] = [];
  private lockKey: string | undefined;
  /** BEGIN was sent: the transaction must end with COMMIT or ROLLBACK (and the lock, if any, be released). */
  began = false;
  /** The advisory lock's release failed: the session may still hold it, so its connection is not reused. */
  lockStuck = false;

  constructor(
    private readonly client: pg.PoolClient,
    isolation: string,
    private readonly contention: string | undefined,
  ) {
    this.opening = [
      ...(contention === undefined ? [] : [{ text: LOCK, values: [contention] }]),
      { text: `BEGIN ISOLATION LEVEL ${isolation}` },
    ];
  }

  /** Writes queries back to back; the socket is corked meanwhile, so they leave in one write. */
  private send(configs: pg.QueryConfig[]): Promise<pg.QueryResult>[] {
    const stream = (this.client as unknown as { connection?: { stream?: Partial<import('node:net').Socket> } })
      .connection?.stream;
    stream?.cork?.();
    try {
      if (this.opening) {
        const opening = this.opening;
        this.opening = undefined;
        this.began = true;
        if (this.contention !== undefined) this.lockKey = this.contention;
        for (const config of opening) this.track(this.client.query(config));
      }
      return configs.map((config) => this.client.query(config));
    } finally {
      stream?.uncork?.();
    }
  }

  private track(sent: Promise<unknown>): void {
    sent.catch(() => undefined);
    this.unchecked.push(sent);
  }

  /** Answers of earlier queries first, in order: the first failure is the one reported. */
  private async settle<T>(last: Promise<T>): Promise<T> {
    last.catch(() => undefined);
    const earlier = this.unchecked;
    this.unchecked = [];
    for (const sent of earlier) await sent;
    return last;
  }

  private exec(sql: string, params: SqlValue[]): Promise<pg.QueryResult> {
    return this.settle(this.send([query(sql, params)])[0]!);
  }

  async all<T>(sql: string, params: SqlValue[] = []): Promise<T[]> {
    return (await this.exec(sql, params)).rows as T[];
  }

  async get<T>(sql: string, params: SqlValue[] = []): Promise<T | undefined> {
    return (await this.exec(sql, params)).rows[0] as T | undefined;
  }

  async run(sql: string, params: SqlValue[] = []): Promise<{ changes: number }> {
    return { changes: (await this.exec(sql, params)).rowCount ?? 0 };
  }

  async defer(sql: string, params: SqlValue[] = []): Promise<void> {
    this.track(this.send([query(sql, params)])[0]!);
  }

  /** COMMIT (and the lock's release) in one round trip; nothing at all if the work sent no statement. */
  async commit(): Promise<void> {
    if (!this.began) return;
    await this.end('COMMIT');
  }

  async rollback(): Promise<void> {
    if (!this.began) return;
    await this.end('ROLLBACK');
  }

  private async end(command: 'COMMIT' | 'ROLLBACK'): Promise<void> {
    const key = this.lockKey;
    this.began = false;
    this.lockKey = undefined;
    const [ended, unlocked] = this.send([
      { text: command },
      ...(key === undefined ? [] : [{ text: UNLOCK, values: [key] }]),
    ]);
    // The release runs whatever COMMIT answers (a failed COMMIT ends the transaction too).
    unlocked?.catch(() => undefined);
    try {
      if (command === 'COMMIT') await this.settle(ended!);
      else {
        // Rolling back after a failure: what is still unanswered failed or no longer matters.
        for (const sent of this.unchecked.splice(0)) await sent.catch(() => undefined);
        await ended;
      }
    } finally {
      // A lock that could not be released must not go back to the pool with its connection (the store releases it
      // broken), and its failure must not replace COMMIT's answer: a committed write succeeded, a 40001 is retried.
      if (unlocked)
        this.lockStuck = !(await unlocked.then(
          () => true,
          () => false,
        ));
    }
  }
}

// A session lock taken *before* BEGIN: the transaction's snapshot is then taken after the previous holder
// committed, so it sees that commit instead of failing to serialize against it. Released after COMMIT, or by
// the server if the connection dies.
const LOCK = 'SELECT pg_advisory_lock(hashtextextended($1::text, 0))';
const UNLOCK = 'SELECT pg_advisory_unlock(hashtextextended($1::text, 0))';

export class PostgresStore implements Store {
  readonly backend = 'postgres';
  private readonly activeWrite = new AsyncLocalStorage<SqlStoreTx>();
  private readonly readTx: SqlStoreTx;

  private constructor(private readonly pool: pg.Pool) {
    this.readTx = new SqlStoreTx(new PoolRunner(pool));
  }

  static async open(
    connectionString: string,
    options: { max?: number; idleInTransactionTimeoutMs?: number; statementTimeoutMs?: number } = {},
  ): Promise<PostgresStore> {
    const pool = new pg.Pool({
      connectionString,
      max: options.max ?? 10,
      connectionTimeoutMillis: 10_000,
      // Writes are pipelined (TransactionRunner); a pooled read is one query either way.
      pipeline: true,
      // Sent at connection start-up (no round trip); `?statement_timeout=…` in the URL overrides either. See
      // docs/operations.md "Several instances": a transaction left idle (a stalled S3 call inside a write, a bug) would
      // otherwise keep its snapshot and its SERIALIZABLE predicate locks, which are a cluster-wide resource.
      idle_in_transaction_session_timeout: options.idleInTransactionTimeoutMs ?? IDLE_IN_TRANSACTION_TIMEOUT_MS,
      statement_timeout: options.statementTimeoutMs ?? STATEMENT_TIMEOUT_MS,
    });
    // A broken idle connection (server restarted) must not crash the process; the pool replaces it.
    pool.on('error', () => undefined);
    const store = new PostgresStore(pool);
    await store.migrate();
    return store;
  }

  private async migrate(): Promise<void> {
    const client = await this.pool.connect();
    client.on('error', () => undefined); // surfaced by the failing query instead
    try {
      // A migration on a large catalog, and another instance's wait for it, may take longer than any request's
      // statement; this session only (the pool's connections keep the limit).
      await client.query('SET statement_timeout = 0');
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
      await client.query(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)',
      );
      for (const migration of postgresMigrations) {
        const done = await client.query('SELECT 1 FROM schema_migrations WHERE version = $1', [migration.version]);
        if (done.rowCount) continue;
        await client.query('BEGIN');
        try {
          await client.query(migration.sql);
          await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
            migration.version,
            migration.name,
            Date.now(),
          ]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw error;
        }
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
      // Back to the pool with the session's limit again (RESET restores the start-up packet's value).
      const reset = await client.query('RESET statement_timeout').then(
        () => true,
        () => false,
      );
      client.release(!reset);
    }
  }

  async read<T>(work: (tx: StoreTx) => Promise<T>): Promise<T> {
    return work(this.activeWrite.getStore() ?? this.readTx);
  }

  async write<T>(work: (tx: StoreTx) => Promise<T>, options: WriteOptions = {}): Promise<T> {
    const joined = this.activeWrite.getStore();
    if (joined) return work(joined);
    for (let attempt = 1; ; attempt++) {
      const client = await this.pool.connect();
      let broken = false;
      // A checked-out client idle between statements (e.g. while the transaction waits on S3) gets a server
      // shutdown as an 'error' event, not a rejected query: without a listener that event kills the process.
      const onError = () => {
        broken = true;
      };
      client.on('error', onError);
      const runner = new TransactionRunner(client, isolationOf(options), options.contention);
      try {
        const tx = new SqlStoreTx(runner);
        const result = await this.activeWrite.run(tx, () => work(tx));
        await runner.commit();
        return result;
      } catch (error) {
        // Also releases the lock; a connection that cannot even roll back is not given back to the pool.
        await runner.rollback().catch(() => {
          broken = true;
        });
        const code = (error as { code?: string }).code;
        if (code && RETRYABLE.has(code) && attempt < MAX_ATTEMPTS) {
          await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(250, 2 ** attempt)));
          continue;
        }
        throw error;
      } finally {
        client.off('error', onError);
        client.release(broken || runner.lockStuck);
      }
    }
  }

  async integrityProblems(): Promise<string[]> {
    // Foreign keys are enforced by PostgreSQL itself; what is left are the rules the schema cannot state.
    return this.readTx.logicalProblems();
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
