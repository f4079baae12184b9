// Maven: groupId is the (required) namespace, artifactId the name, written `group:artifact`; names are not
// normalised (CodeArtifact normalises only NuGet, Python and Swift). A version takes its jar, pom and other
// files one PUT at a time, and more may be added after it is Published (CodeArtifact allows it). Statuses
// (formats.md §7): Published versions are in maven-metadata.xml; Unlisted ones are not, but their files still
// download by path (an exact-version dependency needs no metadata); Archived, Disposed and Unfinished files 404.
import { type PackageFormat, DOWNLOADABLE_BY_CLIENTS, LISTED_TO_CLIENTS, newestPublished } from './format.js';

export const EXTERNAL_MAVEN_CENTRAL = 'public:maven-central';

export const mavenFormat: PackageFormat = {
  name: 'maven',
  namespace: 'required',
  normalizeName: (name) => name,
  displayName: (namespace, name) => (namespace ? `${namespace}:${name}` : name),
  defaultDisplayVersion: newestPublished,
  appendAssets: true,
  listed: LISTED_TO_CLIENTS,
  downloadable: DOWNLOADABLE_BY_CLIENTS,
  externalConnection: EXTERNAL_MAVEN_CENTRAL,
};
