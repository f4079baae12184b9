// The scale-out Store: PostgreSQL through `pg`. Several Quiver instances share one database.
// - Writes run in SERIALIZABLE transactions and are retried on serialization failures (40001) and
//   deadlocks (40P01), so a check-then-write inside `write` behaves exactly as under SQLite's single writer:
//   of two racing conditional updates, one commits and the other re-runs and sees its result.
// - Reads outside a write run statement by statement on the pool (each sees committed data).
// - Migrations run once, under an advisory lock, however many instances start together.
import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import { SqlStoreTx } from '../sql/sql-tx.js';
import { postgresMigrations } from './migrations.js';
// BIGINT (int8) and COUNT(*) come back as JS numbers: every value Quiver stores is far below 2^53.
pg.types.setTypeParser(20, (text) => Number(text));
const MIGRATION_LOCK = 7_151_515_001;
const RETRYABLE = new Set(['40001', '40P01']);
// Writers to one package all move its change_seq (migration 7), so concurrent ones conflict on that row and
// retry. Publishes avoid that with WriteOptions.contention; for the other writes (status changes, deletes),
// exponential backoff with full jitter (capped at 250 ms) spreads the retries so they stop colliding.
const MAX_ATTEMPTS = 20;
/** Statements with more parameters than this are built per call (IN lists) and are not prepared. */
const PREPARED_MAX_PARAMS = 16;
const statements = new Map();
/** `?` placeholders (the shared SQL's) → `$1, $2, …`. The shared SQL never has `?` inside a string literal. */
function statementFor(sql) {
    let statement = statements.get(sql);
    if (statement === undefined) {
        let n = 0;
        const text = sql.replace(/\?/g, () => `$${++n}`);
        statement = n <= PREPARED_MAX_PARAMS ? { text, name: `quiver_${statements.size}` } : { text };
        statements.set(sql, statement);
    }
    return statement;
}
function query(sql, params) {
    const { text, name } = statementFor(sql);
    return name ? { name, text, values: params } : { text, values: params };
}
class PostgresRunner {
    db;
    constructor(db) {
        this.db = db;
    }
    async all(sql, params = []) {
        return (await this.db.query(query(sql, params))).rows;
    }
    async get(sql, params = []) {
        return (await this.db.query(query(sql, params))).rows[0];
    }
    async run(sql, params = []) {
        return { changes: (await this.db.query(query(sql, params))).rowCount ?? 0 };
    }
}
export class PostgresStore {
    pool;
    backend = 'postgres';
    activeWrite = new AsyncLocalStorage();
    readTx;
    constructor(pool) {
        this.pool = pool;
        this.readTx = new SqlStoreTx(new PostgresRunner(pool));
    }
    static async open(connectionString, options = {}) {
        const pool = new pg.Pool({ connectionString, max: options.max ?? 10, connectionTimeoutMillis: 10_000 });
        // A broken idle connection (server restarted) must not crash the process; the pool replaces it.
        pool.on('error', () => undefined);
        const store = new PostgresStore(pool);
        await store.migrate();
        return store;
    }
    async migrate() {
        const client = await this.pool.connect();
        client.on('error', () => undefined); // surfaced by the failing query instead
        try {
            await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
            await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)');
            for (const migration of postgresMigrations) {
                const done = await client.query('SELECT 1 FROM schema_migrations WHERE version = $1', [migration.version]);
                if (done.rowCount)
                    continue;
                await client.query('BEGIN');
                try {
                    await client.query(migration.sql);
                    await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
                        migration.version,
                        migration.name,
                        Date.now(),
                    ]);
                    await client.query('COMMIT');
                }
                catch (error) {
                    await client.query('ROLLBACK');
                    throw error;
                }
            }
        }
        finally {
            await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
            client.release();
        }
    }
    async read(work) {
        return work(this.activeWrite.getStore() ?? this.readTx);
    }
    async write(work, options = {}) {
        const joined = this.activeWrite.getStore();
        if (joined)
            return work(joined);
        for (let attempt = 1;; attempt++) {
            const client = await this.pool.connect();
            let broken = false;
            let locked = false;
            // A checked-out client idle between statements (e.g. while the transaction waits on S3) gets a server
            // shutdown as an 'error' event, not a rejected query: without a listener that event kills the process.
            const onError = () => {
                broken = true;
            };
            client.on('error', onError);
            try {
                if (options.contention !== undefined) {
                    // A session lock taken *before* BEGIN: the transaction's snapshot is then taken after the previous holder
                    // committed, so it sees that commit instead of failing to serialize against it. Released after COMMIT
                    // (below), or by the server if this connection dies.
                    await client.query('SELECT pg_advisory_lock(hashtextextended($1::text, 0))', [options.contention]);
                    locked = true;
                }
                await client.query('BEGIN ISOLATION LEVEL SERIALIZABLE');
                const tx = new SqlStoreTx(new PostgresRunner(client));
                const result = await this.activeWrite.run(tx, () => work(tx));
                await client.query('COMMIT');
                return result;
            }
            catch (error) {
                await client.query('ROLLBACK').catch(() => {
                    broken = true;
                });
                const code = error.code;
                if (code && RETRYABLE.has(code) && attempt < MAX_ATTEMPTS) {
                    await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(250, 2 ** attempt)));
                    continue;
                }
                throw error;
            }
            finally {
                if (locked && !broken)
                    await client
                        .query('SELECT pg_advisory_unlock(hashtextextended($1::text, 0))', [options.contention])
                        .catch(() => {
                        broken = true;
                    });
                client.off('error', onError);
                client.release(broken);
            }
        }
    }
    async integrityProblems() {
        // Foreign keys are enforced by PostgreSQL itself; what is left are the rules the schema cannot state.
        return this.readTx.logicalProblems();
    }
    async close() {
        await this.pool.end();
    }
}
//# sourceMappingURL=postgres-store.js.map