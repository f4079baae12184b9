// RubyGems: no namespace, names kept as pushed (CodeArtifact normalises only NuGet, Python and Swift), Gem::Version
// order for the default display version, and one version holding one `.gem` per platform (`demo-1.0.gem`,
// `demo-1.0-x86_64-linux.gem`), pushed one at a time — so files may be added to a published version. Statuses
// (formats.md §7, docs/ruby.md): Published gems are in the compact index; Unlisted ones (`gem yank`) leave it, as
// a yank leaves rubygems.org's, while their `.gem` and quick gemspec still download; Archived and Disposed ones 404.
import { isPrerelease } from '../ruby/gemspec.js';
import { compareGemVersions } from '../ruby/versions.js';
import { type PackageFormat, DOWNLOADABLE_BY_CLIENTS, LISTED_TO_CLIENTS } from './format.js';
import { allVersionSummaries } from '../all-versions.js';

export const EXTERNAL_RUBYGEMS = 'public:rubygems';

export const rubyFormat: PackageFormat = {
  name: 'ruby',
  namespace: 'none',
  normalizeName: (name) => name,
  displayName: (_namespace, name) => name,
  async defaultDisplayVersion(tx, pkg) {
    const published = (await allVersionSummaries(tx, pkg.id, { status: 'Published' })).map((v) => v.version);
    // The highest release, or the highest prerelease when there is no release (what `gem install` picks).
    const releases = published.filter((v) => !isPrerelease(v));
    return (releases.length ? releases : published).sort(compareGemVersions).at(-1);
  },
  appendAssets: true,
  listed: LISTED_TO_CLIENTS,
  downloadable: DOWNLOADABLE_BY_CLIENTS,
  externalConnection: EXTERNAL_RUBYGEMS,
};
