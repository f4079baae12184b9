// PyPI: no namespace, PEP 503 normalised names, PEP 440 order for the default display version, and files
// added to a release one upload at a time (wheels, then the sdist). Statuses (formats.md §7): Unlisted files
// stay on the simple page as yanked (PEP 592: `==` pins still install them, ranges skip them); Archived and
// Disposed ones are gone from it and 404.
import { normalizePypiName } from '../pypi/names.js';
import { highestPypiVersion } from '../pypi/versions.js';
import { type PackageFormat, DOWNLOADABLE_BY_CLIENTS, LISTED_TO_CLIENTS } from './format.js';
import { allVersionSummaries } from '../all-versions.js';

export const EXTERNAL_PYPI = 'public:pypi';

export const pypiFormat: PackageFormat = {
  name: 'pypi',
  namespace: 'none',
  normalizeName: normalizePypiName,
  displayName: (_namespace, name) => name,
  async defaultDisplayVersion(tx, pkg) {
    const published = (await allVersionSummaries(tx, pkg.id, { status: 'Published' })).map((v) => v.version);
    return highestPypiVersion(published);
  },
  appendAssets: true,
  listed: LISTED_TO_CLIENTS,
  downloadable: DOWNLOADABLE_BY_CLIENTS,
  externalConnection: EXTERNAL_PYPI,
};
