// A consistent copy of a live SQLite catalog, taken while Quiver serves it (`quiver backup`). VACUUM INTO runs
// in one read transaction, which WAL lets run beside the writer: the copy is the catalog of one instant, with
// every write committed before it began and no part of a later one. (The online backup API would restart its
// page copy each time another connection writes, so under a steady write load it might never finish.)
import Database from 'better-sqlite3';

export function snapshotSqlite(source: string, target: string): void {
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 10000');
    db.prepare('VACUUM INTO ?').run(target);
  } finally {
    db.close();
  }
}
