// The repository endpoint URL, both ways: GetRepositoryEndpoint builds `<base>/<domain>-<owner>/<format>/<repo>/`
// and the registries parse the same shape back (CodeArtifact's host `<domain>-<owner>.d.codeartifact…` becomes
// the first path segment, so one Quiver host serves every domain).
import type { RegistryRepository } from '../../domain/codeartifact/upstreams.js';

export function repositoryEndpoint(
  base: string,
  domainName: string,
  owner: string,
  format: string,
  repositoryName: string,
): string {
  return `${base.replace(/\/+$/, '')}/${domainName}-${owner}/${format}/${encodeURIComponent(repositoryName)}/`;
}

/** `corp-123456789012` → domain and owner; undefined when the segment is not `<domain>-<12 digits>`. */
export function parseEndpointSegment(segment: string): { domainName: string; owner: string } | undefined {
  const match = /^(.+)-(\d{12})$/.exec(segment);
  return match ? { domainName: match[1]!, owner: match[2]! } : undefined;
}

/** The base URL clients reached this server by (QUIVER_PUBLIC_URL wins), without a trailing slash. */
export function baseUrlOf(publicUrl: string | undefined, host: string | undefined): string {
  return (publicUrl ?? `http://${host ?? 'localhost'}`).replace(/\/+$/, '');
}

/** The request's path after `/<domain>-<owner>/<format>/<repo>/`, still percent-encoded; undefined when outside. */
export function pathInRepository(rawUrl: string, format: string): { repository: string; rest: string } | undefined {
  const rawPath = rawUrl.split('?', 1)[0]!;
  const match = new RegExp(`^/[^/]+/${format}/([^/]+)/?(.*)$`).exec(rawPath);
  return match ? { repository: decodeURIComponent(match[1]!), rest: match[2]! } : undefined;
}

export type { RegistryRepository };
