// The little a SQL backend must provide for the shared StoreTx implementation: run a statement with `?`
// placeholders and get rows or a change count. Each backend adapts its driver (better-sqlite3, pg).
export type SqlValue = string | number | bigint | null | Buffer;

export interface SqlRunner {
  all<T>(sql: string, params?: SqlValue[]): Promise<T[]>;
  get<T>(sql: string, params?: SqlValue[]): Promise<T | undefined>;
  run(sql: string, params?: SqlValue[]): Promise<{ changes: number }>;
}
