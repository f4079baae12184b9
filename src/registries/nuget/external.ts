// The feed behind the `public:nuget-org` external connection: nuget.org by default, or any NuGet v3 feed
// (QUIVER_NUGET_URL, its service index — another Quiver, a BaGet; `https://user:password@host/…` credentials are
// sent as Basic auth, since fetch refuses URLs that carry them). Only PackageBaseAddress/3.0.0 (the flat
// container) is used: its index.json for the version list, and the .nupkg downloads.
import type { ExternalNugetFeed } from '../../domain/codeartifact/nuget.js';
import { externalOrigin } from '../common/external-fetch.js';

export function httpNugetFeed(serviceIndexUrl: string): ExternalNugetFeed {
  const external = externalOrigin(serviceIndexUrl);
  const indexUrl = external.base;
  const get = (target: string) => external.get(target);
  let flatContainer: Promise<string> | undefined;
  const base = () => {
    flatContainer ??= (async () => {
      const response = await get(indexUrl);
      if (!response.ok) throw new Error(`The NuGet service index answered ${response.status}.`);
      const index = (await response.json()) as { resources?: { '@id'?: string; '@type'?: string }[] };
      const found = index.resources?.find((r) => r['@type'] === 'PackageBaseAddress/3.0.0')?.['@id'];
      if (!found) throw new Error('The NuGet service index lists no PackageBaseAddress/3.0.0.');
      return new URL(found.endsWith('/') ? found : `${found}/`, indexUrl).toString();
    })().catch((error: unknown) => {
      flatContainer = undefined; // try again on the next request
      throw error;
    });
    return flatContainer;
  };
  return {
    async versions(lowerId) {
      const response = await get(`${await base()}${encodeURIComponent(lowerId)}/index.json`);
      if (response.status === 404) {
        await response.arrayBuffer();
        return undefined;
      }
      if (!response.ok) throw new Error(`The NuGet feed answered ${response.status} for ${lowerId}.`);
      const body = (await response.json()) as { versions?: unknown };
      return Array.isArray(body.versions) ? body.versions.filter((v): v is string => typeof v === 'string') : [];
    },
    async download(lowerId, lowerVersion) {
      const id = encodeURIComponent(lowerId);
      const v = encodeURIComponent(lowerVersion);
      const response = await get(`${await base()}${id}/${v}/${id}.${v}.nupkg`);
      if (response.status === 404) {
        await response.arrayBuffer();
        return undefined;
      }
      if (!response.ok) throw new Error(`The NuGet feed answered ${response.status} for ${lowerId} ${lowerVersion}.`);
      return Buffer.from(await response.arrayBuffer());
    },
  };
}
