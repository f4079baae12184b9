// npm: scoped names (`@scope/name`, the scope stored as the namespace), one tarball per version, and the
// `latest` dist-tag as the default display version.
import { type PackageFormat, DOWNLOADABLE_BY_CLIENTS, LISTED_TO_CLIENTS, newestPublished } from './format.js';

export const EXTERNAL_NPM = 'public:npmjs';

export const npmFormat: PackageFormat = {
  name: 'npm',
  namespace: 'optional',
  normalizeName: (name) => name,
  displayName: (namespace, name) => (namespace ? `@${namespace}/${name}` : name),
  defaultDisplayVersion: async (tx, pkg) => (await tx.getDistTag(pkg.id, 'latest')) ?? newestPublished(tx, pkg),
  appendAssets: false,
  listed: LISTED_TO_CLIENTS,
  downloadable: DOWNLOADABLE_BY_CLIENTS,
  externalConnection: EXTERNAL_NPM,
};
