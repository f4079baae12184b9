// Python core metadata (PKG-INFO / METADATA): an RFC 822 header block, then (metadata 2.1+) the long
// description as the message body. https://packaging.python.org/specifications/core-metadata/
import type { VersionDetails } from '../../../store/records.js';
import { normalizePypiName } from './names.js';

export interface CoreMetadata {
  metadataVersion?: string;
  name: string;
  version: string;
  summary?: string;
  homePage?: string;
  license?: string;
  requiresPython?: string;
  requiresDist: string[];
  projectUrls: { label: string; url: string }[];
  description?: string;
  descriptionContentType?: string;
}

/** Every header (lower-cased names, in order, repeats kept) and the body after the first blank line. */
export function parseRfc822(text: string): { headers: [string, string][]; body: string } {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const headers: [string, string][] = [];
  let index = 0;
  for (; index < lines.length; index++) {
    const line = lines[index]!;
    if (line === '') {
      index++;
      break;
    }
    if (/^[ \t]/.test(line) && headers.length > 0) {
      // A folded line continues the previous header (old metadata folds Description this way, with `|`).
      const last = headers[headers.length - 1]!;
      last[1] += `\n${line.replace(/^[ \t]+\|?/, '')}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    headers.push([line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()]);
  }
  return { headers, body: lines.slice(index).join('\n') };
}

const nonEmpty = (value: string | undefined) => (value !== undefined && value.trim() !== '' ? value : undefined);

/** Core metadata from its text; undefined when it lacks a Name or a Version (then it is not core metadata). */
export function parseCoreMetadata(text: string): CoreMetadata | undefined {
  const { headers, body } = parseRfc822(text);
  const first = (name: string) => nonEmpty(headers.find(([key]) => key === name)?.[1]);
  const all = (name: string) => headers.filter(([key]) => key === name).map(([, value]) => value);
  const name = first('name');
  const version = first('version');
  if (!name || !version) return undefined;
  const projectUrls = all('project-url').map((entry) => {
    const comma = entry.indexOf(',');
    return comma < 0
      ? { label: '', url: entry.trim() }
      : { label: entry.slice(0, comma).trim(), url: entry.slice(comma + 1).trim() };
  });
  return {
    metadataVersion: first('metadata-version'),
    name,
    version,
    summary: first('summary'),
    homePage: first('home-page'),
    license: first('license-expression') ?? first('license'),
    requiresPython: first('requires-python'),
    requiresDist: all('requires-dist').filter((r) => r.trim() !== ''),
    projectUrls,
    description: nonEmpty(body) ?? first('description'),
    descriptionContentType: first('description-content-type'),
  };
}

/** `requests[socks] (>=2.0) ; python_version < "3.8"` → name `requests`, requirement `[socks] (>=2.0) ; …`. */
function splitRequirement(requirement: string): { package: string; versionRequirement?: string } {
  const match = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(.*)$/.exec(requirement);
  if (!match) return { package: requirement.trim() };
  return { package: normalizePypiName(match[1]!), versionRequirement: nonEmpty(match[2]!.trim()) };
}

/** What DescribePackageVersion, GetPackageVersionReadme and ListPackageVersionDependencies show. */
export function detailsOfCoreMetadata(core: CoreMetadata): VersionDetails {
  const source = core.projectUrls.find((u) => /^(source|source code|repository|code)$/i.test(u.label));
  const home = core.homePage ?? core.projectUrls.find((u) => /^home ?page$/i.test(u.label))?.url;
  return {
    displayName: core.name,
    summary: core.summary,
    homePage: home,
    sourceCodeRepository: source?.url,
    licenses: core.license && core.license !== 'UNKNOWN' ? [{ name: core.license }] : [],
    readme: core.description,
    dependencies: core.requiresDist.map((r) => ({ ...splitRequirement(r), dependencyType: 'install' })),
    manifest: {
      ...(core.requiresPython ? { requiresPython: core.requiresPython } : {}),
      ...(core.metadataVersion ? { metadataVersion: core.metadataVersion } : {}),
    },
  };
}
