// The embedded default Store: one SQLite file in WAL mode, via better-sqlite3.
// One connection writes (writers queue on a promise chain, each in BEGIN IMMEDIATE … COMMIT), another
// reads, so readers never see a writer's uncommitted rows and never wait for it. synchronous=FULL: an
// acknowledged write survives a process kill and a power cut.
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Store, StoreTx } from '../store.js';
import type { SqlRunner, SqlValue } from '../sql/runner.js';
import { SqlStoreTx } from '../sql/sql-tx.js';
import { sqliteMigrations } from './migrations.js';

type Connection = Database.Database;

/**
 * A prepared statement, and for one that returns rows, a constructor of row objects. better-sqlite3 builds
 * row objects through V8's slow per-property API (≈ 4 µs for an 11-column row); raw arrays turned into objects
 * by a constructor generated once per statement — one object literal, one hidden class — cost less than half.
 */
interface Prepared {
  statement: Database.Statement;
  row?: (values: unknown[]) => unknown;
}

function rowConstructor(statement: Database.Statement): (values: unknown[]) => unknown {
  // Column names come from Quiver's own SQL; JSON.stringify makes each a valid property key all the same.
  const fields = statement.columns().map((column, index) => `${JSON.stringify(column.name)}: values[${index}]`);
  return new Function('values', `return { ${fields.join(', ')} };`) as (values: unknown[]) => unknown;
}

class SqliteRunner implements SqlRunner {
  private readonly statements = new Map<string, Prepared>();
  constructor(private readonly db: Connection) {}

  private prepare(sql: string): Prepared {
    let prepared = this.statements.get(sql);
    if (!prepared) {
      const statement = this.db.prepare(sql);
      prepared = statement.reader ? { statement: statement.raw(true), row: rowConstructor(statement) } : { statement };
      this.statements.set(sql, prepared);
    }
    return prepared;
  }

  async all<T>(sql: string, params: SqlValue[] = []): Promise<T[]> {
    const { statement, row } = this.prepare(sql);
    return (statement.all(...params) as unknown[][]).map(row!) as T[];
  }

  async get<T>(sql: string, params: SqlValue[] = []): Promise<T | undefined> {
    const { statement, row } = this.prepare(sql);
    const values = statement.get(...params) as unknown[] | undefined;
    return values && (row!(values) as T);
  }

  async run(sql: string, params: SqlValue[] = []): Promise<{ changes: number }> {
    return { changes: this.prepare(sql).statement.run(...params).changes };
  }
}

function open(path: string, readonly: boolean): Connection {
  const db = new Database(path, { readonly, fileMustExist: readonly });
  db.pragma('busy_timeout = 10000');
  if (!readonly) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
  }
  db.pragma('foreign_keys = ON');
  return db;
}

function migrate(db: Connection): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)',
  );
  for (const migration of sqliteMigrations) {
    // IMMEDIATE takes the write lock first, so two processes starting together apply each migration once.
    db.transaction(() => {
      const done = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(migration.version);
      if (done) return;
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.name,
        Date.now(),
      );
    }).immediate();
  }
}

export class SqliteStore implements Store {
  readonly backend = 'sqlite';
  private readonly writer: Connection;
  private readonly reader: Connection;
  private readonly writeTx: SqlStoreTx;
  private readonly readTx: SqlStoreTx;
  private readonly activeWrite = new AsyncLocalStorage<SqlStoreTx>();
  private writeQueue: Promise<unknown> = Promise.resolve();

  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.writer = open(path, false);
    migrate(this.writer);
    this.reader = open(path, true);
    this.writeTx = new SqlStoreTx(new SqliteRunner(this.writer));
    this.readTx = new SqlStoreTx(new SqliteRunner(this.reader));
  }

  async read<T>(work: (tx: StoreTx) => Promise<T>): Promise<T> {
    return work(this.activeWrite.getStore() ?? this.readTx);
  }

  /** One writer connection: every write already runs alone, so WriteOptions.contention needs nothing here. */
  async write<T>(work: (tx: StoreTx) => Promise<T>): Promise<T> {
    const joined = this.activeWrite.getStore();
    if (joined) return work(joined);
    const run = this.writeQueue.then(() =>
      this.activeWrite.run(this.writeTx, async () => {
        this.writer.exec('BEGIN IMMEDIATE');
        try {
          const result = await work(this.writeTx);
          this.writer.exec('COMMIT');
          return result;
        } catch (error) {
          if (this.writer.inTransaction) this.writer.exec('ROLLBACK');
          throw error;
        }
      }),
    );
    this.writeQueue = run.catch(() => undefined);
    return run;
  }

  async integrityProblems(): Promise<string[]> {
    const problems: string[] = [];
    const integrity = this.reader.pragma('integrity_check') as { integrity_check: string }[];
    for (const row of integrity) if (row.integrity_check !== 'ok') problems.push(`sqlite: ${row.integrity_check}`);
    const foreignKeys = this.reader.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[];
    for (const row of foreignKeys)
      problems.push(`sqlite: ${row.table} row ${row.rowid} points at a missing ${row.parent}`);
    problems.push(...(await this.readTx.logicalProblems()));
    return problems;
  }

  async close(): Promise<void> {
    await this.writeQueue;
    this.reader.close();
    this.writer.close();
  }
}
