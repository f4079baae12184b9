// CodeArtifact repositories and their upstreams. Upstreams must be repositories of the same domain, at
// most 10, never the repository itself, and never form a cycle (a cycle would make the depth-first
// upstream search of the registries loop). A repository that is another's upstream cannot be deleted.
import type { RepositoryCursor, RepositoryFilter, RepositoryRecord, Scope, TagRecord } from '../../store/records.js';
import type {
  AccessTx,
  BlobTx,
  CatalogAssetsTx,
  CatalogRepositoriesTx,
  PackageGroupTx,
  Store,
  TagTx,
} from '../../store/store.js';
import type { Caller } from '../shared/caller.js';
import { ownedScope } from '../shared/caller.js';
import { conflict, invalid, notFound, quotaExceeded } from '../shared/errors.js';
import { repositoryArn } from './arns.js';
import type { BlobLifecycle } from './blob-lifecycle.js';
import { domainNotFound } from './domains.js';
import { EXTERNAL_CONNECTIONS } from './formats/index.js';
import { checkTagLimit } from './tags.js';

/** Repositories, their tags, and the assets and blob rows a deleted repository releases. */
type RepositoriesTx = CatalogRepositoriesTx & CatalogAssetsTx & BlobTx & TagTx & AccessTx & PackageGroupTx;

export const MAX_DIRECT_UPSTREAMS = 10;

export interface RepositoryView extends RepositoryRecord {
  arn: string;
}

export const repositoryNotFound = (scope: Scope, domain: string, name: string) =>
  notFound(
    'repository',
    name,
    `Repository not found. Repository: ${name}, Domain: ${domain}, DomainOwner: ${scope.accountId}`,
  );

const view = (record: RepositoryRecord): RepositoryView => ({
  ...record,
  arn: repositoryArn(record, record.domainName, record.name),
});

export class Repositories {
  constructor(
    private readonly store: Store<RepositoriesTx>,
    private readonly blobs: BlobLifecycle,
  ) {}

  scopeFor(caller: Caller, owner: string | undefined, action: string, domain: string, repository: string): Scope {
    return ownedScope(
      caller,
      owner,
      `codeartifact:${action}`,
      repositoryArn({ accountId: owner ?? caller.accountId, region: caller.region }, domain, repository),
    );
  }

  /** The repository, or ResourceNotFound naming the domain when that is what is missing. */
  private async require(tx: RepositoriesTx, scope: Scope, domain: string, name: string): Promise<RepositoryRecord> {
    const record = await tx.getRepository(scope, domain, name);
    if (record) return record;
    if (!(await tx.getDomain(scope, domain))) throw domainNotFound(scope, domain);
    throw repositoryNotFound(scope, domain, name);
  }

  private async checkUpstreams(
    tx: RepositoriesTx,
    scope: Scope,
    domain: string,
    name: string,
    upstreams: string[],
  ): Promise<void> {
    if (upstreams.length > MAX_DIRECT_UPSTREAMS) {
      throw quotaExceeded(
        'repository',
        name,
        `A repository can have at most ${MAX_DIRECT_UPSTREAMS} upstream repositories; ${upstreams.length} were given.`,
      );
    }
    const seen = new Set<string>();
    for (const upstream of upstreams) {
      if (upstream === name) throw invalid(`Repository ${name} cannot be an upstream of itself.`);
      if (seen.has(upstream)) throw invalid(`Upstream repository ${upstream} is listed more than once.`);
      seen.add(upstream);
      if (!(await tx.getRepository(scope, domain, upstream))) throw repositoryNotFound(scope, domain, upstream);
    }
    // Would `name` become reachable from its own upstreams?
    const stack = [...upstreams];
    const visited = new Set<string>();
    while (stack.length > 0) {
      const current = stack.pop()!;
      if (current === name)
        throw invalid(`Upstreams of ${name} would form a cycle: ${name} is reachable from its own upstreams.`);
      if (visited.has(current)) continue;
      visited.add(current);
      const record = await tx.getRepository(scope, domain, current);
      if (record) stack.push(...record.upstreams);
    }
  }

  async create(
    caller: Caller,
    owner: string | undefined,
    domain: string,
    name: string,
    fields: { description?: string; upstreams: string[]; tags: TagRecord[] },
    now: number,
  ): Promise<RepositoryView> {
    const scope = this.scopeFor(caller, owner, 'CreateRepository', domain, name);
    checkTagLimit(fields.tags, [], repositoryArn(scope, domain, name));
    return this.store.write(async (tx) => {
      if (!(await tx.getDomain(scope, domain))) throw domainNotFound(scope, domain);
      await this.checkUpstreams(tx, scope, domain, name, fields.upstreams);
      const record: RepositoryRecord = {
        ...scope,
        domainName: domain,
        name,
        description: fields.description,
        administratorAccount: caller.accountId,
        createdAt: now,
        upstreams: fields.upstreams,
      };
      if (!(await tx.insertRepository(record))) {
        throw conflict(
          'repository',
          name,
          `Repository already exists. Repository: ${name}, Domain: ${domain}, DomainOwner: ${scope.accountId}`,
        );
      }
      if (fields.tags.length > 0) await tx.putTags(repositoryArn(scope, domain, name), fields.tags);
      return view(record);
    });
  }

