import { ownedScope } from '../shared/caller.js';
import { conflict, invalid, notFound, quotaExceeded } from '../shared/errors.js';
import { repositoryArn } from './arns.js';
import { domainNotFound } from './domains.js';
import { checkTagLimit } from './tags.js';
export const MAX_DIRECT_UPSTREAMS = 10;
export const SUPPORTED_CONNECTIONS = new Set(['public:npmjs']);
export const repositoryNotFound = (scope, domain, name) => notFound('repository', name, `Repository not found. Repository: ${name}, Domain: ${domain}, DomainOwner: ${scope.accountId}`);
const view = (record) => ({
    ...record,
    arn: repositoryArn(record, record.domainName, record.name),
});
export class Repositories {
    store;
    blobs;
    constructor(store, blobs) {
        this.store = store;
        this.blobs = blobs;
    }
    scopeFor(caller, owner, action, domain, repository) {
        return ownedScope(caller, owner, `codeartifact:${action}`, repositoryArn({ accountId: owner ?? caller.accountId, region: caller.region }, domain, repository));
    }
    /** The repository, or ResourceNotFound naming the domain when that is what is missing. */
    async require(tx, scope, domain, name) {
        const record = await tx.getRepository(scope, domain, name);
        if (record)
            return record;
        if (!(await tx.getDomain(scope, domain)))
            throw domainNotFound(scope, domain);
        throw repositoryNotFound(scope, domain, name);
    }
    async checkUpstreams(tx, scope, domain, name, upstreams) {
        if (upstreams.length > MAX_DIRECT_UPSTREAMS) {
            throw quotaExceeded('repository', name, `A repository can have at most ${MAX_DIRECT_UPSTREAMS} upstream repositories; ${upstreams.length} were given.`);
        }
        const seen = new Set();
        for (const upstream of upstreams) {
            if (upstream === name)
                throw invalid(`Repository ${name} cannot be an upstream of itself.`);
            if (seen.has(upstream))
                throw invalid(`Upstream repository ${upstream} is listed more than once.`);
            seen.add(upstream);
            if (!(await tx.getRepository(scope, domain, upstream)))
                throw repositoryNotFound(scope, domain, upstream);
        }
        // Would `name` become reachable from its own upstreams?
        const stack = [...upstreams];
        const visited = new Set();
        while (stack.length > 0) {
            const current = stack.pop();
            if (current === name)
                throw invalid(`Upstreams of ${name} would form a cycle: ${name} is reachable from its own upstreams.`);
            if (visited.has(current))
                continue;
            visited.add(current);
            const record = await tx.getRepository(scope, domain, current);
            if (record)
                stack.push(...record.upstreams);
        }
    }
    async create(caller, owner, domain, name, fields, now) {
        const scope = this.scopeFor(caller, owner, 'CreateRepository', domain, name);
        checkTagLimit(fields.tags, [], repositoryArn(scope, domain, name));
        return this.store.write(async (tx) => {
            if (!(await tx.getDomain(scope, domain)))
                throw domainNotFound(scope, domain);
            await this.checkUpstreams(tx, scope, domain, name, fields.upstreams);
            const record = {
                ...scope,
                domainName: domain,
                name,
                description: fields.description,
                administratorAccount: caller.accountId,
                createdAt: now,
                upstreams: fields.upstreams,
            };
            if (!(await tx.insertRepository(record))) {
                throw conflict('repository', name, `Repository already exists. Repository: ${name}, Domain: ${domain}, DomainOwner: ${scope.accountId}`);
            }
            if (fields.tags.length > 0)
                await tx.putTags(repositoryArn(scope, domain, name), fields.tags);
            return view(record);
        });
    }
    async describe(caller, owner, domain, name) {
        const scope = this.scopeFor(caller, owner, 'DescribeRepository', domain, name);
        return this.store.read(async (tx) => {
            return view(await this.require(tx, scope, domain, name));
        });
    }
    async update(caller, owner, domain, name, changes) {
        const scope = this.scopeFor(caller, owner, 'UpdateRepository', domain, name);
        return this.store.write(async (tx) => {
            const record = await this.require(tx, scope, domain, name);
            if (changes.upstreams !== undefined)
                await this.checkUpstreams(tx, scope, domain, name, changes.upstreams);
            const updated = {
                ...record,
                description: changes.description ?? record.description,
                upstreams: changes.upstreams ?? record.upstreams,
            };
            await tx.updateRepository(updated);
            return view(updated);
        });
    }
    /**
     * AssociateExternalConnection. Quiver proxies `public:npmjs` (to QUIVER_NPMJS_URL); a repository has at most
     * one external connection.
     */
    async associateExternalConnection(caller, owner, domain, name, connection) {
        if (!SUPPORTED_CONNECTIONS.has(connection)) {
            throw invalid(`External connection ${connection} is not available in Quiver: it proxies ${[...SUPPORTED_CONNECTIONS].join(', ')}.`);
        }
        const scope = this.scopeFor(caller, owner, 'AssociateExternalConnection', domain, name);
        return this.store.write(async (tx) => {
            const record = await this.require(tx, scope, domain, name);
            // One connection per repository holds by construction while public:npmjs is the only one Quiver proxies:
            // associating it again is a no-op. A second supported name will need the ServiceQuotaExceeded check here.
            if (record.externalConnection === connection)
                return view(record);
            const updated = { ...record, externalConnection: connection };
            await tx.updateRepository(updated);
            return view(updated);
        });
    }
    async disassociateExternalConnection(caller, owner, domain, name, connection) {
        const scope = this.scopeFor(caller, owner, 'DisassociateExternalConnection', domain, name);
        return this.store.write(async (tx) => {
            const record = await tx.getRepository(scope, domain, name);
            if (!record)
                throw repositoryNotFound(scope, domain, name);
            if (record.externalConnection !== connection) {
                throw notFound('repository', name, `Repository ${name} has no external connection ${connection}.`);
            }
            const updated = { ...record, externalConnection: undefined };
            await tx.updateRepository(updated);
            return view(updated);
        });
    }
    async list(filter, after, limit) {
        return (await this.store.read((tx) => tx.listRepositories(filter, after, limit))).map(view);
    }
    async requireDomain(scope, domain) {
        if (!(await this.store.read((tx) => tx.getDomain(scope, domain))))
            throw domainNotFound(scope, domain);
    }
    /** Deletes the repository with its packages; asset bytes nothing else references are deleted too. */
    async delete(caller, owner, domain, name) {
        const scope = this.scopeFor(caller, owner, 'DeleteRepository', domain, name);
        const { deleted, doomed } = await this.store.write(async (tx) => {
            const record = await this.require(tx, scope, domain, name);
            const downstreams = await tx.listDownstreams(scope, domain, name);
            if (downstreams.length > 0) {
                throw conflict('repository', name, `Repository ${name} is an upstream of ${downstreams.join(', ')}. Remove it from their upstreams first.`);
            }
            const digests = await tx.assetDigestsOfRepository(scope, domain, name);
            await tx.deleteRepository(scope, domain, name);
            await tx.deleteAllTags(repositoryArn(scope, domain, name));
            return { deleted: view(record), doomed: await this.blobs.markUnreferenced(tx, digests) };
        });
        await this.blobs.deleteDoomed(doomed);
        return deleted;
    }
}
//# sourceMappingURL=repositories.js.map