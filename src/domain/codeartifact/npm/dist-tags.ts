// npm dist-tags: which tags a packument may show, and `npm dist-tag add / rm`. A tag never points at a
// version the packument omits, and `latest` always names a listed version when there is one.
import semver from 'semver';
import { CatalogError, invalid, notFound } from '../../shared/errors.js';
import type { RegistryRepository } from '../upstreams.js';
import { coordinatesOf, LISTED, type NpmContext, requireRepository } from './context.js';
import type { NpmName } from './names.js';

/** `latest` when it names a listed version; else the highest listed release (or pre-release if that is all). */
export function effectiveDistTags(tags: Record<string, string>, listed: string[]): Record<string, string> {
  const visible = Object.fromEntries(Object.entries(tags).filter(([, version]) => listed.includes(version)));
  if (!visible.latest && listed.length > 0) {
    const valid = listed.filter((v) => semver.valid(v));
    const releases = valid.filter((v) => !semver.prerelease(v));
    const pool = releases.length > 0 ? releases : valid;
    visible.latest = pool.length > 0 ? pool.sort(semver.compare)[pool.length - 1]! : listed[listed.length - 1]!;
  }
  return visible;
}

/** A dist-tag is a short printable name (a NUL or control character is refused here, not by a database). */
function checkTagName(tag: string): void {
  const printable = [...tag].every((c) => c.charCodeAt(0) > 0x1f && c.charCodeAt(0) !== 0x7f && c !== '/');
  if (tag.length === 0 || tag.length > 214 || !printable)
    throw invalid(`Invalid tag ${JSON.stringify(tag.slice(0, 214))}: 1 to 214 printable characters, no "/".`);
}

export async function setDistTag(
  { store }: NpmContext,
  repo: RegistryRepository,
  name: NpmName,
  tag: string,
  version: string,
): Promise<void> {
  checkTagName(tag);
  if (semver.validRange(tag) && !/^[a-z]/i.test(tag))
    throw invalid(`Tag "${tag}" looks like a version range; tags must not.`);
  await store.write(async (tx) => {
    await requireRepository(tx, repo);
    const pkg = await tx.getPackage(coordinatesOf(repo, name));
    const target = pkg && (await tx.getVersion(pkg.id, version));
    if (!pkg || !target) throw notFound('package-version', version, `${name.full}@${version} not found.`);
    if (!LISTED.has(target.status))
      throw new CatalogError(
        'Conflict',
        `${name.full}@${version} is ${target.status}: only a Published version can be tagged.`,
      );
    await tx.setDistTag(pkg.id, tag, version);
  });
}

export async function deleteDistTag(
  { store }: NpmContext,
  repo: RegistryRepository,
  name: NpmName,
  tag: string,
): Promise<void> {
  checkTagName(tag);
  if (tag === 'latest') throw invalid('The latest tag cannot be removed.');
  await store.write(async (tx) => {
    const pkg = await tx.getPackage(coordinatesOf(repo, name));
    if (!pkg || !(await tx.deleteDistTag(pkg.id, tag)))
      throw notFound('package', name.full, `${name.full} has no tag ${tag}.`);
  });
}
