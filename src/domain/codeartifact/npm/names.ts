// npm package names as CodeArtifact stores them (`@scope/name` → namespace `scope`, name `name`), and the
// tarball file name npm derives from a name and version.
import { invalid } from '../../shared/errors.js';

export const NPM_NAME_MAX = 214;

/** A parsed npm package name: `@scope/name` → namespace `scope` (without `@`), as CodeArtifact stores it. */
export interface NpmName {
  namespace: string;
  name: string;
  full: string;
}

export function parseNpmName(full: string): NpmName {
  if (full.length === 0 || full.length > NPM_NAME_MAX)
    throw invalid(`Invalid package name: it must be 1 to ${NPM_NAME_MAX} characters.`);
  const scoped = /^@([^/@]+)\/([^/@]+)$/.exec(full);
  const name = scoped ? scoped[2]! : full;
  const namespace = scoped ? scoped[1]! : '';
  for (const part of [namespace, name].filter(Boolean)) {
    if (part.startsWith('.') || part.startsWith('_') || encodeURIComponent(part) !== part) {
      throw invalid(
        `Invalid package name "${full}": names are URL-safe, may not start with "." or "_", and only a scope may contain "/".`,
      );
    }
  }
  if (!scoped && full.includes('/'))
    throw invalid(`Invalid package name "${full}": "/" is only allowed after an @scope.`);
  return { namespace, name, full };
}

export const tarballName = (name: NpmName, version: string) => `${name.name}-${version}.tgz`;
