// maven-metadata.xml (formats.md §2.2), both ways: rendered from the catalog — artifact level (versions,
// latest, release, lastUpdated) and snapshot level (timestamp, buildNumber, one snapshotVersion per
// classifier and extension) — and read from what a client PUTs, which only says which version (or snapshot
// build) the client means to publish: its lists are never stored as truth.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { invalid } from '../../shared/errors.js';
import { compareMavenVersions } from './versions.js';

/** `yyyyMMddHHmmss` in UTC, Maven's lastUpdated form. */
export function lastUpdatedOf(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

const xmlText = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Artifact-level metadata of the listed versions (Maven order; `latest` the highest, `release` the highest non-SNAPSHOT). */
export function renderArtifactMetadata(
  groupId: string,
  artifactId: string,
  versions: string[],
  updatedAt: number,
): string {
  const sorted = [...versions].sort(compareMavenVersions);
  const latest = sorted[sorted.length - 1];
  const release = [...sorted].reverse().find((v) => !v.endsWith('-SNAPSHOT'));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<metadata>',
    `  <groupId>${xmlText(groupId)}</groupId>`,
    `  <artifactId>${xmlText(artifactId)}</artifactId>`,
    '  <versioning>',
    ...(latest ? [`    <latest>${xmlText(latest)}</latest>`] : []),
    ...(release ? [`    <release>${xmlText(release)}</release>`] : []),
    '    <versions>',
    ...sorted.map((v) => `      <version>${xmlText(v)}</version>`),
    '    </versions>',
    `    <lastUpdated>${lastUpdatedOf(updatedAt)}</lastUpdated>`,
    '  </versioning>',
    '</metadata>',
    '',
  ].join('\n');
}

export interface SnapshotFileView {
  classifier?: string;
  extension: string;
  /** `1.1.0-20261201.094832-1` */
  value: string;
}

/** Snapshot-level metadata of one build (the current one of a `-SNAPSHOT` version). */
export function renderSnapshotMetadata(
  groupId: string,
  artifactId: string,
  version: string,
  build: { timestamp: string; buildNumber: number },
  files: SnapshotFileView[],
  updatedAt: number,
): string {
  const updated = build.timestamp.replace('.', '');
  const seen = new Set<string>();
  const entries: string[] = [];
  for (const file of [...files].sort((a, b) =>
    `${a.extension}:${a.classifier ?? ''}` < `${b.extension}:${b.classifier ?? ''}` ? -1 : 1,
  )) {
    const key = `${file.classifier ?? ''}\u0000${file.extension}`;
    if (seen.has(key)) continue;
    seen.add(key);
    entries.push(
      '      <snapshotVersion>',
      ...(file.classifier ? [`        <classifier>${xmlText(file.classifier)}</classifier>`] : []),
      `        <extension>${xmlText(file.extension)}</extension>`,
      `        <value>${xmlText(file.value)}</value>`,
      `        <updated>${updated}</updated>`,
      '      </snapshotVersion>',
    );
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<metadata modelVersion="1.1.0">',
    `  <groupId>${xmlText(groupId)}</groupId>`,
    `  <artifactId>${xmlText(artifactId)}</artifactId>`,
    `  <version>${xmlText(version)}</version>`,
    '  <versioning>',
    '    <snapshot>',
    `      <timestamp>${build.timestamp}</timestamp>`,
    `      <buildNumber>${build.buildNumber}</buildNumber>`,
    '    </snapshot>',
    `    <lastUpdated>${lastUpdatedOf(updatedAt)}</lastUpdated>`,
    '    <snapshotVersions>',
    ...entries,
    '    </snapshotVersions>',
    '  </versioning>',
    '</metadata>',
    '',
  ].join('\n');
}

export interface UploadedMetadata {
  groupId?: string;
  artifactId?: string;
  version?: string;
  versions: string[];
  snapshot?: { timestamp: string; buildNumber: number };
  /** <lastUpdated> as epoch milliseconds. */
  lastUpdated?: number;
}

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  isArray: (name, jpath) => {
    const path = String(jpath);
    return name === 'version' && path === 'metadata.versioning.versions.version';
  },
});

type Node = Record<string, unknown>;
const node = (value: unknown): Node => (value && typeof value === 'object' ? (value as Node) : {});
const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

/** What a client's maven-metadata.xml says; 400 when it is not well-formed or has no <metadata> root. */
export function parseUploadedMetadata(bytes: Buffer): UploadedMetadata {
  const xml = bytes.toString('utf8');
  const valid = XMLValidator.validate(xml);
  if (valid !== true)
    throw invalid(`maven-metadata.xml is not well-formed XML: ${valid.err.msg} (line ${valid.err.line}).`);
  let parsed: unknown;
  try {
    parsed = parser.parse(xml);
  } catch (error) {
    // What the validator lets through but the parser refuses (entity bounds, `constructor`-like names, depth).
    throw invalid(`maven-metadata.xml cannot be read: ${(error as Error).message}.`);
  }
  const document = node(parsed);
  if (!document.metadata || typeof document.metadata !== 'object')
    throw invalid('maven-metadata.xml has no <metadata> root element.');
  const metadata = node(document.metadata);
  const versioning = node(metadata.versioning);
  const snapshot = node(versioning.snapshot);
  const timestamp = text(snapshot.timestamp);
  const buildNumber = Number(text(snapshot.buildNumber));
  return {
    groupId: text(metadata.groupId),
    artifactId: text(metadata.artifactId),
    version: text(metadata.version),
    versions: ((node(versioning.versions).version as unknown[] | undefined) ?? [])
      .map(text)
      .filter((v) => v !== undefined),
    snapshot: timestamp && Number.isInteger(buildNumber) ? { timestamp, buildNumber } : undefined,
    lastUpdated: epochOf(text(versioning.lastUpdated)),
  };
}

/** `yyyyMMddHHmmss` (UTC) → epoch milliseconds; undefined when it is not that form. */
function epochOf(lastUpdated: string | undefined): number | undefined {
  const m = lastUpdated && /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(lastUpdated);
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : undefined;
}
