import { callerOf } from '../caller.js';
import { keysetPage } from '../paging.js';
export const DEFAULT_PAGE_SIZE = 50;
const domainDescription = (domain) => ({
    name: domain.name,
    owner: domain.accountId,
    arn: domain.arn,
    status: domain.status,
    createdTime: new Date(domain.createdAt),
    encryptionKey: domain.encryptionKey,
    repositoryCount: domain.repositoryCount,
    assetSizeBytes: domain.assetSizeBytes,
});
const domainSummary = (domain) => ({
    name: domain.name,
    owner: domain.accountId,
    arn: domain.arn,
    status: domain.status,
    createdTime: new Date(domain.createdAt),
    encryptionKey: domain.encryptionKey,
});
const repositoryDescription = (repository) => ({
    name: repository.name,
    administratorAccount: repository.administratorAccount,
    domainName: repository.domainName,
    domainOwner: repository.accountId,
    arn: repository.arn,
    description: repository.description,
    upstreams: repository.upstreams.map((repositoryName) => ({ repositoryName })),
    externalConnections: repository.externalConnection
        ? [{ externalConnectionName: repository.externalConnection, packageFormat: 'npm', status: 'Available' }]
        : [],
    createdTime: new Date(repository.createdAt),
});
const repositorySummary = (repository) => ({
    name: repository.name,
    administratorAccount: repository.administratorAccount,
    domainName: repository.domainName,
    domainOwner: repository.accountId,
    arn: repository.arn,
    description: repository.description,
    createdTime: new Date(repository.createdAt),
});
const upstreamNames = (upstreams) => upstreams?.map((u) => u.repositoryName);
export function controlPlaneHandlers(ca) {
    return {
        async CreateDomain(input, context) {
            const domain = await ca.domains.create(callerOf(context), input.domain, input.encryptionKey, input.tags ?? [], context.now.getTime());
            return { domain: domainDescription(domain) };
        },
        async DescribeDomain(input, context) {
            return {
                domain: domainDescription(await ca.domains.describe(callerOf(context), input.domainOwner, input.domain)),
            };
        },
        async ListDomains(input, context) {
            const page = await keysetPage(context, { ...input, binding: {}, defaultSize: DEFAULT_PAGE_SIZE }, (after, limit) => ca.domains.list(callerOf(context), after, limit), (domain) => domain.name);
            return { domains: page.items.map(domainSummary), nextToken: page.nextToken };
        },
        async DeleteDomain(input, context) {
            return { domain: domainDescription(await ca.domains.delete(callerOf(context), input.domainOwner, input.domain)) };
        },
        async CreateRepository(input, context) {
            const repository = await ca.repositories.create(callerOf(context), input.domainOwner, input.domain, input.repository, {
                description: input.description,
                upstreams: upstreamNames(input.upstreams) ?? [],
                tags: input.tags ?? [],
            }, context.now.getTime());
            return { repository: repositoryDescription(repository) };
        },
        async DescribeRepository(input, context) {
            return {
                repository: repositoryDescription(await ca.repositories.describe(callerOf(context), input.domainOwner, input.domain, input.repository)),
            };
        },
        async UpdateRepository(input, context) {
            const repository = await ca.repositories.update(callerOf(context), input.domainOwner, input.domain, input.repository, {
                description: input.description,
                upstreams: upstreamNames(input.upstreams),
            });
            return { repository: repositoryDescription(repository) };
        },
        async ListRepositories(input, context) {
            const filter = { accountId: context.accountId, region: context.region, namePrefix: input.repositoryPrefix };
            const page = await keysetPage(context, { ...input, binding: { repositoryPrefix: input.repositoryPrefix }, defaultSize: DEFAULT_PAGE_SIZE }, (after, limit) => ca.repositories.list(filter, after, limit), (repository) => ({ domainName: repository.domainName, name: repository.name }));
            return { repositories: page.items.map(repositorySummary), nextToken: page.nextToken };
        },
        async ListRepositoriesInDomain(input, context) {
            const scope = ca.domains.scopeFor(callerOf(context), input.domainOwner, 'ListRepositoriesInDomain', input.domain);
            await ca.repositories.requireDomain(scope, input.domain);
            const filter = {
                ...scope,
                domainName: input.domain,
                administratorAccount: input.administratorAccount,
                namePrefix: input.repositoryPrefix,
            };
            const page = await keysetPage(context, {
                ...input,
                binding: {
                    domain: input.domain,
                    owner: scope.accountId,
                    admin: input.administratorAccount,
                    prefix: input.repositoryPrefix,
                },
                defaultSize: DEFAULT_PAGE_SIZE,
            }, (after, limit) => ca.repositories.list(filter, after, limit), (repository) => ({ domainName: repository.domainName, name: repository.name }));
            return { repositories: page.items.map(repositorySummary), nextToken: page.nextToken };
        },
        async DeleteRepository(input, context) {
            return {
                repository: repositoryDescription(await ca.repositories.delete(callerOf(context), input.domainOwner, input.domain, input.repository)),
            };
        },
        async AssociateExternalConnection(input, context) {
            return {
                repository: repositoryDescription(await ca.repositories.associateExternalConnection(callerOf(context), input.domainOwner, input.domain, input.repository, input.externalConnection)),
            };
        },
        async DisassociateExternalConnection(input, context) {
            return {
                repository: repositoryDescription(await ca.repositories.disassociateExternalConnection(callerOf(context), input.domainOwner, input.domain, input.repository, input.externalConnection)),
            };
        },
        async GetAuthorizationToken(input, context) {
            const issued = await ca.tokens.issue(callerOf(context), input.domainOwner, input.domain, input.durationSeconds, context.now.getTime());
            return { authorizationToken: issued.token, expiration: new Date(issued.expiresAt) };
        },
        async GetRepositoryEndpoint(input, context) {
            const repository = await ca.repositories.describe(callerOf(context), input.domainOwner, input.domain, input.repository);
            const base = context.baseUrl.replace(/\/+$/, '');
            return {
                repositoryEndpoint: `${base}/${repository.domainName}-${repository.accountId}/${input.format}/${repository.name}/`,
            };
        },
        async TagResource(input, context) {
            await ca.tags.tag(callerOf(context), input.resourceArn, input.tags);
            return {};
        },
        async UntagResource(input, context) {
            await ca.tags.untag(callerOf(context), input.resourceArn, input.tagKeys);
            return {};
        },
        async ListTagsForResource(input, context) {
            return { tags: await ca.tags.list(callerOf(context), input.resourceArn) };
        },
    };
}
//# sourceMappingURL=control-plane.js.map