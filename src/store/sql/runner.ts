// The little a SQL backend must provide for the shared StoreTx implementation: run a statement with `?`
// placeholders and get rows or a change count. Each backend adapts its driver (better-sqlite3, pg).
export type SqlValue = string | number | bigint | null | Buffer;

export interface SqlRunner {
  all<T>(sql: string, params?: SqlValue[]): Promise<T[]>;
  get<T>(sql: string, params?: SqlValue[]): Promise<T | undefined>;
  run(sql: string, params?: SqlValue[]): Promise<{ changes: number }>;
  /**
   * A statement whose result nobody reads (an audit row): PostgreSQL sends it at once without waiting for its
   * answer, which then arrives with the next statement's or COMMIT's, and a failure fails the transaction there.
   * A round trip saved per call; SQLite just runs it.
   */
  defer(sql: string, params?: SqlValue[]): Promise<void>;
}

/**
 * What every per-area SQL class (sql/identity.ts, sql/panorama.ts, …) stands on: the one runner of its
 * transaction. sql-tx.ts puts the areas' methods on one prototype, so they all share this `sql`.
 */
export abstract class SqlArea {
  constructor(protected readonly sql: SqlRunner) {}
}
