// Every version of one package, read page by page in natural version order: the one loop that adapters and
// formats use when a protocol answer needs the whole list (an index file, a case-insensitive lookup, the highest
// published version). Pages keep each query bounded; the caller holds the transaction, so the list is consistent.
import type { VersionCursor, VersionFilter, VersionRecord, VersionSummaryRecord } from '../../store/records.js';
import type { CatalogTx } from '../../store/store.js';

/** Rows per query: large enough that most packages take one round trip. */
const PAGE_SIZE = 1000;

type VersionPager = Pick<CatalogTx, 'listVersions' | 'listVersionSummaries'>;

async function everyPage<T extends { version: string }>(
  page: (after: VersionCursor | undefined, limit: number) => Promise<T[]>,
): Promise<T[]> {
  const out: T[] = [];
  let after: string | undefined;
  for (;;) {
    const rows = await page(after === undefined ? undefined : { order: 'version', version: after }, PAGE_SIZE);
    out.push(...rows);
    if (rows.length < PAGE_SIZE) return out;
    after = rows[rows.length - 1]!.version;
  }
}

/** Every version (with details) of a package that passes `filter`, in natural version order. */
export const allVersions = (
  tx: Pick<VersionPager, 'listVersions'>,
  packageId: number,
  filter: VersionFilter = {},
): Promise<VersionRecord[]> => everyPage((after, limit) => tx.listVersions(packageId, filter, 'version', after, limit));

/** allVersions without the descriptive columns, for answers that need only names, statuses and revisions. */
export const allVersionSummaries = (
  tx: Pick<VersionPager, 'listVersionSummaries'>,
  packageId: number,
  filter: VersionFilter = {},
): Promise<VersionSummaryRecord[]> =>
  everyPage((after, limit) => tx.listVersionSummaries(packageId, filter, 'version', after, limit));
