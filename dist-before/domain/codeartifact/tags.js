import { ownedScope } from '../shared/caller.js';
import { invalid, notFound, quotaExceeded } from '../shared/errors.js';
import { parseResourceArn } from './arns.js';
export const MAX_TAGS_PER_RESOURCE = 50;
export function checkTagLimit(adding, existing, arn) {
    const keys = new Set(existing.map((tag) => tag.key));
    for (const tag of adding)
        keys.add(tag.key);
    if (keys.size > MAX_TAGS_PER_RESOURCE) {
        throw quotaExceeded('resource', arn, `A resource can have at most ${MAX_TAGS_PER_RESOURCE} tags; ${arn} would have ${keys.size}.`);
    }
}
export class ResourceTags {
    store;
    constructor(store) {
        this.store = store;
    }
    async requireResource(tx, caller, arn, action) {
        const resource = parseResourceArn(arn);
        if (!resource)
            throw invalid(`Invalid ARN '${arn}': expected a CodeArtifact domain or repository ARN.`);
        const scope = ownedScope(caller, resource.scope.accountId, `codeartifact:${action}`, arn);
        if (resource.scope.region !== scope.region)
            throw notFound('resource', arn, `Resource not found: ${arn} (it is not in ${scope.region}).`);
        const exists = resource.kind === 'domain'
            ? await tx.getDomain(scope, resource.domain)
            : await tx.getRepository(scope, resource.domain, resource.repository);
        if (!exists)
            throw notFound(resource.kind, arn, `Resource not found: ${arn}`);
    }
    async tag(caller, arn, tags) {
        await this.store.write(async (tx) => {
            await this.requireResource(tx, caller, arn, 'TagResource');
            checkTagLimit(tags, await tx.getTags(arn), arn);
            await tx.putTags(arn, tags);
        });
    }
    async untag(caller, arn, keys) {
        await this.store.write(async (tx) => {
            await this.requireResource(tx, caller, arn, 'UntagResource');
            await tx.removeTags(arn, keys);
        });
    }
    async list(caller, arn) {
        return this.store.read(async (tx) => {
            await this.requireResource(tx, caller, arn, 'ListTagsForResource');
            return tx.getTags(arn);
        });
    }
}
//# sourceMappingURL=tags.js.map