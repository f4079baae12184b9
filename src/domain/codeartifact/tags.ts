// Tags on CodeArtifact domains, repositories and package groups (TagResource / UntagResource / ListTagsForResource).
// AWS allows 50 tags per resource; more is ServiceQuotaExceededException.
import type { TagRecord } from '../../store/records.js';
import type { CatalogRepositoriesTx, PackageGroupTx, Store, TagTx } from '../../store/store.js';
import type { Caller } from '../shared/caller.js';
import { ownedScope } from '../shared/caller.js';
import { invalid, notFound, quotaExceeded } from '../shared/errors.js';
import { parseResourceArn } from './arns.js';
import { ROOT_PATTERN } from './package-groups/pattern.js';

/** Tags, and the domains and repositories they are attached to. */
type ResourceTagsTx = CatalogRepositoriesTx & PackageGroupTx & TagTx;

export const MAX_TAGS_PER_RESOURCE = 50;

export function checkTagLimit(adding: TagRecord[], existing: TagRecord[], arn: string): void {
  const keys = new Set(existing.map((tag) => tag.key));
  for (const tag of adding) keys.add(tag.key);
  if (keys.size > MAX_TAGS_PER_RESOURCE) {
    throw quotaExceeded(
      'resource',
      arn,
      `A resource can have at most ${MAX_TAGS_PER_RESOURCE} tags; ${arn} would have ${keys.size}.`,
    );
  }
}

export class ResourceTags {
  constructor(private readonly store: Store<ResourceTagsTx>) {}

  private async requireResource(tx: ResourceTagsTx, caller: Caller, arn: string, action: string): Promise<void> {
    const resource = parseResourceArn(arn);
    if (!resource)
      throw invalid(`Invalid ARN '${arn}': expected a CodeArtifact domain, repository or package-group ARN.`);
    const scope = ownedScope(caller, resource.scope.accountId, `codeartifact:${action}`, arn);
    if (resource.scope.region !== scope.region)
      throw notFound('resource', arn, `Resource not found: ${arn} (it is not in ${scope.region}).`);
    const exists =
      resource.kind === 'domain'
        ? await tx.getDomain(scope, resource.domain)
        : resource.kind === 'repository'
          ? await tx.getRepository(scope, resource.domain, resource.repository)
          : // The root group /* exists, implicitly, in every domain.
            resource.pattern === ROOT_PATTERN
            ? await tx.getDomain(scope, resource.domain)
            : await tx.getPackageGroup(scope, resource.domain, resource.pattern);
    if (!exists) throw notFound(resource.kind, arn, `Resource not found: ${arn}`);
  }

  async tag(caller: Caller, arn: string, tags: TagRecord[]): Promise<void> {
    await this.store.write(async (tx) => {
      await this.requireResource(tx, caller, arn, 'TagResource');
      checkTagLimit(tags, await tx.getTags(arn), arn);
      await tx.putTags(arn, tags);
    });
  }

  async untag(caller: Caller, arn: string, keys: string[]): Promise<void> {
    await this.store.write(async (tx) => {
      await this.requireResource(tx, caller, arn, 'UntagResource');
      await tx.removeTags(arn, keys);
    });
  }

  async list(caller: Caller, arn: string): Promise<TagRecord[]> {
    return this.store.read(async (tx) => {
      await this.requireResource(tx, caller, arn, 'ListTagsForResource');
      return tx.getTags(arn);
    });
  }
}
