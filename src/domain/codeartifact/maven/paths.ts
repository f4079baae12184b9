// The maven2 repository layout, parsed as Gitea parses it (formats.md §2.3): the last segment is the file name;
// `maven-metadata.xml[.<checksum>]` is snapshot-level metadata when its parent ends in `-SNAPSHOT`, else
// artifact-level (`<g as dirs>/<a>/maven-metadata.xml`); any other file is `<g as dirs>/<a>/<v>/<file>`, its
// name `<a>-<v>[-<classifier>].<ext>` — or, in a `-SNAPSHOT` directory, `<a>-<base>-<yyyyMMdd.HHmmss>-<n>…`
// (unique snapshots only, as CodeArtifact: Maven 2's non-unique `<a>-1.0-SNAPSHOT.jar` is refused).
import { invalid } from '../../shared/errors.js';

export const CHECKSUMS = ['md5', 'sha1', 'sha256', 'sha512'] as const;
export type ChecksumKind = (typeof CHECKSUMS)[number];
export const METADATA_FILE = 'maven-metadata.xml';
export const SNAPSHOT = '-SNAPSHOT';

export interface MavenFile {
  groupId: string;
  artifactId: string;
  /** The version directory (`1.0.0`, `1.1.0-SNAPSHOT`). */
  version: string;
  filename: string;
  /** The build a timestamped snapshot file belongs to: `1.1.0-20261201.094832-1`. */
  build?: { value: string; timestamp: string; buildNumber: number };
  classifier?: string;
  extension: string;
}

export type MavenPath =
  | { kind: 'artifact-metadata'; groupId: string; artifactId: string; checksum?: ChecksumKind }
  | { kind: 'snapshot-metadata'; groupId: string; artifactId: string; version: string; checksum?: ChecksumKind }
  | { kind: 'file'; file: MavenFile; checksum?: ChecksumKind };

