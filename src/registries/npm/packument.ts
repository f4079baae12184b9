// npm's JSON documents for a package: the full packument (npm view, npm publish flows) and the abbreviated
// one npm install asks for (`Accept: application/vnd.npm.install-v1+json`).
import { createHash } from 'node:crypto';
import type { NpmName, NpmPackageView } from '../../domain/codeartifact/npm.js';
import { tarballName } from '../../domain/codeartifact/npm.js';

const ABBREVIATED_FIELDS = [
  'name', 'version', 'dependencies', 'optionalDependencies', 'devDependencies', 'peerDependencies', 'peerDependenciesMeta',
  'bundleDependencies', 'bin', 'directories', 'engines', 'os', 'cpu', '_hasShrinkwrap', 'hasInstallScript', 'deprecated', 'funding', 'license',
];

const iso = (ms: number) => new Date(ms).toISOString();

/** A revision for npm's `_rev`: changes whenever any listed version or tag changes. */
function rev(view: NpmPackageView): string {
  const hash = createHash('sha1').update(JSON.stringify([view.versions.map((v) => v.record.revision), view.distTags])).digest('hex');
  return `${view.versions.length + 1}-${hash.slice(0, 32)}`;
}

export function packument(view: NpmPackageView, name: NpmName, tarballBase: string, abbreviated: boolean): Record<string, unknown> {
  const versions: Record<string, Record<string, unknown>> = {};
  const time: Record<string, string> = {};
  let modified = view.pkg.createdAt;
  for (const { record, asset } of view.versions) {
    const manifest = (record.details.manifest ?? {}) as Record<string, unknown>;
    const dist = {
      tarball: `${tarballBase}/${name.full}/-/${tarballName(name, record.version)}`,
      shasum: asset?.sha1, integrity: asset ? `sha512-${Buffer.from(asset.sha512, 'hex').toString('base64')}` : undefined,
    };
    const full = { ...manifest, name: name.full, version: record.version, _id: `${name.full}@${record.version}`, dist };
    versions[record.version] = abbreviated
      ? Object.fromEntries(ABBREVIATED_FIELDS.filter((field) => full[field as keyof typeof full] !== undefined).map((field) => [field, full[field as keyof typeof full]]).concat([['dist', dist]]))
      : full;
    time[record.version] = iso(record.publishedAt);
    modified = Math.max(modified, record.updatedAt);
  }
  if (abbreviated) return { name: name.full, modified: iso(modified), 'dist-tags': view.distTags, versions };
  const latest = view.versions.find((v) => v.record.version === view.distTags.latest)?.record;
  return {
    _id: name.full, _rev: rev(view), name: name.full, description: latest?.details.summary, 'dist-tags': view.distTags, versions,
    time: { created: iso(view.pkg.createdAt), modified: iso(modified), ...time }, readme: latest?.details.readme ?? '',
  };
}
