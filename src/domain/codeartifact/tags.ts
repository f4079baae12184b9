// Tags on CodeArtifact domains and repositories (TagResource / UntagResource / ListTagsForResource).
// AWS allows 50 tags per resource; more is ServiceQuotaExceededException.
import type { TagRecord } from '../../store/records.js';
import type { CatalogRepositoriesTx, Store, TagTx } from '../../store/store.js';
import type { Caller } from '../shared/caller.js';
import { ownedScope } from '../shared/caller.js';
import { invalid, notFound, quotaExceeded } from '../shared/errors.js';
import { parseResourceArn } from './arns.js';

/** Tags, and the domains and repositories they are attached to. */
type ResourceTagsTx = CatalogRepositoriesTx & TagTx;

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
    if (!resource) throw invalid(`Invalid ARN '${arn}': expected a CodeArtifact domain or repository ARN.`);
    const scope = ownedScope(caller, resource.scope.accountId, `codeartifact:${action}`, arn);
    if (resource.scope.region !== scope.region)
      throw notFound('resource', arn, `Resource not found: ${arn} (it is not in ${scope.region}).`);
    const exists =
      resource.kind === 'domain'
        ? await tx.getDomain(scope, resource.domain)
        : await tx.getRepository(scope, resource.domain, resource.repository);
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
