// StoreTx over portable SQL, shared by every SQL backend, composed from one class per area (sql/<area>.ts).
// Uniqueness is enforced by the schema and every insert is `INSERT … ON CONFLICT DO NOTHING` + the change
// count, never select-then-insert: that race is how file-based registries lose versions under parallel writes.
//
// Why one prototype instead of one object per area: the tx is created per PostgreSQL transaction and its
// methods are called on every hot path, so the areas' methods are copied once, at load, onto SqlStoreTx's
// prototype — no delegation layer, no per-transaction binding — and they all share the one runner. Adding a
// method to an area touches only that area's file; a name declared by two areas fails at load.
import { SqlBlobs } from './blobs.js';
import { SqlCatalogAssets } from './catalog-assets.js';
import { SqlCatalogPackages } from './catalog-packages.js';
import { SqlCatalogRepositories } from './catalog-repositories.js';
import { SqlCatalogSearch } from './catalog-search.js';
import { SqlCatalogVersions } from './catalog-versions.js';
import { SqlIdempotency } from './idempotency.js';
import { SqlIdentity } from './identity.js';
import { SqlImages } from './images.js';
import { SqlAccess } from './access.js';
import { SqlIot } from './iot.js';
import { SqlPackageGroups } from './package-groups.js';
import { SqlPanorama } from './panorama.js';
import { SqlArea } from './runner.js';
import { SqlTags } from './tags.js';

export { versionSortKey } from './keys.js';

const AREAS = [
  SqlAccess,
  SqlIdentity,
  SqlCatalogRepositories,
  SqlCatalogPackages,
  SqlCatalogVersions,
  SqlCatalogAssets,
  SqlCatalogSearch,
  SqlPackageGroups,
  SqlBlobs,
  SqlTags,
  SqlIdempotency,
  SqlPanorama,
  SqlIot,
  SqlImages,
];

export class SqlStoreTx extends SqlArea {
  /** Rules the schema cannot state: upstreams exist; only Disposed versions have no assets; assets' blobs are live. */
  async logicalProblems(): Promise<string[]> {
    return [...(await this.assetProblems()), ...(await this.upstreamProblems())];
  }
}

// The class gets the areas' members through the loop below; this declaration tells the compiler so.
export interface SqlStoreTx
  extends SqlIdentity,
    SqlCatalogRepositories,
    SqlCatalogPackages,
    SqlCatalogVersions,
    SqlCatalogAssets,
    SqlCatalogSearch,
    SqlPackageGroups,
    SqlBlobs,
    SqlTags,
    SqlIdempotency,
    SqlPanorama,
    SqlIot,
    SqlImages,
    SqlAccess {}

for (const area of AREAS) {
  for (const name of Object.getOwnPropertyNames(area.prototype)) {
    if (name === 'constructor') continue;
    if (Object.hasOwn(SqlStoreTx.prototype, name)) throw new Error(`store: ${name} is declared by two SQL areas`);
    Object.defineProperty(SqlStoreTx.prototype, name, Object.getOwnPropertyDescriptor(area.prototype, name)!);
  }
}
