// UpdatePackageGroupOriginConfiguration: the checks made before any read (no INHERIT on the root, complete
// entries), then, inside the write, the new modes and the allowed-repository lists of each restriction type.
import type { OriginRestrictionMode, OriginRestrictionType, Scope } from '../../../store/records.js';
import { ORIGIN_RESTRICTION_TYPES } from '../../../store/records.js';
import type { CatalogTx } from '../../../store/store.js';
import { invalid, notFound } from '../../shared/errors.js';
import { ROOT_PATTERN } from './pattern.js';
import type { AllowedRepository } from './views.js';

/** A repository may appear in at most this many lists of one restriction (AWS's quota is not published). */
const MAX_ALLOWED_PER_RESTRICTION = 1000;

export interface OriginChange {
  restrictions?: Partial<Record<OriginRestrictionType, OriginRestrictionMode>>;
  add: AllowedRepository[];
  remove: AllowedRepository[];
}

export type AllowedUpdates = Partial<Record<OriginRestrictionType, { ADDED?: string[]; REMOVED?: string[] }>>;

/** 400 for a change that could never apply, before the transaction. */
export function checkOriginChange(pattern: string, change: OriginChange): void {
  if (pattern === ROOT_PATTERN)
    for (const [type, mode] of Object.entries(change.restrictions ?? {}))
      if (mode === 'INHERIT')
        throw invalid(`restrictions.${type}: the root package group ${ROOT_PATTERN} has no parent to INHERIT from.`);
  for (const [i, entry] of [...change.add, ...change.remove].entries()) {
    const field = i < change.add.length ? 'addAllowedRepositories' : 'removeAllowedRepositories';
    if (!entry.repositoryName || !entry.originRestrictionType)
      throw invalid(`${field}: each entry needs repositoryName and originRestrictionType.`);
  }
}

/** Adds and removes the allowed repositories of each type; what changed, as AWS reports it. */
export async function updateAllowedRepositories(
  tx: CatalogTx,
  scope: Scope,
  domain: string,
  pattern: string,
  change: OriginChange,
): Promise<AllowedUpdates> {
  const updates: AllowedUpdates = {};
  for (const type of ORIGIN_RESTRICTION_TYPES) {
    const adding = change.add.filter((e) => e.originRestrictionType === type).map((e) => e.repositoryName);
    const removing = change.remove.filter((e) => e.originRestrictionType === type).map((e) => e.repositoryName);
    for (const name of adding)
      if (!(await tx.getRepository(scope, domain, name)))
        throw notFound(
          'repository',
          name,
          `addAllowedRepositories: repository ${name} not found in domain ${domain} (owner ${scope.accountId}).`,
        );
    const added = await tx.addAllowedRepositories(scope, domain, pattern, type, adding);
    const removed = await tx.removeAllowedRepositories(scope, domain, pattern, type, removing);
    const count = (await tx.countAllowedRepositories(scope, domain, pattern))[type] ?? 0;
    if (count > MAX_ALLOWED_PER_RESTRICTION)
      throw invalid(
        `addAllowedRepositories: the ${type} list of ${pattern} would hold ${count} repositories; at most ${MAX_ALLOWED_PER_RESTRICTION}.`,
      );
    if (added.length > 0 || removed.length > 0)
      updates[type] = {
        ...(added.length > 0 ? { ADDED: added } : {}),
        ...(removed.length > 0 ? { REMOVED: removed } : {}),
      };
  }
  return updates;
}
