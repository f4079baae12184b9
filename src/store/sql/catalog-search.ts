// The CodeArtifact catalog in SQL, part 5: finding packages by name across every repository of an account
// and region (the web catalog's search box). Case-insensitive prefix match on `lower(name)`, served by the
// expression index ca_packages_by_search (migration 9) as one index range, keyset-paged by (lower(name), id).
// Both backends fold only ASCII in lower() (SQLite always; PostgreSQL under the column's "C" collation), so
// the two agree on every name; the fold is done in SQL only, and the cursor carries SQL's own key.
import type { PackageSearchCursor, PackageSearchHit } from '../records/catalog.js';
import type { Scope } from '../records/scope.js';
import { type PackageRow, toPackage } from './catalog-packages.js';
import { SqlArea, type SqlValue } from './runner.js';

export interface CatalogSearchTx {
  /**
   * Packages of every repository in the scope whose name starts with `prefix`, ignoring ASCII case, ordered by
   * (lower-case name, id); `namespace`, when given, must match exactly.
   */
  searchPackages(
    scope: Scope,
    query: { prefix: string; namespace?: string },
    after: PackageSearchCursor | undefined,
    limit: number,
  ): Promise<PackageSearchHit[]>;
}

/** Above every character: `key < lower(prefix) || MAX` bounds the prefix range in byte order (UTF-8 of U+10FFFF). */
const MAX_CHAR = '\u{10FFFF}';

export class SqlCatalogSearch extends SqlArea implements CatalogSearchTx {
  async searchPackages(
    scope: Scope,
    query: { prefix: string; namespace?: string },
    after: PackageSearchCursor | undefined,
    limit: number,
  ): Promise<PackageSearchHit[]> {
    const where = ['account_id = ?', 'region = ?', 'lower(name) >= lower(?)', 'lower(name) < (lower(?) || ?)'];
    const params: SqlValue[] = [scope.accountId, scope.region, query.prefix, query.prefix, MAX_CHAR];
    if (query.namespace !== undefined) {
      where.push('namespace = ?');
      params.push(query.namespace);
    }
    if (after) {
      where.push('(lower(name), id) > (?, ?)');
      params.push(after.searchKey, after.id);
    }
    params.push(limit);
    const rows = await this.sql.all<PackageRow & { search_key: string }>(
      `SELECT lower(name) AS search_key, * FROM ca_packages WHERE ${where.join(' AND ')} ORDER BY lower(name), id LIMIT ?`,
      params,
    );
    return rows.map((row) => ({ pkg: toPackage(row), searchKey: row.search_key }));
  }
}
