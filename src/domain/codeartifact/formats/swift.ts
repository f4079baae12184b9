// Swift: the scope is the (required) namespace, written `scope.name`; CodeArtifact lowercases both names and
// namespaces (UG:swift-name-normalization), so every AWS call and registry URL reaches the same package whatever
// its case. A release is sealed (one source archive), its default display version the highest SemVer precedence
// among Published releases. Statuses (formats.md §7): Published releases are listed; Unlisted ones are not, but
// still download; Archived and Disposed ones do not. CodeArtifact has no Swift external connection.
import { highestSwiftVersion, normalizeSwiftIdentifier } from '../swift/identity.js';
import { type PackageFormat, DOWNLOADABLE_BY_CLIENTS, LISTED_TO_CLIENTS } from './format.js';
import { allVersionSummaries } from '../all-versions.js';

export const swiftFormat: PackageFormat = {
  name: 'swift',
  namespace: 'required',
  normalizeName: normalizeSwiftIdentifier,
  normalizeNamespace: normalizeSwiftIdentifier,
  displayName: (namespace, name) => (namespace ? `${namespace}.${name}` : name),
  async defaultDisplayVersion(tx, pkg) {
    const published = (await allVersionSummaries(tx, pkg.id, { status: 'Published' })).map((v) => v.version);
    return highestSwiftVersion(published);
  },
  appendAssets: false,
  listed: LISTED_TO_CLIENTS,
  downloadable: DOWNLOADABLE_BY_CLIENTS,
};
