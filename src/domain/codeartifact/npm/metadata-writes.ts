// A PUT of the whole packument without attachments: `npm deprecate` (changed `deprecated` fields) and, on the
// `-rev/<rev>` path, `npm unpublish <pkg>@<version>` (listed versions left out are deleted, as
// DeletePackageVersions would). Only the versions the document names are touched. The `_rev` the client read is
// compared with the package's current one inside the write transaction (QA H3): a document read before another
// write (a publish in between) is a 409, and npm re-reads and retries — nothing it did not see is lost.
import { conflict, invalid, notFound } from '../../shared/errors.js';
import { publishContention } from '../packages.js';
import { revisionOf } from '../publishing.js';
import type { RegistryRepository } from '../upstreams.js';
import { allVersions, coordinatesOf, LISTED, type NpmContext, requireRepository } from './context.js';
import { type NpmMetadataEdit, npmRevision } from './documents.js';
import type { NpmName } from './names.js';

export async function updateMetadata(
  { store, blobs }: NpmContext,
  repo: RegistryRepository,
  name: NpmName,
  edit: NpmMetadataEdit & { unpublish: boolean },
  now: number,
): Promise<void> {
  if (edit.unpublish && edit.rev === undefined)
    throw invalid('An unpublish names the revision it read: PUT or DELETE <package>/-rev/<_rev>.');
  const doomed = await store.write(
    async (tx) => {
      await requireRepository(tx, repo);
      const pkg = await tx.getPackage(coordinatesOf(repo, name));
      if (!pkg) throw notFound('package', name.full, `Package ${name.full} not found.`);
      const current = npmRevision(pkg);
      if (edit.rev !== undefined && edit.rev !== current)
        throw conflict(
          'package',
          name.full,
          `Document update conflict: ${name.full} has changed since revision ${edit.rev} was read (it is now ${current}); read it again and retry.`,
        );
      const digests: string[] = [];
      for (const record of await allVersions(tx, pkg.id)) {
        const sent = edit.versions[record.version];
        if (!sent) {
          // Only versions npm could see can be unpublished this way; the others are not in the packument it sent.
          if (edit.unpublish && LISTED.has(record.status)) {
            digests.push(...(await tx.deleteAssets(record.id)));
            await tx.deleteVersion(record.id);
          }
          continue;
        }
        const manifest = { ...(record.details.manifest ?? {}) };
        const deprecated = sent.deprecated !== '' ? sent.deprecated : undefined;
        if (manifest.deprecated === deprecated) continue;
        if (deprecated === undefined) delete manifest.deprecated;
        else manifest.deprecated = deprecated;
        const details = { ...record.details, manifest };
        const assets = await tx.listAssets(record.id, undefined, 100);
        await tx.updateVersion({
          ...record,
          details,
          revision: revisionOf(record.version, assets, details),
          updatedAt: now,
        });
      }
      return blobs.markUnreferenced(tx, digests);
    },
    publishContention(coordinatesOf(repo, name)),
  );
  await blobs.deleteDoomed(doomed);
}
