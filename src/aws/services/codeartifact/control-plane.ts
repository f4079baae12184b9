// CodeArtifact control-plane handlers: domains, repositories, endpoints, tokens, tags.
// Each handler only translates: model input → domain call → model output. Validation of every field
// the model constrains has already happened in the engine.
import type { OperationHandlers } from '../../service.js';
import type {
  Operations as CodeArtifactOperations,
  DomainDescription,
  DomainSummary,
  RepositoryDescription,
  RepositorySummary,
  AssociateExternalConnectionResult,
  CreateDomainResult,
  CreateRepositoryResult,
  DeleteDomainResult,
  DeleteRepositoryResult,
  DescribeDomainResult,
  DescribeRepositoryResult,
  DisassociateExternalConnectionResult,
  GetAuthorizationTokenResult,
  GetRepositoryEndpointResult,
  PackageFormat,
  ListDomainsResult,
  ListRepositoriesInDomainResult,
  ListRepositoriesResult,
  ListTagsForResourceResult,
  TagResourceResult,
  UntagResourceResult,
  UpdateRepositoryResult,
} from '../../models/codeartifact/types.js';
import type { Domains, DomainView } from '../../../domain/codeartifact/domains.js';
import type { Repositories, RepositoryView } from '../../../domain/codeartifact/repositories.js';
import { EXTERNAL_CONNECTIONS } from '../../../domain/codeartifact/formats/index.js';
import type { ResourceTags } from '../../../domain/codeartifact/tags.js';
import type { AuthorizationTokens } from '../../../domain/codeartifact/tokens.js';
import type { RepositoryCursor } from '../../../store/records.js';
import { repositoryEndpoint } from '../../../registries/common/endpoint.js';
import { callerOf } from '../caller.js';
import { keysetPage } from '../paging.js';

export const DEFAULT_PAGE_SIZE = 50;

export interface CodeArtifactDomains {
  domains: Domains;
  repositories: Repositories;
  tags: ResourceTags;
  tokens: AuthorizationTokens;
}

const domainDescription = (domain: DomainView): DomainDescription => ({
  name: domain.name,
  owner: domain.accountId,
  arn: domain.arn,
  status: domain.status,
  createdTime: new Date(domain.createdAt),
  encryptionKey: domain.encryptionKey,
  repositoryCount: domain.repositoryCount,
  assetSizeBytes: domain.assetSizeBytes,
});

const domainSummary = (
  domain: Pick<DomainView, 'name' | 'accountId' | 'arn' | 'status' | 'createdAt' | 'encryptionKey'>,
): DomainSummary => ({
  name: domain.name,
  owner: domain.accountId,
  arn: domain.arn,
  status: domain.status,
  createdTime: new Date(domain.createdAt),
  encryptionKey: domain.encryptionKey,
});

const repositoryDescription = (repository: RepositoryView): RepositoryDescription => ({
  name: repository.name,
  administratorAccount: repository.administratorAccount,
  domainName: repository.domainName,
  domainOwner: repository.accountId,
  arn: repository.arn,
  description: repository.description,
  upstreams: repository.upstreams.map((repositoryName) => ({ repositoryName })),
  externalConnections: repository.externalConnection
    ? [
        {
          externalConnectionName: repository.externalConnection,
          packageFormat: EXTERNAL_CONNECTIONS.get(repository.externalConnection) as PackageFormat | undefined,
          status: 'Available',
        },
      ]
    : [],
  createdTime: new Date(repository.createdAt),
});

const repositorySummary = (repository: RepositoryView): RepositorySummary => ({
  name: repository.name,
  administratorAccount: repository.administratorAccount,
  domainName: repository.domainName,
  domainOwner: repository.accountId,
  arn: repository.arn,
  description: repository.description,
  createdTime: new Date(repository.createdAt),
});

const upstreamNames = (upstreams: { repositoryName: string }[] | undefined) => upstreams?.map((u) => u.repositoryName);

