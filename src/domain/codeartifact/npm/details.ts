// What DescribePackageVersion, readme and dependencies show for an npm version, read from its package.json.
import type { VersionDetails } from '../../../store/records.js';
import type { NpmName } from './names.js';

export function detailsOf(name: NpmName, manifest: Record<string, unknown>): VersionDetails {
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  const repository = manifest.repository as { url?: unknown } | string | undefined;
  const dependencies: NonNullable<VersionDetails['dependencies']> = [];
  for (const [field, type] of [
    ['dependencies', 'regular'],
    ['devDependencies', 'dev'],
    ['optionalDependencies', 'optional'],
    ['peerDependencies', 'peer'],
  ] as const) {
    for (const [dependency, range] of Object.entries((manifest[field] as Record<string, string> | undefined) ?? {})) {
      const scoped = /^@([^/]+)\/(.+)$/.exec(dependency);
      dependencies.push({
        namespace: scoped?.[1],
        package: scoped ? scoped[2]! : dependency,
        dependencyType: type,
        versionRequirement: String(range),
      });
    }
  }
  const { readme, ...rest } = manifest;
  return {
    displayName: name.full,
    summary: text(manifest.description),
    homePage: text(manifest.homepage),
    sourceCodeRepository: typeof repository === 'string' ? repository : text(repository?.url),
    licenses: text(manifest.license) ? [{ name: String(manifest.license) }] : [],
    readme: text(readme),
    dependencies,
    manifest: rest,
  };
}
