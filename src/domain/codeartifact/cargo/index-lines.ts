// The sparse index's line for one version (cargo's registry-index format), made from the publish metadata the
// way crates.io makes it: dependencies renamed (`version_req` → `req`; a dependency renamed in Cargo.toml has
// its local name in `name` and the real crate in `package`), features that use the `dep:` or `?/` syntax moved
// to `features2` with `v: 2` (older cargo skips such versions rather than misreading them), `cksum` the sha256
// of the .crate. Only `yanked` changes after publishing: it is rendered from the version's status.
import type { VersionDetails } from '../../../store/records.js';
import type { PublishDependency, PublishMetadata } from './publish.js';

export interface IndexDependency {
  name: string;
  req: string;
  features: string[];
  optional: boolean;
  default_features: boolean;
  target: string | null;
  kind: 'normal' | 'dev' | 'build';
  registry?: string;
  package?: string;
}

export interface IndexLine {
  name: string;
  vers: string;
  deps: IndexDependency[];
  cksum: string;
  features: Record<string, string[]>;
  features2?: Record<string, string[]>;
  yanked: boolean;
  links: string | null;
  v?: number;
  rust_version?: string;
}

/** The stored line: everything but `yanked`, which the version's status decides. */
export type StoredIndexLine = Omit<IndexLine, 'yanked'>;

export function indexDependency(dep: PublishDependency): IndexDependency {
  return {
    name: dep.explicit_name_in_toml ?? dep.name,
    req: dep.version_req,
    features: dep.features,
    optional: dep.optional,
    default_features: dep.default_features,
    target: dep.target,
    kind: dep.kind,
    ...(dep.registry ? { registry: dep.registry } : {}),
    ...(dep.explicit_name_in_toml ? { package: dep.name } : {}),
  };
}

const usesNewFeatureSyntax = (values: string[]) => values.some((v) => v.startsWith('dep:') || v.includes('?/'));

export function indexLineOf(metadata: PublishMetadata, cksum: string): StoredIndexLine {
  const features: Record<string, string[]> = {};
  const features2: Record<string, string[]> = {};
  for (const [feature, values] of Object.entries(metadata.features))
    (usesNewFeatureSyntax(values) ? features2 : features)[feature] = values;
  const hasFeatures2 = Object.keys(features2).length > 0;
  return {
    name: metadata.name,
    vers: metadata.vers,
    deps: metadata.deps.map(indexDependency),
    cksum,
    features,
    ...(hasFeatures2 ? { features2, v: 2 } : {}),
    links: metadata.links,
    ...(metadata.rust_version ? { rust_version: metadata.rust_version } : {}),
  };
}

/** A line of a foreign index (the external connection), checked enough to be served again. */
export function parseIndexLine(text: string): IndexLine | undefined {
  try {
    const line = JSON.parse(text) as Partial<IndexLine>;
    if (typeof line.name !== 'string' || typeof line.vers !== 'string' || typeof line.cksum !== 'string')
      return undefined;
    if (!/^[0-9a-f]{64}$/.test(line.cksum) || !Array.isArray(line.deps)) return undefined;
    return {
      ...line,
      yanked: line.yanked === true,
      features: line.features ?? {},
      links: line.links ?? null,
    } as IndexLine;
  } catch {
    return undefined;
  }
}

/** What the AWS API shows for a published version: the manifest's description, license, links, readme, deps. */
export function detailsOfPublish(metadata: PublishMetadata, line: StoredIndexLine): VersionDetails {
  return {
    displayName: metadata.name,
    summary: metadata.description ?? undefined,
    homePage: metadata.homepage ?? undefined,
    sourceCodeRepository: metadata.repository ?? undefined,
    licenses: metadata.license ? [{ name: metadata.license }] : [],
    readme: metadata.readme ?? undefined,
    dependencies: dependenciesOf(line),
    manifest: {
      indexLine: line,
      ...(metadata.documentation ? { documentation: metadata.documentation } : {}),
      ...(metadata.keywords.length ? { keywords: metadata.keywords } : {}),
      ...(metadata.categories.length ? { categories: metadata.categories } : {}),
    },
  };
}

/** What an ingested version shows: an index line carries only its dependencies. */
export function detailsOfIndexLine(line: IndexLine): VersionDetails {
  const { yanked: _yanked, ...stored } = line;
  return {
    displayName: line.name,
    licenses: [],
    dependencies: dependenciesOf(stored),
    manifest: { indexLine: stored },
  };
}

const dependenciesOf = (line: StoredIndexLine): VersionDetails['dependencies'] =>
  line.deps.map((d) => ({ package: d.package ?? d.name, dependencyType: d.kind, versionRequirement: d.req }));

export const storedLineOf = (details: VersionDetails): StoredIndexLine | undefined =>
  details.manifest?.indexLine as StoredIndexLine | undefined;
