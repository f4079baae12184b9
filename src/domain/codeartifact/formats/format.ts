// What one package format means to the catalog: the rules the format-neutral core (packages, versions,
// publishing, upstreams) asks of it instead of testing `format === '…'`. One object per format, in this folder;
// a format with a registry protocol also has an adapter under src/registries/<format>/.
import type { PackageRecord, VersionStatus } from '../../../store/records.js';
import type { CatalogTx } from '../../../store/store.js';

export interface PackageFormat {
  /** The CodeArtifact format name (`npm`, `pypi`, …). */
  readonly name: string;
  /** Whether packages carry a namespace (npm scope, Maven groupId, generic/swift namespace). */
  readonly namespace: 'none' | 'optional' | 'required';
  /** The stored form of a name as clients and AWS calls spell it (PEP 503 for PyPI; unchanged elsewhere). */
  normalizeName(name: string): string;
  /** The stored form of a namespace (Swift lowercases scopes); absent = stored as given. */
  normalizeNamespace?(namespace: string): string;
  /** How clients write the package: `@scope/name` for npm, `group:artifact` for Maven, else `ns/name` or the name. */
  displayName(namespace: string, name: string): string;
  /** ListPackageVersions' defaultDisplayVersion. */
  defaultDisplayVersion(tx: CatalogTx, pkg: PackageRecord): Promise<string | undefined>;
  /**
   * Whether files may be added to a version after it left Unfinished: a PyPI release takes its wheels and sdist
   * one upload at a time, Maven its jar, pom and checksums one PUT at a time; generic and npm versions are sealed.
   */
  readonly appendAssets: boolean;
  /** Statuses whose versions the format's clients see in their version lists. */
  readonly listed: ReadonlySet<VersionStatus>;
  /** Statuses whose files the format's clients may download (Unlisted stays downloadable for lockfiles). */
  readonly downloadable: ReadonlySet<VersionStatus>;
  /** The external connection that proxies the format's public registry, if Quiver offers one. */
  readonly externalConnection?: string;
}

export const LISTED_TO_CLIENTS: ReadonlySet<VersionStatus> = new Set(['Published']);
export const DOWNLOADABLE_BY_CLIENTS: ReadonlySet<VersionStatus> = new Set(['Published', 'Unlisted']);

/** The most recently created Published version: the default display version of formats without a better rule. */
export const newestPublished = async (tx: CatalogTx, pkg: PackageRecord) =>
  (await tx.latestPublishedVersion(pkg.id))?.version;

/** A format the catalog stores (AWS calls may name it) but Quiver serves no client protocol for yet. */
export function storedFormat(name: string, namespace: PackageFormat['namespace'], separator = '/'): PackageFormat {
  return {
    name,
    namespace,
    normalizeName: (n) => n,
    displayName: (ns, n) => (ns ? `${ns}${separator}${n}` : n),
    defaultDisplayVersion: newestPublished,
    appendAssets: false,
    listed: LISTED_TO_CLIENTS,
    downloadable: DOWNLOADABLE_BY_CLIENTS,
  };
}