const BAD_SEGMENT = /[\\/:"<>|?*]/;
/** Control characters (kept out of the pattern above, where Biome refuses them). */
const hasControl = (segment: string) => [...segment].some((ch) => ch.charCodeAt(0) < 0x20);
const BUILD = /^(\d{8}\.\d{6})-(\d+)$/;

export const isSnapshot = (version: string) => version.endsWith(SNAPSHOT);

/** A path below the repository endpoint (percent-decoded segments) → what it names; 400 outside the layout. */
export function parseMavenPath(segments: string[]): MavenPath {
  return checkLengths(parseLayout(segments));
}

function parseLayout(segments: string[]): MavenPath {
  const outside = (why: string) => invalid(`/${segments.join('/')} is not a maven2 repository path: ${why}.`);
  for (const segment of segments) {
    if (segment === '' || segment === '.' || segment === '..' || BAD_SEGMENT.test(segment) || hasControl(segment))
      throw outside(`the segment "${segment}" is empty, a dot segment or holds one of \\/:"<>|?*`);
  }
  let filename = segments[segments.length - 1] ?? '';
  let checksum: ChecksumKind | undefined;
  for (const kind of CHECKSUMS) {
    if (filename.endsWith(`.${kind}`) && filename.length > kind.length + 1) {
      checksum = kind;
      filename = filename.slice(0, -kind.length - 1);
      break;
    }
  }
  const dirs = segments.slice(0, -1);
  if (filename === METADATA_FILE) {
    const parent = dirs[dirs.length - 1];
    if (parent !== undefined && isSnapshot(parent) && dirs.length >= 3)
      return {
        kind: 'snapshot-metadata',
        groupId: dirs.slice(0, -2).join('.'),
        artifactId: dirs[dirs.length - 2]!,
        version: parent,
        checksum,
      };
    if (dirs.length < 2) throw outside('artifact metadata lives at <group>/<artifact>/maven-metadata.xml');
    return { kind: 'artifact-metadata', groupId: dirs.slice(0, -1).join('.'), artifactId: parent!, checksum };
  }
  if (dirs.length < 3) throw outside('a file lives at <group>/<artifact>/<version>/<file>');
  const version = dirs[dirs.length - 1]!;
  const artifactId = dirs[dirs.length - 2]!;
  const groupId = dirs.slice(0, -2).join('.');
  const file = parseFilename(groupId, artifactId, version, filename);
  if (!file)
    throw outside(
      isSnapshot(version)
        ? `a snapshot file is named ${artifactId}-${version.slice(0, -SNAPSHOT.length)}-<yyyyMMdd.HHmmss>-<build>[-<classifier>].<ext> (unique snapshots only)`
        : `a file of ${groupId}:${artifactId}:${version} is named ${artifactId}-${version}[-<classifier>].<ext>`,
    );
  return { kind: 'file', file, checksum };
}

/** CodeArtifact's bounds (the model's PackageNamespace, PackageName, PackageVersion and AssetName: 1–255). */
const MAX_LENGTH = 255;

function checkLengths(parsed: MavenPath): MavenPath {
  const fields: [string, string][] =
    parsed.kind === 'file'
      ? [
          ['groupId', parsed.file.groupId],
          ['artifactId', parsed.file.artifactId],
          ['version', parsed.file.version],
          ['file name', parsed.file.filename],
        ]
      : [
          ['groupId', parsed.groupId],
          ['artifactId', parsed.artifactId],
          ...(parsed.kind === 'snapshot-metadata' ? [['version', parsed.version] as [string, string]] : []),
        ];
  for (const [field, value] of fields)
    if (value.length > MAX_LENGTH)
      throw invalid(`The ${field} is ${value.length} characters long; at most ${MAX_LENGTH} are allowed.`);
  return parsed;
}

/** `<a>-<v>[-<classifier>].<ext>` (or the timestamped snapshot form) → its parts; undefined when it is not one. */
export function parseFilename(
  groupId: string,
  artifactId: string,
  version: string,
  filename: string,
): MavenFile | undefined {
  let rest: string;
  let build: MavenFile['build'];
  if (isSnapshot(version)) {
    const prefix = `${artifactId}-${version.slice(0, -SNAPSHOT.length)}-`;
    if (!filename.startsWith(prefix)) return undefined;
    const match = /^(\d{8}\.\d{6})-(\d+)/.exec(filename.slice(prefix.length));
    if (!match) return undefined;
    build = {
      value: `${version.slice(0, -SNAPSHOT.length)}-${match[1]}-${match[2]}`,
      timestamp: match[1]!,
      buildNumber: Number(match[2]),
    };
    rest = filename.slice(prefix.length + match[0].length);
  } else {
    const prefix = `${artifactId}-${version}`;
    if (!filename.startsWith(prefix)) return undefined;
    rest = filename.slice(prefix.length);
  }
  // rest: `.jar`, `.tar.gz`, `-sources.jar`
  let classifier: string | undefined;
  if (rest.startsWith('-')) {
    const dot = rest.indexOf('.');
    if (dot < 2) return undefined;
    classifier = rest.slice(1, dot);
    rest = rest.slice(dot);
  }
  if (!rest.startsWith('.') || rest.length < 2) return undefined;
  return { groupId, artifactId, version, filename, build, classifier, extension: rest.slice(1) };
}

/** `1.1.0-20261201.094832-1` as a snapshot build of `1.1.0-SNAPSHOT`, or undefined. */
export function buildOf(
  snapshotVersion: string,
  value: string,
): { timestamp: string; buildNumber: number } | undefined {
  const base = snapshotVersion.slice(0, -SNAPSHOT.length);
  if (!value.startsWith(`${base}-`)) return undefined;
  const match = BUILD.exec(value.slice(base.length + 1));
  return match ? { timestamp: match[1]!, buildNumber: Number(match[2]) } : undefined;
}