  async describe(caller: Caller, owner: string | undefined, domain: string, name: string): Promise<RepositoryView> {
    const scope = this.scopeFor(caller, owner, 'DescribeRepository', domain, name);
    return this.store.read(async (tx) => {
      return view(await this.require(tx, scope, domain, name));
    });
  }

  async update(
    caller: Caller,
    owner: string | undefined,
    domain: string,
    name: string,
    changes: { description?: string; upstreams?: string[] },
  ): Promise<RepositoryView> {
    const scope = this.scopeFor(caller, owner, 'UpdateRepository', domain, name);
    return this.store.write(async (tx) => {
      const record = await this.require(tx, scope, domain, name);
      if (changes.upstreams !== undefined) await this.checkUpstreams(tx, scope, domain, name, changes.upstreams);
      const updated: RepositoryRecord = {
        ...record,
        description: changes.description ?? record.description,
        upstreams: changes.upstreams ?? record.upstreams,
      };
      await tx.updateRepository(updated);
      return view(updated);
    });
  }

  /**
   * AssociateExternalConnection. Quiver proxies the connections of its formats (`public:npmjs` to
   * QUIVER_NPMJS_URL, `public:pypi` to QUIVER_PYPI_URL); a repository has at most one, as in AWS.
   */
  async associateExternalConnection(
    caller: Caller,
    owner: string | undefined,
    domain: string,
    name: string,
    connection: string,
  ): Promise<RepositoryView> {
    if (!EXTERNAL_CONNECTIONS.has(connection)) {
      throw invalid(
        `External connection ${connection} is not available in Quiver: it proxies ${[...EXTERNAL_CONNECTIONS.keys()].join(', ')}.`,
      );
    }
    const scope = this.scopeFor(caller, owner, 'AssociateExternalConnection', domain, name);
    return this.store.write(async (tx) => {
      const record = await this.require(tx, scope, domain, name);
      // Associating the same connection again is a no-op; a second one exceeds AWS's quota of one per repository.
      if (record.externalConnection === connection) return view(record);
      if (record.externalConnection)
        throw quotaExceeded(
          'repository',
          name,
          `Repository ${name} already has the external connection ${record.externalConnection}; a repository has at most one.`,
        );
      const updated = { ...record, externalConnection: connection };
      await tx.updateRepository(updated);
      return view(updated);
    });
  }

  async disassociateExternalConnection(
    caller: Caller,
    owner: string | undefined,
    domain: string,
    name: string,
    connection: string,
  ): Promise<RepositoryView> {
    const scope = this.scopeFor(caller, owner, 'DisassociateExternalConnection', domain, name);
    return this.store.write(async (tx) => {
      const record = await tx.getRepository(scope, domain, name);
      if (!record) throw repositoryNotFound(scope, domain, name);
      if (record.externalConnection !== connection) {
        throw notFound('repository', name, `Repository ${name} has no external connection ${connection}.`);
      }
      const updated = { ...record, externalConnection: undefined };
      await tx.updateRepository(updated);
      return view(updated);
    });
  }

  async list(filter: RepositoryFilter, after: RepositoryCursor | undefined, limit: number): Promise<RepositoryView[]> {
    return (await this.store.read((tx) => tx.listRepositories(filter, after, limit))).map(view);
  }

  async requireDomain(scope: Scope, domain: string): Promise<void> {
    if (!(await this.store.read((tx) => tx.getDomain(scope, domain)))) throw domainNotFound(scope, domain);
  }

  /** Deletes the repository with its packages; asset bytes nothing else references are deleted too. */
  async delete(caller: Caller, owner: string | undefined, domain: string, name: string): Promise<RepositoryView> {
    const scope = this.scopeFor(caller, owner, 'DeleteRepository', domain, name);
    const { deleted, doomed } = await this.store.write(async (tx) => {
      const record = await this.require(tx, scope, domain, name);
      const downstreams = await tx.listDownstreams(scope, domain, name);
      if (downstreams.length > 0) {
        throw conflict(
          'repository',
          name,
          `Repository ${name} is an upstream of ${downstreams.join(', ')}. Remove it from their upstreams first.`,
        );
      }
      const digests = await tx.assetDigestsOfRepository(scope, domain, name);
      await tx.deleteRepository(scope, domain, name);
      await tx.deleteAllTags(repositoryArn(scope, domain, name));
      await tx.deleteResourcePolicy(repositoryArn(scope, domain, name));
      // Off every package group's allowed lists: a repository made again with this name starts unlisted.
      await tx.forgetAllowedRepository(scope, domain, name);
      return { deleted: view(record), doomed: await this.blobs.markUnreferenced(tx, digests) };
    });
    await this.blobs.deleteDoomed(doomed);
    return deleted;
  }
}
