// `npm publish`: one new version with its tarball, checked against the integrity npm computed. An existing
// version is a 409 (delete it first, as in CodeArtifact); nothing is stored when any check fails.
import semver from 'semver';
import type { VersionRecord } from '../../../store/records.js';
import { invalid } from '../../shared/errors.js';
import { publishContention } from '../packages.js';
import { assetFrom, recordVersion } from '../publishing.js';
import type { RegistryRepository } from '../upstreams.js';
import { coordinatesOf, type NpmContext, requireRepository } from './context.js';
import { detailsOf } from './details.js';
import type { NpmPublish } from './documents.js';
import { checkIntegrity } from './integrity.js';
import { type NpmName, tarballName } from './names.js';

export async function publish(
  { store, blobs, upstreams, external }: NpmContext,
  repo: RegistryRepository,
  name: NpmName,
  publish: NpmPublish,
  now: number,
): Promise<VersionRecord> {
  const version = String(publish.manifest.version ?? '');
  if (!semver.valid(version)) throw invalid(`Invalid version "${version}": npm versions are semver.`);
  const dist = (publish.manifest.dist ?? {}) as { integrity?: string; shasum?: string };
  if (dist.integrity && !dist.integrity.startsWith('sha512-'))
    throw invalid(`Unsupported integrity ${dist.integrity}: npm sends sha512.`);
  checkIntegrity(publish.tarball, dist);
  const c = coordinatesOf(repo, name);
  await store.read((tx) => requireRepository(tx, repo));
  await upstreams.refuseIfUpstreamHas(c, version, name.full, async () =>
    Boolean((await external?.packument(name.full))?.versions?.[version]),
  );
  const put = await blobs.put(publish.tarball);
  return store.write(async (tx) => {
    await requireRepository(tx, repo);
    const { package: pkg, version: record } = await recordVersion(
      tx,
      blobs,
      c,
      {
        version,
        status: 'Published',
        origin: { originType: 'INTERNAL', entryRepository: repo.repositoryName },
        details: () => detailsOf(name, publish.manifest),
        assets: [assetFrom(tarballName(name, version), put)],
        newPackage: { publish: 'ALLOW', upstream: 'BLOCK' },
        ifExists: 'conflict',
        publish: true,
      },
      now,
    );
    for (const [tag, tagged] of Object.entries(publish.tags)) {
      if (typeof tagged === 'string' && (tagged === version || (await tx.getVersion(pkg.id, tagged))))
        await tx.setDistTag(pkg.id, tag, tagged);
    }
    return record;
  }, publishContention(c));
}
