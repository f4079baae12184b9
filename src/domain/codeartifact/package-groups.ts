// CodeArtifact package groups (the ten operations of the model): a group is a pattern within a domain with
// contact info, a description and origin controls (PUBLISH, EXTERNAL_UPSTREAM, INTERNAL_UPSTREAM, each ALLOW,
// BLOCK, ALLOW_SPECIFIC_REPOSITORIES or INHERIT). The root `/*` exists in every domain, implicitly until it is
// changed; it cannot be deleted or INHERIT. Parents are derived (package-groups/tree.ts), so deleting a group
// re-parents its children as AWS documents. Enforcement lives in the format core (package-groups/origin.ts).
// This class is the facade: scope, transaction and lookup per operation; the answers' shape is in
// package-groups/views.ts, the origin-configuration update in origin-configuration.ts, the package scan in
// associated.ts.
import type {
  OriginRestrictionType,
  PackageGroupRecord,
  PackagePathCursor,
  Scope,
  TagRecord,
} from '../../store/records.js';
import type { CatalogTx, Store, TagTx } from '../../store/store.js';
import type { Caller } from '../shared/caller.js';
import { ownedScope } from '../shared/caller.js';
import { conflict, invalid } from '../shared/errors.js';
import { domainArn, packageGroupArn } from './arns.js';
import { domainNotFound } from './domains.js';
import { formatOf } from './formats/index.js';
import { associatedPackages } from './package-groups/associated.js';
import {
  type AllowedUpdates,
  type OriginChange,
  checkOriginChange,
  updateAllowedRepositories,
} from './package-groups/origin-configuration.js';
import { type AssociationType, ROOT_PATTERN, parsePattern } from './package-groups/pattern.js';
import { GroupTree, implicitRoot } from './package-groups/tree.js';
import { type AssociatedPackageView, type PackageGroupView, groupView, requireGroup } from './package-groups/views.js';
import { checkTagLimit } from './tags.js';

type PackageGroupsTx = CatalogTx & TagTx;

export { packageGroupArn };
export type {
  AllowedRepository,
  AssociatedPackageView,
  GroupReference,
  PackageGroupView,
  RestrictionView,
} from './package-groups/views.js';

export class PackageGroups {
  constructor(private readonly store: Store<PackageGroupsTx>) {}

  private scopeFor(caller: Caller, owner: string | undefined, action: string, domain: string, pattern?: string) {
    const account = { accountId: owner ?? caller.accountId, region: caller.region };
    return ownedScope(
      caller,
      owner,
      `codeartifact:${action}`,
      pattern === undefined ? domainArn(account, domain) : packageGroupArn(account, domain, pattern),
    );
  }

  /** The domain's groups (with the implicit root) as a tree; 404 when the domain does not exist. */
  private async tree(tx: PackageGroupsTx, scope: Scope, domain: string): Promise<GroupTree> {
    const record = await tx.getDomain(scope, domain);
    if (!record) throw domainNotFound(scope, domain);
    return new GroupTree(await tx.listPackageGroups(scope, domain), implicitRoot(scope, domain, record.createdAt));
  }

  async create(
    caller: Caller,
    owner: string | undefined,
    domain: string,
    pattern: string,
    fields: { contactInfo?: string; description?: string; tags: TagRecord[] },
    now: number,
  ): Promise<PackageGroupView> {
    const scope = this.scopeFor(caller, owner, 'CreatePackageGroup', domain, pattern);
    const parsed = parsePattern(pattern);
    const arn = packageGroupArn(scope, domain, pattern);
    checkTagLimit(fields.tags, [], arn);
    return this.store.write(async (tx) => {
      const tree = await this.tree(tx, scope, domain);
      const record: PackageGroupRecord = {
        ...scope,
        domainName: domain,
        pattern,
        format: parsed.format ?? '',
        namespace: parsed.namespace,
        namespacePrefix: parsed.level === 'namespace-prefix',
        contactInfo: fields.contactInfo,
        description: fields.description,
        modes: { PUBLISH: 'INHERIT', EXTERNAL_UPSTREAM: 'INHERIT', INTERNAL_UPSTREAM: 'INHERIT' },
        createdAt: now,
      };
      if (tree.get(pattern) || !(await tx.insertPackageGroup(record)))
        throw conflict(
          'package-group',
          pattern,
          `Package group already exists. PackageGroup: ${pattern}, Domain: ${domain}, DomainOwner: ${scope.accountId}`,
        );
      if (fields.tags.length > 0) await tx.putTags(arn, fields.tags);
      const updated = await this.tree(tx, scope, domain);
      return groupView(tx, scope, updated, updated.get(pattern)!);
    });
  }

  async describe(
    caller: Caller,
    owner: string | undefined,
    domain: string,
    pattern: string,
  ): Promise<PackageGroupView> {
    const scope = this.scopeFor(caller, owner, 'DescribePackageGroup', domain, pattern);
    parsePattern(pattern);
    return this.store.read(async (tx) => {
      const tree = await this.tree(tx, scope, domain);
      return groupView(tx, scope, tree, requireGroup(tree, scope, domain, pattern));
    });
  }

  /** Writes the root's row the first time it changes (until then it is implicit). */
  private async persist(tx: PackageGroupsTx, record: PackageGroupRecord): Promise<void> {
    if (!(await tx.insertPackageGroup(record))) await tx.updatePackageGroup(record);
  }

