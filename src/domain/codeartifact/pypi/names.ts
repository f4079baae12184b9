// PyPI project names and distribution file names. CodeArtifact stores Python packages under their PEP 503
// normalised name (`Demo.Pkg_X` → `demo-pkg-x`); pip, twine, the simple index and every AWS `package`
// parameter may use any spelling and all meet on that one form.
import { invalid } from '../../shared/errors.js';
import { pep440 } from './versions.js';

/** PEP 508's name rule: ASCII letters and digits, with `.`, `_`, `-` inside (never first or last). */
const PEP508_NAME = /^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$/i;

/** Whether PEP 508 allows the name (no project can have another). */
export const isPypiName = (name: string) => PEP508_NAME.test(name);

/** PEP 503: lowercase, every run of `-`, `_`, `.` becomes one `-`. */
export function normalizePypiName(name: string): string {
  return name.replace(/[-_.]+/g, '-').toLowerCase();
}

/** The normalised name, or a 400 naming the problem when PEP 508 rejects the name. */
export function parsePypiName(name: string): string {
  if (!PEP508_NAME.test(name))
    throw invalid(
      `Invalid project name "${name}": PEP 508 names are ASCII letters, digits, ".", "_" and "-", ` +
        'starting and ending with a letter or digit.',
    );
  return normalizePypiName(name);
}

export type DistributionKind = 'wheel' | 'sdist';

export interface DistributionFile {
  kind: DistributionKind;
  /** The project part of the file name, normalised. */
  project: string;
  version: string;
}

const SDIST_SUFFIXES = ['.tar.gz', '.zip'];

/**
 * What a distribution's file name says: `{name}-{ver}(-{build})?-{py}-{abi}-{plat}.whl` (wheel; the name has
 * `_` for `-`), or `{name}-{ver}.tar.gz` (sdist; the version is what follows the last `-`). Undefined when the
 * name is neither form.
 */
export function parseDistributionFilename(filename: string): DistributionFile | undefined {
  if (filename.includes('/') || filename.includes('\\')) return undefined;
  if (filename.endsWith('.whl')) {
    const parts = filename.slice(0, -'.whl'.length).split('-');
    if (parts.length !== 5 && parts.length !== 6) return undefined;
    return { kind: 'wheel', project: normalizePypiName(parts[0]!), version: parts[1]! };
  }
  const suffix = SDIST_SUFFIXES.find((s) => filename.endsWith(s));
  if (!suffix) return undefined;
  const stem = filename.slice(0, -suffix.length);
  const dash = stem.lastIndexOf('-');
  if (dash <= 0) return undefined;
  return { kind: 'sdist', project: normalizePypiName(stem.slice(0, dash)), version: stem.slice(dash + 1) };
}

/** The version as a PEP 440 string, or a 400 naming the problem. */
export function parsePypiVersion(version: string): string {
  if (pep440.valid(version) === null)
    throw invalid(`Invalid version "${version}": it is not a PEP 440 version (e.g. 1.0, 2.1.0rc1, 1.0.post2).`);
  return version;
}
