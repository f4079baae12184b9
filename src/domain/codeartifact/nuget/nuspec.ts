// The .nuspec inside a .nupkg (an OPC zip whose root holds exactly one `<id>.nuspec`), read with fflate
// (inflating only the manifest and the readme it names) and fast-xml-parser. What it yields: the ID and
// version a publish must carry, the dependency groups (learn.microsoft.com/nuget/reference/nuspec
// "Dependencies element": a flat list, or `<group targetFramework>`s), and the descriptive metadata the
// registration's catalogEntry and DescribePackageVersion show (authors, description, license, projectUrl,
// repository, tags, readme). Uploads are bounded in size before they get here.
import { unzipSync } from 'fflate';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { CatalogError, invalid } from '../../shared/errors.js';
import { isNugetId } from './ids.js';
import { formatVersion, isSemVer2, normalizeVersionRange, parseNugetVersion } from './versions.js';

type Node = Record<string, unknown>;

const MANIFEST_MAX = 4 * 1024 * 1024;
const README_MAX = 1024 * 1024;

export interface NuspecDependency {
  /** The dependency's ID as written. */
  id: string;
  /** Its version range, normalised (`1.0` → `[1.0.0, )`). */
  range: string;
}

export interface NuspecDependencyGroup {
  /** '' for the framework-independent group (a flat `<dependencies>` list, or a `<group>` without one). */
  targetFramework: string;
  dependencies: NuspecDependency[];
}

export interface Nuspec {
  /** The ID as written (its case is the package's display name). */
  id: string;
  /** Normalised, without build metadata: the version CodeArtifact stores. */
  version: string;
  /** Normalised, with build metadata: what the registration's catalogEntry.version shows. */
  fullVersion: string;
  semVer2: boolean;
  authors?: string;
  owners?: string;
  title?: string;
  description?: string;
  summary?: string;
  releaseNotes?: string;
  projectUrl?: string;
  iconUrl?: string;
  licenseUrl?: string;
  licenseExpression?: string;
  /** A `<license type="file">`: the file in the package. */
  licenseFile?: string;
  requireLicenseAcceptance: boolean;
  tags: string[];
  language?: string;
  minClientVersion?: string;
  repository?: { type?: string; url?: string; commit?: string; branch?: string };
  dependencyGroups: NuspecDependencyGroup[];
  /** The readme file the nuspec names (`<readme>`), a path inside the package. */
  readmePath?: string;
  /** That file's text, when the package holds it. */
  readme?: string;
}

export interface NupkgContents {
  nuspec: Nuspec;
  /** The raw manifest, served as `{id}.nuspec` by the flat container. */
  nuspecXml: string;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  isArray: (name) => name === 'group' || name === 'dependency',
});

const node = (value: unknown): Node => (value && typeof value === 'object' ? (value as Node) : {});
const text = (value: unknown): string | undefined => {
  const raw = typeof value === 'string' ? value : typeof value === 'object' && value ? node(value)['#text'] : undefined;
  return typeof raw === 'string' && raw.trim() !== '' ? raw.trim() : undefined;
};
const attr = (value: unknown, name: string) => text(node(value)[`@_${name}`]);

function dependenciesOf(items: unknown): NuspecDependency[] {
  return ((items as unknown[] | undefined) ?? []).map((item) => {
    const id = attr(item, 'id');
    if (!id || !isNugetId(id)) throw invalid(`The nuspec has a dependency with an invalid id "${id ?? ''}".`);
    return { id, range: normalizeVersionRange(attr(item, 'version') ?? '') };
  });
}

