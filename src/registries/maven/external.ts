// The maven2 repository behind the `public:maven-central` external connection: Maven Central by default, or any
// maven2 layout (QUIVER_MAVEN_CENTRAL_URL — another Quiver, a Nexus, a mirror; `https://user:password@host/…`
// credentials are sent as Basic auth, since fetch refuses URLs that carry them).
import type { ExternalMavenRepository } from '../../domain/codeartifact/maven.js';

const TIMEOUT_MS = 30_000;

export function httpMavenRepository(repositoryUrl: string): ExternalMavenRepository {
  const url = new URL(repositoryUrl.endsWith('/') ? repositoryUrl : `${repositoryUrl}/`);
  const authorization =
    url.username || url.password
      ? `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`
      : undefined;
  url.username = '';
  url.password = '';
  const base = url.toString();
  return {
    async fetch(path) {
      const response = await fetch(`${base}${path}`, {
        headers: authorization ? { authorization } : {},
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      if (response.status === 404) {
        await response.arrayBuffer();
        return undefined;
      }
      if (!response.ok) throw new Error(`The external Maven repository answered ${response.status} for ${path}.`);
      return Buffer.from(await response.arrayBuffer());
    },
  };
}
