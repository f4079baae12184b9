import { ownedScope } from '../shared/caller.js';
import { conflict, notFound } from '../shared/errors.js';
import { defaultEncryptionKey, domainArn } from './arns.js';
import { checkTagLimit } from './tags.js';
export const domainNotFound = (scope, domain) => notFound('domain', domain, `Domain not found. Domain: ${domain}, DomainOwner: ${scope.accountId}`);
export class Domains {
    store;
    constructor(store) {
        this.store = store;
    }
    scopeFor(caller, owner, action, domain) {
        return ownedScope(caller, owner, `codeartifact:${action}`, domainArn({ accountId: owner ?? caller.accountId, region: caller.region }, domain));
    }
    async view(scope, record) {
        const repositoryCount = await this.store.read((tx) => tx.countRepositories(scope, record.name));
        return { ...record, arn: domainArn(scope, record.name), status: 'Active', repositoryCount, assetSizeBytes: 0 };
    }
    async create(caller, name, encryptionKey, tags, now) {
        const scope = this.scopeFor(caller, undefined, 'CreateDomain', name);
        checkTagLimit(tags, [], domainArn(scope, name));
        const record = {
            ...scope,
            name,
            encryptionKey: encryptionKey ?? defaultEncryptionKey(scope),
            createdAt: now,
        };
        return this.store.write(async (tx) => {
            if (!(await tx.insertDomain(record))) {
                throw conflict('domain', name, `Domain already exists. Domain: ${name}, DomainOwner: ${scope.accountId}`);
            }
            if (tags.length > 0)
                await tx.putTags(domainArn(scope, name), tags);
            return this.view(scope, record);
        });
    }
    async describe(caller, owner, name) {
        const scope = this.scopeFor(caller, owner, 'DescribeDomain', name);
        const record = await this.store.read((tx) => tx.getDomain(scope, name));
        if (!record)
            throw domainNotFound(scope, name);
        return this.view(scope, record);
    }
    /** A page of domains as ListDomains shows them: its summaries carry no repository count, so none is counted. */
    async list(caller, afterName, limit) {
        const scope = { accountId: caller.accountId, region: caller.region };
        const records = await this.store.read((tx) => tx.listDomains(scope, afterName, limit));
        return records.map((record) => ({ ...record, arn: domainArn(scope, record.name), status: 'Active' }));
    }
    async delete(caller, owner, name) {
        const scope = this.scopeFor(caller, owner, 'DeleteDomain', name);
        return this.store.write(async (tx) => {
            const record = await tx.getDomain(scope, name);
            if (!record)
                throw domainNotFound(scope, name);
            const view = await this.view(scope, record);
            if (view.repositoryCount > 0) {
                throw conflict('domain', name, `Domain ${name} contains ${view.repositoryCount} repositories. Delete its repositories before the domain.`);
            }
            await tx.deleteDomain(scope, name);
            await tx.deleteAllTags(view.arn);
            return { ...view, status: 'Deleted' };
        });
    }
}
//# sourceMappingURL=domains.js.map