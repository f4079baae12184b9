// Cargo: no namespace; crate names stored lowercased (cargo's index paths and crates.io's uniqueness are
// case-insensitive; see ../cargo/names.ts), a version is one sealed .crate, and the default display version is
// the highest Published semver. Statuses (formats.md §7): Published versions are index lines with
// `yanked: false`; Unlisted ones stay in the index with `yanked: true` and still download, so a Cargo.lock that
// pins them keeps building while new resolutions skip them; Archived, Disposed and Unfinished ones are not in
// the index and their .crate is a 404.
import semver from 'semver';
import { crateKey } from '../cargo/names.js';
import { type PackageFormat, DOWNLOADABLE_BY_CLIENTS, LISTED_TO_CLIENTS } from './format.js';
import { allVersionSummaries } from '../all-versions.js';

export const EXTERNAL_CRATES_IO = 'public:crates-io';

export const cargoFormat: PackageFormat = {
  name: 'cargo',
  namespace: 'none',
  normalizeName: crateKey,
  displayName: (_namespace, name) => name,
  async defaultDisplayVersion(tx, pkg) {
    let best: string | undefined;
    for (const { version } of await allVersionSummaries(tx, pkg.id, { status: 'Published' }))
      if (semver.valid(version) && (best === undefined || semver.gt(version, best))) best = version;
    return best;
  },
  appendAssets: false,
  listed: LISTED_TO_CLIENTS,
  downloadable: DOWNLOADABLE_BY_CLIENTS,
  externalConnection: EXTERNAL_CRATES_IO,
};
