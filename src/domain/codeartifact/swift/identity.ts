// Package identity in the Swift Package Registry (Registry.md §3.6): a scope and a name with the spec's
// character rules, both case-insensitive — stored lowercased, as CodeArtifact normalises Swift namespaces and
// names (UG:swift-name-normalization) — and versions that are SemVer 2.0 exactly as written (CodeArtifact does
// not normalise Swift versions and refuses anything else). Ordering is SemVer precedence.
import semver from 'semver';

/** §3.6.1: alphanumerics and single inner hyphens, at most 39 characters. */
const SCOPE = /^[a-zA-Z0-9](?:[a-zA-Z0-9]|-(?=[a-zA-Z0-9])){0,38}$/;
/** §3.6.2: alphanumerics and single inner hyphens or underscores, at most 100 characters. */
const NAME = /^[a-zA-Z0-9](?:[a-zA-Z0-9]|[-_](?=[a-zA-Z0-9])){0,99}$/;
/** The regular expression semver.org gives for SemVer 2.0.0 (no leading `v`, no leading zeros, build allowed). */
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

export const isSwiftScope = (scope: string) => SCOPE.test(scope);
export const isSwiftName = (name: string) => NAME.test(name);
export const isSwiftVersion = (version: string) => version.length <= 255 && SEMVER.test(version);

/** The stored form of a scope or a name: ASCII lowercase (the rules allow nothing else to fold). */
export const normalizeSwiftIdentifier = (text: string) => text.toLowerCase();

/** `scope.name`, the package identifier SwiftPM writes in `.package(id:)`. */
export const swiftIdentifier = (scope: string, name: string) => `${scope}.${name}`;

/** SemVer precedence; versions equal in precedence (they differ in build metadata only) by code units. */
export function compareSwiftVersions(a: string, b: string): number {
  const byPrecedence = isSwiftVersion(a) && isSwiftVersion(b) ? semver.compare(a, b) : 0;
  return byPrecedence !== 0 ? byPrecedence : a < b ? -1 : a > b ? 1 : 0;
}

/** The highest version in SemVer precedence (undefined for none). */
export const highestSwiftVersion = (versions: string[]) => [...versions].sort(compareSwiftVersions).at(-1);
