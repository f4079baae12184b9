// NuGet: no namespace, IDs lowercased (CodeArtifact's normalisation; the original spelling is the display
// name), versions normalised before they are stored (nuget/versions.ts), NuGet's order for the default display
// version, one .nupkg per version (sealed). Statuses (formats.md §7): Published versions are listed
// everywhere; Unlisted ones stay in the flat container's index.json and the registration (`listed: false`), are
// left out of search, and still download (exact-version restores use the flat container); Archived and Disposed
// ones are gone from every resource and their .nupkg and .nuspec 404.
import { normalizeNugetId } from '../nuget/ids.js';
import { compareNugetVersionStrings } from '../nuget/versions.js';
import { type PackageFormat, DOWNLOADABLE_BY_CLIENTS, LISTED_TO_CLIENTS } from './format.js';
import { allVersionSummaries } from '../all-versions.js';

export const EXTERNAL_NUGET_ORG = 'public:nuget-org';

export const nugetFormat: PackageFormat = {
  name: 'nuget',
  namespace: 'none',
  normalizeName: normalizeNugetId,
  displayName: (_namespace, name) => name,
  async defaultDisplayVersion(tx, pkg) {
    let highest: string | undefined;
    for (const { version } of await allVersionSummaries(tx, pkg.id, { status: 'Published' }))
      if (highest === undefined || compareNugetVersionStrings(version, highest) > 0) highest = version;
    return highest;
  },
  appendAssets: false,
  listed: LISTED_TO_CLIENTS,
  downloadable: DOWNLOADABLE_BY_CLIENTS,
  externalConnection: EXTERNAL_NUGET_ORG,
};
