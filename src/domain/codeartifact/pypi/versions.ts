// PEP 440 version ordering, from @renovatebot/pep440 (Renovate's port of pypa/packaging's rules: epochs,
// pre/post/dev releases, local versions). Used for a project's default display version; the simple index
// itself is unordered by the spec and pip sorts for itself.
import * as pep440Lib from '@renovatebot/pep440';

export const pep440 = pep440Lib;

/** PEP 440 order; a string PEP 440 rejects sorts before every valid version, then by code units. */
export function comparePypiVersions(a: string, b: string): number {
  const va = pep440.valid(a) !== null;
  const vb = pep440.valid(b) !== null;
  if (va && vb) return pep440.compare(a, b);
  if (va !== vb) return va ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A pre-release or development release (`1.0rc1`, `1.0.dev3`): pip skips these unless asked. */
export function isPypiPrerelease(version: string): boolean {
  const parsed = pep440.explain(version);
  return parsed !== null && (parsed.is_prerelease || parsed.is_devrelease);
}

/**
 * The version pip would pick with no pin: the highest final release, else the highest pre-release
 * (undefined for an empty list).
 */
export function highestPypiVersion(versions: string[]): string | undefined {
  const sorted = [...versions].sort(comparePypiVersions);
  const finals = sorted.filter((v) => !isPypiPrerelease(v));
  return (finals.length > 0 ? finals : sorted).at(-1);
}
