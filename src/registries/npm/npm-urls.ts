// Which of npm's URL forms a path in a repository is. This is the one place the scoped-name ambiguity is
// resolved: npm sends a scoped name as `@scope%2fname` in packument and dist-tag URLs but as `@scope/name`
// (two segments) in tarball URLs, and older clients and other tools send either form anywhere. So the path is
// percent-decoded first and a name is then `@scope/name` (exactly two segments, the first starting with `@`)
// or one segment — which is why npm is not routed by Fastify's router, whose `:param` is always one segment.
// The forms are tried in the order npm's own registry tells them apart: the `-/` endpoints (a package name
// cannot start with `-/`), then `<package>` followed by nothing, `-/<file>.tgz[/-rev/…]` or `-rev/<rev>`.
import { type NpmName, parseNpmName } from '../../domain/codeartifact/npm/names.js';
import { RegistryError } from '../common/errors.js';

export type NpmUrl =
  | { form: 'ping' }
  | { form: 'whoami' }
  | { form: 'dist-tags'; name: NpmName }
  | { form: 'dist-tag'; name: NpmName; tag: string }
  | { form: 'packument'; name: NpmName; path: string }
  | { form: 'tarball'; name: NpmName; file: string }
  | { form: 'revision'; name: NpmName; rev: string; path: string }
  /** A package followed by something npm has no URL for: each method answers 405. */
  | { form: 'other'; name: NpmName; path: string };

export type NpmUrlForm = NpmUrl['form'];

/** `rest`: the path after the repository endpoint, still percent-encoded. Bad names are a 400. */
export function parseNpmUrl(rest: string): NpmUrl {
  const path = decodeURIComponent(rest);
  if (path === '' || path === '-/ping') return { form: 'ping' };
  if (path === '-/whoami') return { form: 'whoami' };
  const tags = /^-\/package\/(@[^/]+\/[^/]+|[^/]+)\/dist-tags(?:\/([^/]+))?$/.exec(path);
  if (tags) {
    const name = parseNpmName(tags[1]!);
    return tags[2] ? { form: 'dist-tag', name, tag: tags[2] } : { form: 'dist-tags', name };
  }
  const parts = /^(@[^/]+\/[^/]+|[^/@][^/]*)(?:\/(.*))?$/.exec(path);
  if (!parts) throw new RegistryError(400, `Invalid package name in "${path}".`);
  const name = parseNpmName(parts[1]!);
  const tail = parts[2] ?? '';
  const tarball = /^-\/([^/]+\.tgz)(?:\/-rev\/.+)?$/.exec(tail);
  if (tarball) return { form: 'tarball', name, file: tarball[1]! };
  if (tail === '') return { form: 'packument', name, path };
  const rev = /^-rev\/(.+)$/.exec(tail)?.[1];
  if (rev !== undefined) return { form: 'revision', name, rev, path };
  return { form: 'other', name, path };
}
