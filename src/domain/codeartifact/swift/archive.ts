// A published source archive (Registry.md §4.6.1), checked before anything is stored: it must be a zip that
// fflate can read, with `Package.swift` at its root or under its one top-level directory (`swift package
// archive-source` writes `<Name>/Package.swift`; `zip -r` of the package directory writes it at the root).
// From the directory holding it we keep the manifests — `Package.swift` and each `Package@swift-X[.Y[.Z]].swift`
// (§4.3) — with their tools versions, and the README for GetPackageVersionReadme. Only those entries are
// inflated, each within a bound, so a zip bomb costs nothing.
import { unzipSync, type UnzipFileInfo } from 'fflate';
import { CatalogError } from '../../shared/errors.js';

/** The largest manifest kept (Gitea's bound too): a manifest is a short Swift file. */
export const MAX_MANIFEST_BYTES = 128 * 1024;
const MAX_README_BYTES = 512 * 1024;

export const MANIFEST = 'Package.swift';
/** §4.3: the version-specific manifests a `Link: rel="alternate"` lists. */
const VERSIONED_MANIFEST = /^Package@swift-(\d+)(?:\.(\d+))?(?:\.(\d+))?\.swift$/;
const README = /^readme(?:\.(?:md|markdown|txt))?$/i;
const TOOLS_VERSION = /^\/\/\s*swift-tools-version\s*:\s*(\d+(?:\.\d+){0,2})/;

export interface SwiftManifest {
  /** `Package.swift` or `Package@swift-5.7.swift`. */
  filename: string;
  /** The `// swift-tools-version:` of its first line, if it has one. */
  toolsVersion?: string;
  content: string;
}

export interface CheckedArchive {
  manifests: SwiftManifest[];
  readme?: string;
}

/** Refusals of the archive are 422 (§4.6.1: "A server MAY refuse to publish … 422"). */
export class UnprocessableRelease extends CatalogError {
  readonly unprocessable = true;
  constructor(message: string) {
    super('Invalid', message);
  }
}

/** The directory whose manifest is the package's: the root, or the only top-level directory. */
function packageRoot(names: string[]): string | undefined {
  if (names.includes(MANIFEST)) return '';
  const tops = new Set(names.map((n) => n.split('/', 1)[0]!));
  if (tops.size !== 1) return undefined;
  const [top] = tops;
  return names.includes(`${top}/${MANIFEST}`) ? `${top}/` : undefined;
}

export function checkArchive(zip: Uint8Array): CheckedArchive {
  if (zip.length < 22 || zip[0] !== 0x50 || zip[1] !== 0x4b)
    throw new UnprocessableRelease('The source-archive part is not a zip archive (it does not start with "PK").');
  // First pass: names only (the filter refuses every entry, so nothing is inflated).
  const names: string[] = [];
  const entries = new Map<string, UnzipFileInfo>();
  try {
    unzipSync(zip, {
      filter(file) {
        names.push(file.name);
        entries.set(file.name, file);
        return false;
      },
    });
  } catch (error) {
    throw new UnprocessableRelease(
      `The source-archive part is not a readable zip archive: ${(error as Error).message}.`,
    );
  }
  const root = packageRoot(names);
  if (root === undefined)
    throw new UnprocessableRelease(
      `The source archive has no ${MANIFEST} at its root or under its single top-level directory.`,
    );
  const wanted = (name: string) => {
    if (!name.startsWith(root)) return false;
    const base = name.slice(root.length);
    return !base.includes('/') && (base === MANIFEST || VERSIONED_MANIFEST.test(base) || README.test(base));
  };
  // A manifest past the bound refuses the archive; a README past its bound is left out.
  for (const name of names.filter(wanted)) {
    const base = name.slice(root.length);
    const size = entries.get(name)!.originalSize;
    if (!README.test(base) && size > MAX_MANIFEST_BYTES)
      throw new UnprocessableRelease(`${base} is ${size} bytes; a manifest may be at most ${MAX_MANIFEST_BYTES}.`);
  }
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(zip, {
      filter: (file) => wanted(file.name) && file.originalSize <= MAX_README_BYTES,
    });
  } catch (error) {
    throw new UnprocessableRelease(`The source archive's manifest cannot be read: ${(error as Error).message}.`);
  }
  const manifests: SwiftManifest[] = [];
  let readme: string | undefined;
  for (const [name, bytes] of Object.entries(files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const base = name.slice(root.length);
    const content = Buffer.from(bytes).toString('utf8');
    if (README.test(base)) {
      if (bytes.length <= MAX_README_BYTES) readme ??= content;
      continue;
    }
    if (bytes.length > MAX_MANIFEST_BYTES)
      throw new UnprocessableRelease(`${base} inflates past ${MAX_MANIFEST_BYTES} bytes.`);
    const toolsVersion = TOOLS_VERSION.exec(content)?.[1];
    manifests.push({ filename: base, content, ...(toolsVersion ? { toolsVersion } : {}) });
  }
  if (!manifests.some((m) => m.filename === MANIFEST))
    throw new UnprocessableRelease(`The source archive's ${MANIFEST} could not be read.`);
  return { manifests, readme };
}

/** `Package.swift?swift-version=5.7` → `Package@swift-5.7.swift`, trying `5.7.0` and `5` forms alike. */
export function versionedManifestNames(swiftVersion: string): string[] {
  const match = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(swiftVersion);
  if (!match) return [];
  const [major, minor = '0', patch = '0'] = match.slice(1);
  const forms = [swiftVersion, `${major}.${minor}.${patch}`];
  if (patch === '0') forms.push(`${major}.${minor}`);
  if (patch === '0' && minor === '0') forms.push(major!);
  return [...new Set(forms)].map((v) => `Package@swift-${v}.swift`);
}
