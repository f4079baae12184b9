// PyPI: no namespace, PEP 503 normalised names, PEP 440 order for the default display version, and files
// added to a release one upload at a time (wheels, then the sdist). Statuses (formats.md §7): Unlisted files
// stay on the simple page as yanked (PEP 592: `==` pins still install them, ranges skip them); Archived and
// Disposed ones are gone from it and 404.
import { normalizePypiName } from '../pypi/names.js';
import { highestPypiVersion } from '../pypi/versions.js';
import { type PackageFormat, DOWNLOADABLE_BY_CLIENTS, LISTED_TO_CLIENTS } from './format.js';

export const EXTERNAL_PYPI = 'public:pypi';

export const pypiFormat: PackageFormat = {
  name: 'pypi',
  namespace: 'none',
  normalizeName: normalizePypiName,
  displayName: (_namespace, name) => name,
  async defaultDisplayVersion(tx, pkg) {
    const published: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await tx.listVersionSummaries(
        pkg.id,
        { status: 'Published' },
        'version',
        after === undefined ? undefined : { order: 'version', version: after },
        1000,
      );
      published.push(...page.map((v) => v.version));
      if (page.length < 1000) return highestPypiVersion(published);
      after = page[page.length - 1]!.version;
    }
  },
  appendAssets: true,
  listed: LISTED_TO_CLIENTS,
  downloadable: DOWNLOADABLE_BY_CLIENTS,
  externalConnection: EXTERNAL_PYPI,
};