export function controlPlaneHandlers(ca: CodeArtifactDomains): OperationHandlers<CodeArtifactOperations> {
  return {
    async CreateDomain(input, context): Promise<CreateDomainResult> {
      const domain = await ca.domains.create(
        callerOf(context),
        input.domain,
        input.encryptionKey,
        input.tags ?? [],
        context.now.getTime(),
      );
      return { domain: domainDescription(domain) };
    },

    async DescribeDomain(input, context): Promise<DescribeDomainResult> {
      return {
        domain: domainDescription(await ca.domains.describe(callerOf(context), input.domainOwner, input.domain)),
      };
    },

    async ListDomains(input, context): Promise<ListDomainsResult> {
      const page = await keysetPage<Awaited<ReturnType<Domains['list']>>[number], string>(
        context,
        { ...input, binding: {}, defaultSize: DEFAULT_PAGE_SIZE },
        (after, limit) => ca.domains.list(callerOf(context), after, limit),
        (domain) => domain.name,
      );
      return { domains: page.items.map(domainSummary), nextToken: page.nextToken };
    },

    async DeleteDomain(input, context): Promise<DeleteDomainResult> {
      return { domain: domainDescription(await ca.domains.delete(callerOf(context), input.domainOwner, input.domain)) };
    },

    async CreateRepository(input, context): Promise<CreateRepositoryResult> {
      const repository = await ca.repositories.create(
        callerOf(context),
        input.domainOwner,
        input.domain,
        input.repository,
        {
          description: input.description,
          upstreams: upstreamNames(input.upstreams) ?? [],
          tags: input.tags ?? [],
        },
        context.now.getTime(),
      );
      return { repository: repositoryDescription(repository) };
    },

    async DescribeRepository(input, context): Promise<DescribeRepositoryResult> {
      return {
        repository: repositoryDescription(
          await ca.repositories.describe(callerOf(context), input.domainOwner, input.domain, input.repository),
        ),
      };
    },

    async UpdateRepository(input, context): Promise<UpdateRepositoryResult> {
      const repository = await ca.repositories.update(
        callerOf(context),
        input.domainOwner,
        input.domain,
        input.repository,
        {
          description: input.description,
          upstreams: upstreamNames(input.upstreams),
        },
      );
      return { repository: repositoryDescription(repository) };
    },

    async ListRepositories(input, context): Promise<ListRepositoriesResult> {
      const filter = { accountId: context.accountId, region: context.region, namePrefix: input.repositoryPrefix };
      const page = await keysetPage<RepositoryView, RepositoryCursor>(
        context,
        { ...input, binding: { repositoryPrefix: input.repositoryPrefix }, defaultSize: DEFAULT_PAGE_SIZE },
        (after, limit) => ca.repositories.list(filter, after, limit),
        (repository) => ({ domainName: repository.domainName, name: repository.name }),
      );
      return { repositories: page.items.map(repositorySummary), nextToken: page.nextToken };
    },

    async ListRepositoriesInDomain(input, context): Promise<ListRepositoriesInDomainResult> {
      const scope = ca.domains.scopeFor(callerOf(context), input.domainOwner, 'ListRepositoriesInDomain', input.domain);
      await ca.repositories.requireDomain(scope, input.domain);
      const filter = {
        ...scope,
        domainName: input.domain,
        administratorAccount: input.administratorAccount,
        namePrefix: input.repositoryPrefix,
      };
      const page = await keysetPage<RepositoryView, RepositoryCursor>(
        context,
        {
          ...input,
          binding: {
            domain: input.domain,
            owner: scope.accountId,
            admin: input.administratorAccount,
            prefix: input.repositoryPrefix,
          },
          defaultSize: DEFAULT_PAGE_SIZE,
        },
        (after, limit) => ca.repositories.list(filter, after, limit),
        (repository) => ({ domainName: repository.domainName, name: repository.name }),
      );
      return { repositories: page.items.map(repositorySummary), nextToken: page.nextToken };
    },

    async DeleteRepository(input, context): Promise<DeleteRepositoryResult> {
      return {
        repository: repositoryDescription(
          await ca.repositories.delete(callerOf(context), input.domainOwner, input.domain, input.repository),
        ),
      };
    },

    async AssociateExternalConnection(input, context): Promise<AssociateExternalConnectionResult> {
      return {
        repository: repositoryDescription(
          await ca.repositories.associateExternalConnection(
            callerOf(context),
            input.domainOwner,
            input.domain,
            input.repository,
            input.externalConnection,
          ),
        ),
      };
    },

    async DisassociateExternalConnection(input, context): Promise<DisassociateExternalConnectionResult> {
      return {
        repository: repositoryDescription(
          await ca.repositories.disassociateExternalConnection(
            callerOf(context),
            input.domainOwner,
            input.domain,
            input.repository,
            input.externalConnection,
          ),
        ),
      };
    },

    async GetAuthorizationToken(input, context): Promise<GetAuthorizationTokenResult> {
      const issued = await ca.tokens.issue(
        callerOf(context),
        input.domainOwner,
        input.domain,
        input.durationSeconds,
        context.now.getTime(),
      );
      return { authorizationToken: issued.token, expiration: new Date(issued.expiresAt) };
    },

    async GetRepositoryEndpoint(input, context): Promise<GetRepositoryEndpointResult> {
      const repository = await ca.repositories.describe(
        callerOf(context),
        input.domainOwner,
        input.domain,
        input.repository,
      );
      return {
        repositoryEndpoint: repositoryEndpoint(
          context.baseUrl,
          repository.domainName,
          repository.accountId,
          input.format,
          repository.name,
        ),
      };
    },

    async TagResource(input, context): Promise<TagResourceResult> {
      await ca.tags.tag(callerOf(context), input.resourceArn, input.tags);
      return {};
    },

    async UntagResource(input, context): Promise<UntagResourceResult> {
      await ca.tags.untag(callerOf(context), input.resourceArn, input.tagKeys);
      return {};
    },

    async ListTagsForResource(input, context): Promise<ListTagsForResourceResult> {
      return { tags: await ca.tags.list(callerOf(context), input.resourceArn) };
    },
  };
}
