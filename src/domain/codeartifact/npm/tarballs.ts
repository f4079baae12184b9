// Tarball downloads (Published or Unlisted versions). A version this repository does not have is looked for
// in its upstreams, then its external connection; the first hit is **retained** here (see ../upstreams.ts).
import type { Readable } from 'node:stream';
import type { AssetRecord } from '../../../store/records.js';
import { notFound } from '../../shared/errors.js';
import { assetFrom } from '../publishing.js';
import type { RegistryRepository } from '../upstreams.js';
import { coordinatesOf, DOWNLOADABLE, type NpmContext, requireRepository } from './context.js';
import { detailsOf } from './details.js';
import { checkIntegrity } from './integrity.js';
import type { NpmName } from './names.js';

export async function tarball(
  context: NpmContext,
  repo: RegistryRepository,
  name: NpmName,
  file: string,
): Promise<{ content: Readable; asset: AssetRecord }> {
  const prefix = `${name.name}-`;
  if (!file.startsWith(prefix) || !file.endsWith('.tgz')) throw notFound('asset', file, `Tarball ${file} not found.`);
  const version = file.slice(prefix.length, -'.tgz'.length);
  const local = await localTarball(context, repo, name, version, file);
  const asset = local.asset ?? (local.mayLookUpstream ? await retain(context, repo, name, version, file) : undefined);
  const content = asset && (await context.blobs.blobs.get(asset.sha256));
  if (!asset || !content) throw notFound('asset', file, `Tarball ${file} not found.`);
  return { content, asset };
}

async function localTarball(
  { store }: NpmContext,
  repo: RegistryRepository,
  name: NpmName,
  version: string,
  file: string,
): Promise<{ asset?: AssetRecord; mayLookUpstream: boolean }> {
  const found = await store.read((tx) => tx.lookupAsset(coordinatesOf(repo, name), version, file));
  if (!found.repositoryExists) await store.read((tx) => requireRepository(tx, repo)); // throws the precise 404
  if (found.versionStatus)
    return { asset: DOWNLOADABLE.has(found.versionStatus) ? found.asset : undefined, mayLookUpstream: false };
  return { mayLookUpstream: found.packageUpstream === undefined || found.packageUpstream === 'ALLOW' };
}

/** Finds the version upstream (or externally) and copies it into this repository; undefined when nobody has it. */
async function retain(
  { blobs, upstreams, external }: NpmContext,
  repo: RegistryRepository,
  name: NpmName,
  version: string,
  file: string,
): Promise<AssetRecord | undefined> {
  const now = Date.now();
  const c = coordinatesOf(repo, name);
  const { hit, external: connection } = await upstreams.find(c, version);
  if (hit) {
    const recorded = await upstreams.retain(c, hit, now);
    return recorded.assets.find((a) => a.name === file);
  }
  if (!connection || !external) return undefined;
  const remote = await external.packument(name.full);
  const manifest = remote?.versions?.[version];
  const dist = (manifest?.dist ?? {}) as { tarball?: string; integrity?: string; shasum?: string };
  if (!manifest || !dist.tarball) return undefined;
  const bytes = await external.tarball(dist.tarball);
  checkIntegrity(bytes, dist);
  const put = await blobs.put(bytes);
  const recorded = await upstreams.ingest(
    c,
    connection,
    { version, details: () => detailsOf(name, { ...manifest, dist: undefined }), assets: [assetFrom(file, put)] },
    now,
  );
  return recorded.assets.find((a) => a.name === file);
}
