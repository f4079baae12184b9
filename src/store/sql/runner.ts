// The little a SQL backend must provide for the shared StoreTx implementation: run a statement with `?`
// placeholders and get rows or a change count. Each backend adapts its driver (better-sqlite3, pg).
export type SqlValue = string | number | bigint | null | Buffer;

export interface SqlRunner {
  all<T>(sql: string, params?: SqlValue[]): Promise<T[]>;
  get<T>(sql: string, params?: SqlValue[]): Promise<T | undefined>;
  run(sql: string, params?: SqlValue[]): Promise<{ changes: number }>;
}

/**
 * What every per-area SQL class (sql/identity.ts, sql/panorama.ts, …) stands on: the one runner of its
 * transaction. sql-tx.ts puts the areas' methods on one prototype, so they all share this `sql`.
 */
export abstract class SqlArea {
  constructor(protected readonly sql: SqlRunner) {}
}