/** Reads a nuspec's XML; a 400 naming the problem when it is not one. */
export function parseNuspec(xml: string): Nuspec {
  const source = xml.replace(/^\uFEFF/, '');
  const valid = XMLValidator.validate(source);
  if (valid !== true) throw invalid(`The nuspec is not well-formed XML: ${valid.err.msg} (line ${valid.err.line}).`);
  let document: unknown;
  try {
    document = parser.parse(source);
  } catch (error) {
    // What the validator lets through but the parser refuses (entity bounds, `constructor`-like names, depth).
    throw invalid(`The nuspec cannot be read: ${(error as Error).message}.`);
  }
  const metadata = node(node(node(document).package).metadata);
  if (Object.keys(metadata).length === 0) throw invalid('The nuspec has no <package><metadata> element.');
  const id = text(metadata.id);
  if (!id) throw invalid('The nuspec has no <id>.');
  if (!isNugetId(id))
    throw invalid(`The nuspec's <id> "${id}" is not a NuGet ID (letters, digits, "_", "." and "-" between them).`);
  const rawVersion = text(metadata.version);
  if (!rawVersion) throw invalid('The nuspec has no <version>.');
  const parsed = parseNugetVersion(rawVersion);
  if (!parsed)
    throw invalid(`The nuspec's <version> "${rawVersion}" is not a NuGet version (e.g. 1.0.0, 2.1.0-beta.1).`);
  const dependencies = node(metadata.dependencies);
  const groups: NuspecDependencyGroup[] =
    (dependencies.group as unknown[] | undefined)?.map((group) => ({
      targetFramework: attr(group, 'targetFramework') ?? '',
      dependencies: dependenciesOf(node(group).dependency),
    })) ?? [];
  const flat = dependenciesOf(dependencies.dependency);
  if (flat.length > 0) groups.unshift({ targetFramework: '', dependencies: flat });
  const license = metadata.license;
  const licenseType = attr(license, 'type');
  const repository = metadata.repository;
  return {
    id,
    version: formatVersion(parsed, false),
    fullVersion: formatVersion(parsed, true),
    semVer2: isSemVer2(parsed),
    authors: text(metadata.authors),
    owners: text(metadata.owners),
    title: text(metadata.title),
    description: text(metadata.description),
    summary: text(metadata.summary),
    releaseNotes: text(metadata.releaseNotes),
    projectUrl: text(metadata.projectUrl),
    iconUrl: text(metadata.iconUrl),
    licenseUrl: text(metadata.licenseUrl),
    licenseExpression: licenseType === 'expression' ? text(license) : undefined,
    licenseFile: licenseType === 'file' ? text(license) : undefined,
    requireLicenseAcceptance: text(metadata.requireLicenseAcceptance)?.toLowerCase() === 'true',
    tags: (text(metadata.tags) ?? '').split(/[\s,]+/).filter(Boolean),
    language: text(metadata.language),
    minClientVersion: attr(metadata, 'minClientVersion'),
    repository: repository
      ? {
          type: attr(repository, 'type'),
          url: attr(repository, 'url'),
          commit: attr(repository, 'commit'),
          branch: attr(repository, 'branch'),
        }
      : undefined,
    dependencyGroups: groups,
    readmePath: text(metadata.readme),
  };
}

/** Path names inside the zip are `/`-separated; NuGet writes the readme path with either separator. */
const zipPath = (path: string) => path.replace(/\\/g, '/').replace(/^\.?\//, '');

/** The manifest (and the readme it names) of a .nupkg; a 400 when the bytes are not a zip or hold no one nuspec. */
export function readNupkg(bytes: Buffer): NupkgContents {
  let manifests: Record<string, Uint8Array>;
  const isManifest = (name: string) => !name.includes('/') && name.toLowerCase().endsWith('.nuspec');
  try {
    manifests = unzipSync(bytes, {
      // Only the manifest is inflated, and only if its declared size is bounded (no zip bomb gets inflated).
      filter: (file) => {
        if (!isManifest(file.name)) return false;
        if (file.originalSize > MANIFEST_MAX)
          throw invalid(`The .nuspec manifest ${file.name} is larger than ${MANIFEST_MAX} bytes.`);
        return true;
      },
    });
  } catch (error) {
    if (error instanceof CatalogError) throw error;
    throw invalid(`The package is not a valid .nupkg (zip) archive: ${(error as Error).message}.`);
  }
  const found = Object.entries(manifests);
  if (found.length !== 1)
    throw invalid(
      found.length === 0
        ? 'The package has no .nuspec manifest at the root of its archive.'
        : `The package has ${found.length} .nuspec manifests at its root: ${found.map(([n]) => n).join(', ')}.`,
    );
  const [manifestName, raw] = found[0]!;
  if (raw.length > MANIFEST_MAX) throw invalid(`The .nuspec manifest is larger than ${MANIFEST_MAX} bytes.`);
  const nuspecXml = Buffer.from(raw).toString('utf8');
  const nuspec = parseNuspec(nuspecXml);
  // `nuget pack` names the manifest `<id>.nuspec`; one named for another ID is a package built wrongly.
  if (manifestName.slice(0, -'.nuspec'.length).toLowerCase() !== nuspec.id.toLowerCase())
    throw invalid(
      `The package's manifest ${manifestName} declares the ID ${nuspec.id}: it must be named ${nuspec.id}.nuspec.`,
    );
  if (nuspec.readmePath) {
    const wanted = zipPath(nuspec.readmePath).toLowerCase();
    const readme = Object.values(
      unzipSync(bytes, { filter: (file) => file.name.toLowerCase() === wanted && file.originalSize <= README_MAX }),
    )[0];
    nuspec.readme = readme ? Buffer.from(readme).toString('utf8') : undefined;
  }
  return { nuspec, nuspecXml };
}
