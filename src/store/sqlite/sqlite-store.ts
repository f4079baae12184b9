// The embedded default Store: one SQLite file in WAL mode, via better-sqlite3.
// One connection writes, another reads, so readers never see a writer's uncommitted rows and never wait for
// it. synchronous=FULL: an acknowledged write survives a process kill and a power cut. Writes queue and run one
// at a time; the writes waiting when a transaction begins share it (group commit, see SqliteStore.write).
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Store, StoreTx } from '../store.js';
import type { SqlRunner, SqlValue } from '../sql/runner.js';
import { SqlStoreTx } from '../sql/sql-tx.js';
import { sqliteMigrations } from './migrations.js';

type Connection = Database.Database;

interface QueuedWrite {
  work: (tx: StoreTx) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** A group commits after this many writes or once its writes have run this long, whichever comes first. */
const GROUP_WRITES = 64;
const GROUP_MS = 20;

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

  async defer(sql: string, params: SqlValue[] = []): Promise<void> {
    this.prepare(sql).statement.run(...params);
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
  private readonly queued: QueuedWrite[] = [];
  /** Settles when the queue is empty again (undefined while it is). */
  private draining: Promise<void> | undefined;

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

  /**
   * One writer connection: every write already runs alone, so WriteOptions.contention needs nothing here.
   * Group commit: with synchronous=FULL each COMMIT waits for an fsync (≈ 5 ms here, 55% of a status write's
   * time), so the writes queued behind a running one share the next transaction, each inside its own SAVEPOINT:
   * a write that fails rolls back to it (nothing of it stored, its caller gets the error at once) and the others
   * go on; the rest resolve only after the one COMMIT, so an acknowledged write is still on disk. Writes run
   * one after another as before, in arrival order, each seeing the ones before it.
   */
  async write<T>(work: (tx: StoreTx) => Promise<T>): Promise<T> {
    const joined = this.activeWrite.getStore();
    if (joined) return work(joined);
    return new Promise<T>((resolve, reject) => {
      // The work runs later, from the drain loop: it keeps its caller's async context (the audit trail's
      // request), and inside it the write's own (so a nested write joins this transaction).
      const inCallersContext = AsyncLocalStorage.snapshot();
      this.queued.push({
        work: (tx) => inCallersContext(() => this.activeWrite.run(this.writeTx, () => work(tx))),
        resolve: resolve as (value: unknown) => void,
        reject,
      });
      this.draining ??= this.drain();
    });
  }

  private async drain(): Promise<void> {
    try {
      // A write's work usually finishes in microtasks (better-sqlite3 is synchronous) and COMMIT blocks the event
      // loop for the fsync: a group started at once would hold one write. Waiting one turn of the event loop
      // (setImmediate runs after the poll phase) lets the requests that arrived meanwhile queue theirs first.
      while (this.queued.length > 0) {
        await new Promise((resolve) => setImmediate(resolve));
        await this.commitGroup(this.queued.splice(0, GROUP_WRITES));
      }
    } finally {
      // In the same turn as the empty check: a write queued from here on starts a new drain.
      this.draining = undefined;
    }
  }

  private async commitGroup(group: QueuedWrite[]): Promise<void> {
    try {
      this.writer.exec('BEGIN IMMEDIATE');
    } catch (error) {
      for (const write of group) write.reject(error);
      return;
    }
    const done: { write: QueuedWrite; result: unknown }[] = [];
    const startedAt = Date.now();
    for (const [index, write] of group.entries()) {
      if (index > 0 && Date.now() - startedAt > GROUP_MS) {
        this.queued.unshift(...group.slice(index)); // a slow group commits what it has; the rest start the next
        break;
      }
      this.writer.exec('SAVEPOINT write');
      try {
        const result = await write.work(this.writeTx);
        this.writer.exec('RELEASE write');
        done.push({ write, result });
      } catch (error) {
        write.reject(error);
        if (this.writer.inTransaction) {
          this.writer.exec('ROLLBACK TO write');
          this.writer.exec('RELEASE write');
          continue;
        }
        // SQLite ended the whole transaction (e.g. disk full): the group's earlier writes went with it.
        for (const d of done) d.write.reject(error);
        this.queued.unshift(...group.slice(index + 1));
        return;
      }
    }
    try {
      this.writer.exec('COMMIT');
    } catch (error) {
      if (this.writer.inTransaction) this.writer.exec('ROLLBACK');
      for (const d of done) d.write.reject(error);
      return;
    }
    for (const d of done) d.write.resolve(d.result);
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
    await this.draining;
    this.reader.close();
    this.writer.close();
  }
}