  async update(
    caller: Caller,
    owner: string | undefined,
    domain: string,
    pattern: string,
    fields: { contactInfo?: string; description?: string },
  ): Promise<PackageGroupView> {
    const scope = this.scopeFor(caller, owner, 'UpdatePackageGroup', domain, pattern);
    parsePattern(pattern);
    return this.store.write(async (tx) => {
      const tree = await this.tree(tx, scope, domain);
      const node = requireGroup(tree, scope, domain, pattern);
      // AWS's UpdatePackageGroup sets what it is given; an absent member keeps its value.
      const record = {
        ...node.record,
        contactInfo: fields.contactInfo ?? node.record.contactInfo,
        description: fields.description ?? node.record.description,
      };
      await this.persist(tx, record);
      node.record = record;
      return groupView(tx, scope, tree, node);
    });
  }

  async delete(caller: Caller, owner: string | undefined, domain: string, pattern: string): Promise<PackageGroupView> {
    const scope = this.scopeFor(caller, owner, 'DeletePackageGroup', domain, pattern);
    if (pattern === ROOT_PATTERN)
      throw invalid(`The root package group ${ROOT_PATTERN} cannot be deleted (packageGroup).`);
    parsePattern(pattern);
    return this.store.write(async (tx) => {
      const tree = await this.tree(tx, scope, domain);
      const view = await groupView(tx, scope, tree, requireGroup(tree, scope, domain, pattern));
      await tx.deletePackageGroup(scope, domain, pattern);
      await tx.deleteAllTags(view.arn);
      return view;
    });
  }

  /** Groups by pattern; `prefix` keeps those whose pattern starts with it. */
  async list(
    caller: Caller,
    owner: string | undefined,
    domain: string,
    prefix: string | undefined,
    after: string | undefined,
    limit: number,
  ): Promise<PackageGroupView[]> {
    const scope = this.scopeFor(caller, owner, 'ListPackageGroups', domain);
    return this.store.read(async (tx) => {
      const tree = await this.tree(tx, scope, domain);
      const page = [...tree.nodes]
        .filter((n) => prefix === undefined || n.pattern.text.startsWith(prefix))
        .filter((n) => after === undefined || n.pattern.text > after)
        .sort((a, b) => (a.pattern.text < b.pattern.text ? -1 : 1))
        .slice(0, limit);
      return Promise.all(page.map((n) => groupView(tx, scope, tree, n)));
    });
  }

  async listChildren(
    caller: Caller,
    owner: string | undefined,
    domain: string,
    pattern: string,
    after: string | undefined,
    limit: number,
  ): Promise<PackageGroupView[]> {
    const scope = this.scopeFor(caller, owner, 'ListSubPackageGroups', domain, pattern);
    parsePattern(pattern);
    return this.store.read(async (tx) => {
      const tree = await this.tree(tx, scope, domain);
      const page = tree
        .children(requireGroup(tree, scope, domain, pattern))
        .filter((n) => after === undefined || n.pattern.text > after)
        .sort((a, b) => (a.pattern.text < b.pattern.text ? -1 : 1))
        .slice(0, limit);
      return Promise.all(page.map((n) => groupView(tx, scope, tree, n)));
    });
  }

  async updateOrigin(
    caller: Caller,
    owner: string | undefined,
    domain: string,
    pattern: string,
    change: OriginChange,
  ): Promise<{ group: PackageGroupView; updates: AllowedUpdates }> {
    const scope = this.scopeFor(caller, owner, 'UpdatePackageGroupOriginConfiguration', domain, pattern);
    parsePattern(pattern);
    checkOriginChange(pattern, change);
    return this.store.write(async (tx) => {
      const tree = await this.tree(tx, scope, domain);
      const node = requireGroup(tree, scope, domain, pattern);
      const record = { ...node.record, modes: { ...node.record.modes, ...change.restrictions } };
      await this.persist(tx, record);
      node.record = record;
      const updates = await updateAllowedRepositories(tx, scope, domain, pattern, change);
      return { group: await groupView(tx, scope, tree, node), updates };
    });
  }

  async listAllowed(
    caller: Caller,
    owner: string | undefined,
    domain: string,
    pattern: string,
    type: OriginRestrictionType,
    after: string | undefined,
    limit: number,
  ): Promise<string[]> {
    const scope = this.scopeFor(caller, owner, 'ListAllowedRepositoriesForGroup', domain, pattern);
    parsePattern(pattern);
    return this.store.read(async (tx) => {
      requireGroup(await this.tree(tx, scope, domain), scope, domain, pattern);
      return tx.listAllowedRepositories(scope, domain, pattern, type, after, limit);
    });
  }

  /** The group a package belongs to; the package need not exist. */
  async associated(
    caller: Caller,
    owner: string | undefined,
    domain: string,
    format: string,
    namespace: string | undefined,
    name: string,
  ): Promise<{ group: PackageGroupView; association: AssociationType }> {
    const scope = this.scopeFor(caller, owner, 'GetAssociatedPackageGroup', domain);
    const rules = formatOf(format);
    if (rules.namespace === 'none' && namespace) throw invalid(`namespace: ${format} packages have no namespace.`);
    const path = { format, namespace: namespace ?? '', name: rules.normalizeName(name) };
    return this.store.read(async (tx) => {
      const tree = await this.tree(tx, scope, domain);
      const { node, association } = tree.associated(path);
      return { group: await groupView(tx, scope, tree, node), association };
    });
  }

  /** Packages of the domain whose group this is (package-groups/associated.ts). */
  async listAssociated(
    caller: Caller,
    owner: string | undefined,
    domain: string,
    pattern: string,
    preview: boolean,
    after: PackagePathCursor | undefined,
    limit: number,
  ): Promise<AssociatedPackageView[]> {
    const scope = this.scopeFor(caller, owner, 'ListAssociatedPackages', domain, pattern);
    const parsed = parsePattern(pattern);
    return this.store.read(async (tx) =>
      associatedPackages(tx, scope, domain, await this.tree(tx, scope, domain), parsed, {
        pattern,
        preview,
        after,
        limit,
      }),
    );
  }
}
