// npm's JSON documents for a package: the full packument (npm view, npm publish flows) and the abbreviated
// one npm install asks for (`Accept: application/vnd.npm.install-v1+json`).
import { createHash } from 'node:crypto';
import { type NpmName, tarballName } from '../../domain/codeartifact/npm/names.js';
import type { NpmPackageView } from '../../domain/codeartifact/npm/packument-view.js';

const ABBREVIATED_FIELDS = [
  'name',
  'version',
  'dependencies',
  'optionalDependencies',
  'devDependencies',
  'peerDependencies',
  'peerDependenciesMeta',
  'bundleDependencies',
  'bin',
  'directories',
  'engines',
  'os',
  'cpu',
  '_hasShrinkwrap',
  'hasInstallScript',
  'deprecated',
  'funding',
  'license',
];

const iso = (ms: number) => new Date(ms).toISOString();

/** A `_rev` for a package only upstreams hold (nothing here to write to): changes whenever any listed version or tag changes. */
function rev(view: NpmPackageView): string {
  const hash = createHash('sha1')
    .update(JSON.stringify([view.versions.map((v) => v.revision), view.distTags]))
    .digest('hex');
  return `${view.versions.length + 1}-${hash.slice(0, 32)}`;
}

export function packument(
  view: NpmPackageView,
  name: NpmName,
  tarballBase: string,
  abbreviated: boolean,
): Record<string, unknown> {
  const versions: Record<string, Record<string, unknown>> = {};
  const time: Record<string, string> = {};
  let modified = view.createdAt;
  for (const entry of view.versions) {
    const dist = {
      tarball: `${tarballBase}/${name.full}/-/${tarballName(name, entry.version)}`,
      shasum: entry.shasum,
      integrity: entry.integrity,
    };
    const full = {
      ...entry.manifest,
      name: name.full,
      version: entry.version,
      _id: `${name.full}@${entry.version}`,
      dist,
    };
    versions[entry.version] = abbreviated
      ? Object.fromEntries(
          ABBREVIATED_FIELDS.filter((field) => full[field as keyof typeof full] !== undefined)
            .map((field) => [field, full[field as keyof typeof full]])
            .concat([['dist', dist]]),
        )
      : full;
    time[entry.version] = iso(entry.publishedAt);
    modified = Math.max(modified, entry.updatedAt);
  }
  if (abbreviated) return { name: name.full, modified: iso(modified), 'dist-tags': view.distTags, versions };
  const latest = view.versions.find((v) => v.version === view.distTags.latest);
  return {
    _id: name.full,
    _rev: view.rev ?? rev(view),
    name: name.full,
    description: latest?.summary,
    'dist-tags': view.distTags,
    versions,
    time: { created: iso(view.createdAt), modified: iso(modified), ...time },
    readme: latest?.readme ?? '',
  };
}
