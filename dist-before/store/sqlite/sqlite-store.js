// The embedded default Store: one SQLite file in WAL mode, via better-sqlite3.
// One connection writes (writers queue on a promise chain, each in BEGIN IMMEDIATE … COMMIT), another
// reads, so readers never see a writer's uncommitted rows and never wait for it. synchronous=FULL: an
// acknowledged write survives a process kill and a power cut.
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { SqlStoreTx } from '../sql/sql-tx.js';
import { sqliteMigrations } from './migrations.js';
function rowConstructor(statement) {
    // Column names come from Quiver's own SQL; JSON.stringify makes each a valid property key all the same.
    const fields = statement.columns().map((column, index) => `${JSON.stringify(column.name)}: values[${index}]`);
    return new Function('values', `return { ${fields.join(', ')} };`);
}
class SqliteRunner {
    db;
    statements = new Map();
    constructor(db) {
        this.db = db;
    }
    prepare(sql) {
        let prepared = this.statements.get(sql);
        if (!prepared) {
            const statement = this.db.prepare(sql);
            prepared = statement.reader ? { statement: statement.raw(true), row: rowConstructor(statement) } : { statement };
            this.statements.set(sql, prepared);
        }
        return prepared;
    }
    async all(sql, params = []) {
        const { statement, row } = this.prepare(sql);
        return statement.all(...params).map(row);
    }
    async get(sql, params = []) {
        const { statement, row } = this.prepare(sql);
        const values = statement.get(...params);
        return values && row(values);
    }
    async run(sql, params = []) {
        return { changes: this.prepare(sql).statement.run(...params).changes };
    }
}
function open(path, readonly) {
    const db = new Database(path, { readonly, fileMustExist: readonly });
    db.pragma('busy_timeout = 10000');
    if (!readonly) {
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = FULL');
    }
    db.pragma('foreign_keys = ON');
    return db;
}
function migrate(db) {
    db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
    for (const migration of sqliteMigrations) {
        // IMMEDIATE takes the write lock first, so two processes starting together apply each migration once.
        db.transaction(() => {
            const done = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(migration.version);
            if (done)
                return;
            db.exec(migration.sql);
            db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(migration.version, migration.name, Date.now());
        }).immediate();
    }
}
export class SqliteStore {
    path;
    backend = 'sqlite';
    writer;
    reader;
    writeTx;
    readTx;
    activeWrite = new AsyncLocalStorage();
    writeQueue = Promise.resolve();
    constructor(path) {
        this.path = path;
        mkdirSync(dirname(path), { recursive: true });
        this.writer = open(path, false);
        migrate(this.writer);
        this.reader = open(path, true);
        this.writeTx = new SqlStoreTx(new SqliteRunner(this.writer));
        this.readTx = new SqlStoreTx(new SqliteRunner(this.reader));
    }
    async read(work) {
        return work(this.activeWrite.getStore() ?? this.readTx);
    }
    /** One writer connection: every write already runs alone, so WriteOptions.contention needs nothing here. */
    async write(work) {
        const joined = this.activeWrite.getStore();
        if (joined)
            return work(joined);
        const run = this.writeQueue.then(() => this.activeWrite.run(this.writeTx, async () => {
            this.writer.exec('BEGIN IMMEDIATE');
            try {
                const result = await work(this.writeTx);
                this.writer.exec('COMMIT');
                return result;
            }
            catch (error) {
                if (this.writer.inTransaction)
                    this.writer.exec('ROLLBACK');
                throw error;
            }
        }));
        this.writeQueue = run.catch(() => undefined);
        return run;
    }
    async integrityProblems() {
        const problems = [];
        const integrity = this.reader.pragma('integrity_check');
        for (const row of integrity)
            if (row.integrity_check !== 'ok')
                problems.push(`sqlite: ${row.integrity_check}`);
        const foreignKeys = this.reader.pragma('foreign_key_check');
        for (const row of foreignKeys)
            problems.push(`sqlite: ${row.table} row ${row.rowid} points at a missing ${row.parent}`);
        problems.push(...(await this.readTx.logicalProblems()));
        return problems;
    }
    async close() {
        await this.writeQueue;
        this.reader.close();
        this.writer.close();
    }
}
//# sourceMappingURL=sqlite-store.js.map