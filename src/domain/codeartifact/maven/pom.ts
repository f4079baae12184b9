// A POM, read with fast-xml-parser (a maintained, dependency-free XML parser with a well-formedness validator,
// rather than hand-written regexes over XML): the coordinates it declares, checked against the path it was PUT
// to, and what DescribePackageVersion and ListPackageVersionDependencies show — name, description, url,
// licenses, scm url and the dependencies with their scope. Parent POM inheritance is not resolved beyond the
// groupId and version a POM may take from its <parent> (what Maven itself needs to place the file).
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { VersionDetails } from '../../../store/records.js';
import { invalid } from '../../shared/errors.js';

type Node = Record<string, unknown>;

export interface Pom {
  groupId?: string;
  artifactId?: string;
  version?: string;
  packaging?: string;
  details: VersionDetails;
}

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false, // versions like 1.10 must stay strings
  trimValues: true,
  processEntities: true,
  isArray: (name, jpath) => {
    const path = String(jpath);
    return (
      (name === 'license' && path.endsWith('licenses.license')) ||
      (name === 'dependency' && path === 'project.dependencies.dependency')
    );
  },
});

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== ''
    ? value.trim()
    : typeof value === 'number'
      ? String(value)
      : undefined;
const node = (value: unknown): Node => (value && typeof value === 'object' ? (value as Node) : {});

/** Parses a POM; 400 naming the problem when it is not well-formed XML or has no <project> root. */
export function parsePom(bytes: Buffer): Pom {
  const xml = bytes.toString('utf8');
  const valid = XMLValidator.validate(xml);
  if (valid !== true)
    throw invalid(
      `The POM is not well-formed XML: ${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col}).`,
    );
  let parsed: unknown;
  try {
    parsed = parser.parse(xml);
  } catch (error) {
    // What the validator lets through but the parser refuses (entity bounds, `constructor`-like names, depth).
    throw invalid(`The POM cannot be read: ${(error as Error).message}.`);
  }
  const document = node(parsed);
  if (!document.project || typeof document.project !== 'object')
    throw invalid('The POM has no <project> root element.');
  const project = node(document.project);
  const parent = node(project.parent);
  const licenses = (node(project.licenses).license as unknown[] | undefined) ?? [];
  const dependencies = (node(project.dependencies).dependency as unknown[] | undefined) ?? [];
  const details: VersionDetails = {
    displayName: text(project.name),
    summary: text(project.description),
    homePage: text(project.url),
    sourceCodeRepository: text(node(project.scm).url),
    licenses: licenses
      .map(node)
      .map((l) => ({ name: text(l.name), url: text(l.url) }))
      .filter((l) => l.name || l.url),
    dependencies: dependencies
      .map(node)
      .filter((d) => text(d.artifactId))
      .map((d) => ({
        namespace: text(d.groupId),
        package: text(d.artifactId)!,
        dependencyType: text(d.scope) ?? 'compile',
        versionRequirement: text(d.version),
      })),
  };
  return {
    groupId: text(project.groupId) ?? text(parent.groupId),
    artifactId: text(project.artifactId),
    version: text(project.version) ?? text(parent.version),
    packaging: text(project.packaging),
    details,
  };
}

/** The POM must name the coordinates of the path it was PUT to (a `${property}` is taken on trust). */
export function checkPomCoordinates(pom: Pom, groupId: string, artifactId: string, version: string): void {
  const checks: [string, string | undefined, string][] = [
    ['groupId', pom.groupId, groupId],
    ['artifactId', pom.artifactId, artifactId],
    ['version', pom.version, version],
  ];
  for (const [field, declared, expected] of checks) {
    if (declared === undefined) throw invalid(`The POM declares no ${field} (expected ${expected}).`);
    if (declared.includes('${')) continue;
    if (declared !== expected)
      throw invalid(`The POM's ${field} is ${declared}, but it was uploaded as ${groupId}:${artifactId}:${version}.`);
  }
}
