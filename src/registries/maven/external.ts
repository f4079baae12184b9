// The maven2 repository behind the `public:maven-central` external connection: Maven Central by default, or any
// maven2 layout (QUIVER_MAVEN_CENTRAL_URL — another Quiver, a Nexus, a mirror; `https://user:password@host/…`
// credentials are sent as Basic auth, since fetch refuses URLs that carry them).
import type { ExternalMavenRepository } from '../../domain/codeartifact/maven.js';
import { externalOrigin } from '../common/external-fetch.js';

export function httpMavenRepository(repositoryUrl: string): ExternalMavenRepository {
  const external = externalOrigin(repositoryUrl.endsWith('/') ? repositoryUrl : `${repositoryUrl}/`);
  return {
    async fetch(path) {
      const response = await external.get(`${external.base}${path}`);
      if (response.status === 404) {
        await response.arrayBuffer();
        return undefined;
      }
      if (!response.ok) throw new Error(`The external Maven repository answered ${response.status} for ${path}.`);
      return Buffer.from(await response.arrayBuffer());
    },
  };
}
