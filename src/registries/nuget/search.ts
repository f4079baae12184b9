// The search resources: SearchQueryService (learn.microsoft.com/nuget/api/search-query-service-resource) and
// SearchAutocompleteService (…/search-autocomplete-service-resource). Query parameters as the documents name
// them (`q`, `skip`, `take`, `prerelease`, `semVerLevel`; autocomplete's `id`); a `take` above 1000 or a
// negative `skip` is a 400 (nuget.org's bounds). Unlisted versions are never shown.
import type { NugetPackageView, NugetSearchQuery } from '../../domain/codeartifact/nuget.js';
import { invalid } from '../../domain/shared/errors.js';
import { registrationUrls } from './registration.js';
import type { NugetResourceUrls } from './service-index.js';

const MAX_TAKE = 1000;
const MAX_SKIP = 3000;

function integer(value: unknown, name: string, fallback: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const text = String(value);
  if (!/^\d+$/.test(text) || Number(text) > max)
    throw invalid(`The ${name} parameter must be an integer from 0 to ${max}.`);
  return Number(text);
}

/** `semVerLevel=2.0.0` opts into SemVer 2.0.0 packages; any other value (or none) means SemVer 1.0.0. */
const semVer2Of = (value: unknown) => typeof value === 'string' && /^2(\.|$)/.test(value);

export function searchQueryOf(query: Record<string, unknown>): NugetSearchQuery {
  return {
    q: typeof query.q === 'string' ? query.q : '',
    skip: integer(query.skip, 'skip', 0, MAX_SKIP),
    take: integer(query.take, 'take', 20, MAX_TAKE),
    prerelease: String(query.prerelease).toLowerCase() === 'true',
    semVer2: semVer2Of(query.semVerLevel),
  };
}

export function searchResponse(urls: NugetResourceUrls, total: number, hits: NugetPackageView[], semVer2: boolean) {
  const u = registrationUrls(urls, semVer2);
  return {
    totalHits: total,
    data: hits.map((hit) => {
      const latest = hit.versions[hit.versions.length - 1]!.nuspec!;
      const registration = `${u.base}${hit.lowerId}/index.json`;
      return {
        '@id': registration,
        '@type': 'Package',
        registration,
        id: latest.id,
        version: latest.fullVersion,
        description: latest.description ?? '',
        summary: latest.summary ?? '',
        title: latest.title ?? '',
        iconUrl: latest.iconUrl ?? '',
        licenseUrl: latest.licenseUrl ?? '',
        projectUrl: latest.projectUrl ?? '',
        tags: latest.tags,
        authors: (latest.authors ?? '')
          .split(',')
          .map((a) => a.trim())
          .filter(Boolean),
        owners: (latest.owners ?? '')
          .split(',')
          .map((a) => a.trim())
          .filter(Boolean),
        totalDownloads: 0,
        verified: false,
        packageTypes: [{ name: 'Dependency' }],
        versions: hit.versions.map((v) => ({
          version: v.nuspec!.fullVersion,
          downloads: 0,
          '@id': `${u.base}${hit.lowerId}/${v.lowerVersion}.json`,
        })),
      };
    }),
  };
}
