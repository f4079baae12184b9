// The registration resource (learn.microsoft.com/nuget/api/registration-base-url-resource): the registration
// index `{id}/index.json` with its pages, inlined when the package has at most 128 versions (as nuget.org does)
// and otherwise served as `{id}/page/{lower}/{upper}.json` of 64 versions each; the leaf `{id}/{version}.json`;
// and each catalogEntry (PackageDetails) from the nuspec. Unlisted versions are `listed: false` with the
// `published` date nuget.org gives them, 1900-01-01. A version known only from the external feed (not yet
// retained) is not in the registration: its metadata is not ours until its .nupkg is (docs/nuget.md).
import type { NugetPackageView, NugetVersionView } from '../../domain/codeartifact/nuget.js';
import { normalizeNugetId } from '../../domain/codeartifact/nuget/ids.js';
import type { NugetResourceUrls } from './service-index.js';

export const INLINE_LIMIT = 128;
export const PAGE_SIZE = 64;
const UNLISTED_PUBLISHED = '1900-01-01T00:00:00.000+00:00';

/** The versions a hive shows: the SemVer 1.0.0 hive leaves out SemVer 2.0.0 packages. */
export const inHive = (view: NugetPackageView, semVer2: boolean): NugetVersionView[] =>
  view.versions.filter((v) => v.nuspec && (semVer2 || !v.nuspec.semVer2));

export interface RegistrationUrls {
  base: string;
  nupkg(lowerId: string, lowerVersion: string): string;
}

export const registrationUrls = (urls: NugetResourceUrls, semVer2: boolean): RegistrationUrls => ({
  base: semVer2 ? urls.registrationSemVer2 : urls.registration,
  nupkg: (id, v) => `${urls.flatContainer}${id}/${v}/${id}.${v}.nupkg`,
});

const indexUrl = (u: RegistrationUrls, lowerId: string) => `${u.base}${lowerId}/index.json`;
const leafUrl = (u: RegistrationUrls, lowerId: string, lowerVersion: string) =>
  `${u.base}${lowerId}/${lowerVersion}.json`;
/** Quiver serves each catalogEntry at its `@id` (there is no catalog resource; see docs/nuget.md). */
const entryUrl = (u: RegistrationUrls, lowerId: string, lowerVersion: string) =>
  `${u.base}${lowerId}/${lowerVersion}/catalogentry.json`;
const published = (v: NugetVersionView) => (v.listed ? new Date(v.publishedAt).toISOString() : UNLISTED_PUBLISHED);

export function catalogEntry(u: RegistrationUrls, view: NugetPackageView, v: NugetVersionView) {
  const n = v.nuspec!;
  const entryId = entryUrl(u, view.lowerId, v.lowerVersion);
  return {
    '@id': entryId,
    '@type': 'PackageDetails',
    authors: n.authors ?? '',
    dependencyGroups: n.dependencyGroups.map((group, g) => ({
      '@id': `${entryId}/dependencygroup/${g}`,
      '@type': 'PackageDependencyGroup',
      ...(group.targetFramework ? { targetFramework: group.targetFramework } : {}),
      dependencies: group.dependencies.map((d, i) => ({
        '@id': `${entryId}/dependencygroup/${g}/dependency/${i}`,
        '@type': 'PackageDependency',
        id: d.id,
        range: d.range,
        registration: indexUrl(u, normalizeNugetId(d.id)),
      })),
    })),
    description: n.description ?? '',
    iconUrl: n.iconUrl ?? '',
    id: n.id,
    language: n.language ?? '',
    licenseExpression: n.licenseExpression ?? '',
    licenseUrl: n.licenseUrl ?? '',
    listed: v.listed,
    minClientVersion: n.minClientVersion ?? '',
    packageContent: u.nupkg(view.lowerId, v.lowerVersion),
    projectUrl: n.projectUrl ?? '',
    published: published(v),
    requireLicenseAcceptance: n.requireLicenseAcceptance,
    summary: n.summary ?? '',
    tags: n.tags,
    title: n.title ?? '',
    version: n.fullVersion,
    ...(n.repository?.url ? { repository: n.repository } : {}),
  };
}

/** A leaf inside a page (Registration leaf object in a page). */
const pageLeaf = (u: RegistrationUrls, view: NugetPackageView, v: NugetVersionView) => ({
  '@id': leafUrl(u, view.lowerId, v.lowerVersion),
  '@type': 'Package',
  catalogEntry: catalogEntry(u, view, v),
  packageContent: u.nupkg(view.lowerId, v.lowerVersion),
  registration: indexUrl(u, view.lowerId),
});

export function pagesOf(versions: NugetVersionView[]): NugetVersionView[][] {
  const pages: NugetVersionView[][] = [];
  for (let i = 0; i < versions.length; i += PAGE_SIZE) pages.push(versions.slice(i, i + PAGE_SIZE));
  return pages;
}

const pageUrl = (u: RegistrationUrls, view: NugetPackageView, page: NugetVersionView[]) =>
  `${u.base}${view.lowerId}/page/${page[0]!.lowerVersion}/${page[page.length - 1]!.lowerVersion}.json`;

/** A registration page object; with `inline`, its leaves are in `items`. */
export function registrationPage(
  u: RegistrationUrls,
  view: NugetPackageView,
  page: NugetVersionView[],
  inline: boolean,
) {
  return {
    '@id': inline
      ? `${indexUrl(u, view.lowerId)}#page/${page[0]!.lowerVersion}/${page[page.length - 1]!.lowerVersion}`
      : pageUrl(u, view, page),
    '@type': 'catalog:CatalogPage',
    count: page.length,
    ...(inline ? { items: page.map((v) => pageLeaf(u, view, v)) } : {}),
    lower: page[0]!.nuspec!.fullVersion,
    parent: indexUrl(u, view.lowerId),
    upper: page[page.length - 1]!.nuspec!.fullVersion,
  };
}

export function registrationIndex(u: RegistrationUrls, view: NugetPackageView, versions: NugetVersionView[]) {
  const pages = pagesOf(versions);
  const inline = versions.length <= INLINE_LIMIT;
  return {
    '@id': indexUrl(u, view.lowerId),
    '@type': ['catalog:CatalogRoot', 'PackageRegistration', 'catalog:Permalink'],
    count: pages.length,
    items: pages.map((page) => registrationPage(u, view, page, inline)),
  };
}

/** A registration page document fetched by its own URL (a package with more than 128 versions). */
export const standalonePage = (u: RegistrationUrls, view: NugetPackageView, page: NugetVersionView[]) => ({
  ...registrationPage(u, view, page, false),
  '@id': pageUrl(u, view, page),
  items: page.map((v) => pageLeaf(u, view, v)),
});

/** The registration leaf document `{id}/{version}.json`. */
export const registrationLeaf = (u: RegistrationUrls, view: NugetPackageView, v: NugetVersionView) => ({
  '@id': leafUrl(u, view.lowerId, v.lowerVersion),
  '@type': ['Package', 'http://schema.nuget.org/catalog#Permalink'],
  catalogEntry: entryUrl(u, view.lowerId, v.lowerVersion),
  listed: v.listed,
  packageContent: u.nupkg(view.lowerId, v.lowerVersion),
  published: published(v),
  registration: indexUrl(u, view.lowerId),
});
