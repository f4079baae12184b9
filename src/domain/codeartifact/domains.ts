// CodeArtifact domains: create, describe, list, delete. A domain holds repositories and cannot be
// deleted while it does (AWS answers ConflictException then).
import type { DomainRecord, Scope, TagRecord } from '../../store/records.js';
import type { AccessTx, CatalogRepositoriesTx, PackageGroupTx, Store, TagTx } from '../../store/store.js';
import type { Caller } from '../shared/caller.js';
import { ownedScope } from '../shared/caller.js';
import { conflict, notFound } from '../shared/errors.js';
import { defaultEncryptionKey, domainArn, packageGroupArn as packageGroupArnOf } from './arns.js';
import { checkTagLimit } from './tags.js';

export interface DomainView extends DomainRecord {
  arn: string;
  status: 'Active' | 'Deleted';
  repositoryCount: number;
  assetSizeBytes: number;
}

export const domainNotFound = (scope: Scope, domain: string) =>
  notFound('domain', domain, `Domain not found. Domain: ${domain}, DomainOwner: ${scope.accountId}`);

export class Domains {
  constructor(private readonly store: Store<CatalogRepositoriesTx & TagTx & AccessTx & PackageGroupTx>) {}

  scopeFor(caller: Caller, owner: string | undefined, action: string, domain: string): Scope {
    return ownedScope(
      caller,
      owner,
      `codeartifact:${action}`,
      domainArn({ accountId: owner ?? caller.accountId, region: caller.region }, domain),
    );
  }

  private async view(scope: Scope, record: DomainRecord): Promise<DomainView> {
    const repositoryCount = await this.store.read((tx) => tx.countRepositories(scope, record.name));
    return { ...record, arn: domainArn(scope, record.name), status: 'Active', repositoryCount, assetSizeBytes: 0 };
  }

  async create(
    caller: Caller,
    name: string,
    encryptionKey: string | undefined,
    tags: TagRecord[],
    now: number,
  ): Promise<DomainView> {
    const scope = this.scopeFor(caller, undefined, 'CreateDomain', name);
    checkTagLimit(tags, [], domainArn(scope, name));
    const record: DomainRecord = {
      ...scope,
      name,
      encryptionKey: encryptionKey ?? defaultEncryptionKey(scope),
      createdAt: now,
    };
    return this.store.write(async (tx) => {
      if (!(await tx.insertDomain(record))) {
        throw conflict('domain', name, `Domain already exists. Domain: ${name}, DomainOwner: ${scope.accountId}`);
      }
      if (tags.length > 0) await tx.putTags(domainArn(scope, name), tags);
      return this.view(scope, record);
    });
  }

  async describe(caller: Caller, owner: string | undefined, name: string): Promise<DomainView> {
    const scope = this.scopeFor(caller, owner, 'DescribeDomain', name);
    const record = await this.store.read((tx) => tx.getDomain(scope, name));
    if (!record) throw domainNotFound(scope, name);
    return this.view(scope, record);
  }

  /** A page of domains as ListDomains shows them: its summaries carry no repository count, so none is counted. */
  async list(
    caller: Caller,
    afterName: string | undefined,
    limit: number,
  ): Promise<(DomainRecord & { arn: string; status: 'Active' })[]> {
    const scope = { accountId: caller.accountId, region: caller.region };
    const records = await this.store.read((tx) => tx.listDomains(scope, afterName, limit));
    return records.map((record) => ({ ...record, arn: domainArn(scope, record.name), status: 'Active' as const }));
  }

  async delete(caller: Caller, owner: string | undefined, name: string): Promise<DomainView> {
    const scope = this.scopeFor(caller, owner, 'DeleteDomain', name);
    return this.store.write(async (tx) => {
      const record = await tx.getDomain(scope, name);
      if (!record) throw domainNotFound(scope, name);
      const view = await this.view(scope, record);
      if (view.repositoryCount > 0) {
        throw conflict(
          'domain',
          name,
          `Domain ${name} contains ${view.repositoryCount} repositories. Delete its repositories before the domain.`,
        );
      }
      // Its package groups go with it (their tags too): a domain made again later starts with the root alone.
      for (const group of await tx.listPackageGroups(scope, name))
        await tx.deleteAllTags(packageGroupArnOf(scope, name, group.pattern));
      await tx.deleteDomainPackageGroups(scope, name);
      await tx.deleteDomain(scope, name);
      await tx.deleteAllTags(view.arn);
      await tx.deleteResourcePolicy(view.arn); // a domain made again later starts without it
      return { ...view, status: 'Deleted' };
    });
  }
}
